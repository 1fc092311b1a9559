from django.contrib.auth.signals import user_logged_in

from . import sessions, two_factor


def start_secure_session(sender, request, user, **kwargs):
    """Stamp the new session's login time and note the second-factor step still to pass."""
    sessions.start(request.session)
    step = two_factor.pending_step(user)
    if step:
        request.session[two_factor.PENDING] = step


def connect():
    user_logged_in.connect(start_secure_session, dispatch_uid="training.security.login")
