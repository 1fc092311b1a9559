"""Who must use a second factor, and the services that enrol, verify and remove one.

A user's second factor is a TOTP device (an authenticator app) plus a static device holding
single-use recovery codes, both from django-otp. Views, tests and the shell all go through the
functions here.
"""

from binascii import unhexlify

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Session key: what a signed-in user must still do before using the site.
PENDING = "two_factor_pending"
VERIFY = "verify"
ENROL = "enrol"

#: How many recovery codes a user gets at a time.
RECOVERY_CODE_COUNT = 10


def is_required(user):
    """Whether ``user`` must use a second factor.

    Everyone who can reach the Wagtail admin (trainers, auditors, training administrators, staff
    and superusers) when ``TRAINING_REQUIRE_2FA`` is on; officers too when
    ``TRAINING_REQUIRE_2FA_FOR_OFFICERS`` is on. Settings are read at call time.
    """
    if getattr(settings, "TRAINING_REQUIRE_2FA_FOR_OFFICERS", False):
        return True
    if not getattr(settings, "TRAINING_REQUIRE_2FA", True):
        return False
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


def has_device(user):
    return user_has_device(user, confirmed=True)


def pending_step(user):
    """The step a user who has just given their password must pass next, if any."""
    if has_device(user):
        return VERIFY
    if is_required(user):
        return ENROL
    return None


def token_is_valid_for_key(hex_key, token):
    """Whether ``token`` is the current code of a new authenticator whose key is ``hex_key``."""
    token = token.strip()
    if not token.isdigit():
        return False
    return TOTP(unhexlify(hex_key)).verify(int(token), tolerance=1)


@transaction.atomic
def enrol(user, hex_key):
    """Give ``user`` a confirmed authenticator with ``hex_key`` and fresh recovery codes.

    Any device the user had before is removed. Returns the TOTP device and the recovery codes,
    which are shown to the user once and kept only as django-otp stores them.
    """
    remove_devices(user)
    device = TOTPDevice.objects.create(
        user=user,
        name="Authenticator",
        key=hex_key,
        confirmed=True,
        # The code that confirmed the key cannot be used again to log in.
        last_t=TOTP(unhexlify(hex_key)).t(),
    )
    return device, new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace ``user``'s recovery codes with a new set and return it."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def verify(user, token):
    """The device that accepts ``token`` (an authenticator code or a recovery code), or None.

    Digits are checked against the authenticator, anything else against the recovery codes, so
    each attempt counts against one device's throttle. A recovery code is deleted when used.
    """
    token = token.replace(" ", "").strip().lower()
    if not token:
        return None
    model = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def complete(request, device):
    """Mark the session as having passed the second factor with ``device``."""
    otp_login(request, device)
    request.session.pop(PENDING, None)
