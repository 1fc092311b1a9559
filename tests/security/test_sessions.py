"""Sessions: a new key at login, gone at logout, ended after 30 idle minutes or 12 hours."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from training.security import sessions

MINUTE = 60
HOUR = 60 * MINUTE


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert settings.SESSION_COOKIE_AGE == 30 * MINUTE
    assert settings.TRAINING_SESSION_MAX_AGE == 12 * HOUR


def test_login_gives_a_new_session_key_and_stamps_the_time(client, officer):
    client.get(reverse("login"))
    set_session(client, anonymous_note="set before login")
    before = client.session.session_key
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    session = client.session
    assert session.session_key != before
    assert abs(session[sessions.LOGIN_AT] - sessions.now()) <= 2
    assert session[sessions.LAST_SEEN] == session[sessions.LOGIN_AT]


def test_logout_deletes_the_session(client, officer):
    client.force_login(officer)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not client.session.exists(key)


def test_a_session_idle_for_over_thirty_minutes_ends(client, officer):
    client.force_login(officer)
    set_session(client, **{sessions.LAST_SEEN: sessions.now() - 31 * MINUTE})
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "Your session has expired" in page


def test_a_session_in_use_lives_on_and_records_the_activity(client, officer):
    client.force_login(officer)
    stale = sessions.now() - 29 * MINUTE
    set_session(client, **{sessions.LAST_SEEN: stale})
    assert client.get(reverse("courses:my_training")).status_code == 200
    assert client.session[sessions.LAST_SEEN] > stale


def test_a_session_ends_twelve_hours_after_login_even_when_active(client, officer):
    client.force_login(officer)
    now = sessions.now()
    set_session(client, **{sessions.LOGIN_AT: now - 12 * HOUR - 1, sessions.LAST_SEEN: now})
    response = client.get(reverse("courses:my_training"))
    assert response.url.startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_a_recent_visit_does_not_rewrite_the_session(client, officer):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("courses:my_training"))
    writes = [
        q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
    ]
    assert not writes
