from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from . import sessions, two_factor


class SessionLimitsMiddleware:
    """Log out a session that was idle too long or has outlived its absolute limit.

    Goes after the authentication and message middleware; the request then carries on as an
    anonymous one, so a protected page sends the user to log in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session:
            if sessions.has_expired(request.session):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
            else:
                sessions.touch(request.session)
        return self.get_response(request)


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``) that also holds a user who has
    given their password, but not yet their second factor, on the step they must pass.

    The step is decided once at login (``signals.start_secure_session``), so pages of users with
    nothing pending cost no query. Until it is passed the user can only log out, switch
    language or pass the step: a user with a device cannot enrol another one instead.
    """

    #: The view of each pending step, by URL name: the only other page the user may open.
    TARGETS = {two_factor.VERIFY: "two_factor_verify", two_factor.ENROL: "two_factor_setup"}
    ALWAYS_ALLOWED = {"logout", "wagtailadmin_logout", "set_language"}

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = request.session.get(two_factor.PENDING)
        if step not in self.TARGETS:
            return None
        name = request.resolver_match.view_name
        if name in self.ALWAYS_ALLOWED or name == self.TARGETS[step]:
            return None
        return redirect_to_login(request.get_full_path(), reverse(self.TARGETS[step]))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``TRAINING_ADMIN_CSP_UPDATE`` added and
    ``TRAINING_ADMIN_CSP_REPLACE`` replacing directives under the Wagtail admin, whose own
    templates still use inline scripts and style attributes."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**settings.TRAINING_ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**settings.TRAINING_ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts
