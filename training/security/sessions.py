"""Session limits: a session ends after a spell of inactivity and, whatever happens, some hours
after the login that started it.

The idle limit is ``SESSION_COOKIE_AGE``; the absolute one is ``TRAINING_SESSION_MAX_AGE``
(seconds, both read at call time). The times are kept in the session as Unix timestamps.
"""

import time

from django.conf import settings

#: Session keys: when the user logged in, and when they were last seen.
LOGIN_AT = "login_at"
LAST_SEEN = "last_seen"

#: The last-seen time is written at most this often (seconds), so that a page view does not
#: always cost a session write; the idle limit is therefore exact to within this much.
LAST_SEEN_RESOLUTION = 60


def now():
    return int(time.time())


def start(session):
    """Stamp a session that has just been given a logged-in user."""
    session[LOGIN_AT] = session[LAST_SEEN] = now()


def has_expired(session):
    """Whether the logged-in session has been idle too long or has lived too long."""
    current = now()
    login_at = session.get(LOGIN_AT, current)
    last_seen = session.get(LAST_SEEN, current)
    return (
        current - last_seen > settings.SESSION_COOKIE_AGE
        or current - login_at > settings.TRAINING_SESSION_MAX_AGE
    )


def touch(session):
    """Record activity, writing the session only when the stored time is getting stale."""
    current = now()
    if LOGIN_AT not in session:
        session[LOGIN_AT] = current
    if current - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN] = current
