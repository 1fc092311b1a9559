"""The pages of two-factor authentication: status, enrolment, the login's second step, new
recovery codes and turning it off."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from . import two_factor
from .forms import SetupForm, VerifyForm

#: Session key holding the key of an authenticator being set up, until it is confirmed.
SETUP_KEY = "two_factor_setup_key"


def next_url(request):
    """Where to go after a step: the ``next`` parameter if it is on this site, else My training."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def needs_verification(request):
    """Whether the user has a device but this session has not passed it (set up elsewhere)."""
    return two_factor.has_device(request.user) and not request.user.is_verified()


@login_required
def overview(request):
    user = request.user
    return render(
        request,
        "registration/two_factor_overview.html",
        {
            "has_device": two_factor.has_device(user),
            "required": two_factor.is_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@sensitive_post_parameters("token")
@login_required
def setup(request):
    """Show a new authenticator key as a QR code; a correct code from it confirms it."""
    if two_factor.has_device(request.user):
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("two_factor_overview")
    hex_key = request.session.get(SETUP_KEY) or random_hex()
    request.session[SETUP_KEY] = hex_key
    form = SetupForm(hex_key, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, codes = two_factor.enrol(request.user, hex_key)
        del request.session[SETUP_KEY]
        two_factor.complete(request, device)
        return render_recovery_codes(request, codes)
    draft = TOTPDevice(user=request.user, key=hex_key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            # Sized by a viewBox only, so the stylesheet can shrink it to a narrow screen.
            "qr_svg": segno.make(draft.config_url, error="m").svg_inline(
                scale=5, omitsize=True, title=_("QR code of your authenticator key")
            ),
            "secret": b32encode(draft.bin_key).decode(),
            "next": next_url(request),
        },
    )


@sensitive_post_parameters("token")
@login_required
def verify(request):
    """The login's second step, for a user whose session has a device to pass."""
    if request.session.get(two_factor.PENDING) != two_factor.VERIFY and not needs_verification(
        request
    ):
        return redirect(next_url(request))
    form = VerifyForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor.complete(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. You have %(count)d left.",
                    "You used a recovery code. You have %(count)d left.",
                    left,
                )
                % {"count": left},
            )
        return redirect(next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": next_url(request)}
    )


@login_required
@require_POST
def recovery_codes(request):
    """Replace the user's recovery codes and show the new ones, this once."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_overview")
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    return render_recovery_codes(request, two_factor.new_recovery_codes(request.user))


@login_required
@require_POST
def turn_off(request):
    """Remove the user's devices, where their role does not require a second factor."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_overview")
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    if two_factor.is_required(request.user):
        messages.error(request, _("Your role requires two-factor authentication."))
        return redirect("two_factor_overview")
    two_factor.remove_devices(request.user)
    messages.success(request, _("Two-factor authentication is turned off."))
    return redirect("two_factor_overview")


def render_recovery_codes(request, codes):
    """The codes are in this one response only: browsers are told not to keep it."""
    response = render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": next_url(request)},
    )
    add_never_cache_headers(response)
    return response
