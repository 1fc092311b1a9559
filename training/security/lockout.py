"""django-axes, with a limit per account on top of its limit per account and address.

Axes locks an account for one client address after ``AXES_FAILURE_LIMIT`` wrong passwords, so
one attacker cannot keep guessing while the officer can still log in from elsewhere. Someone
guessing from many addresses would escape that, so this handler also locks the account itself
once ``AXES_ACCOUNT_FAILURE_LIMIT`` wrong passwords from anywhere fall within the cool-off time.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def account_failures(request, credentials):
    """Wrong passwords for the account in ``credentials`` within the cool-off time."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    since = timezone.now() - get_cool_off(request)
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def account_is_locked(request, credentials):
    return account_failures(request, credentials) >= settings.AXES_ACCOUNT_FAILURE_LIMIT


class AccountLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or account_is_locked(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and account_is_locked(request, credentials)
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials
