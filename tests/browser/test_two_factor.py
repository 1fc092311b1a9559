"""Two-factor authentication in a real browser, on a phone: a trainer (whose role requires it)
sets up an authenticator from the key the page shows, keeps the recovery codes, and logs in
again with a wrong code, a right one and a recovery code, which works once. Then the pages at
320 px: no horizontal scrolling, no serious axe violation, and a QR code that still scans."""

import re
import subprocess
import time
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.system_tools import require_tool

from . import test_accessibility
from .support import PHONE, new_page
from .test_accessibility import NARROW, axe_violations, describe, needs_axe

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


#: axe-core's script, as the accessibility tests find it (or skip, or fail in CI, without it).
axe_script = test_accessibility.axe_script


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.TRAINING_REQUIRE_2FA = True
    settings.TRAINING_REQUIRE_2FA_FOR_OFFICERS = False


def enrolment_code(secret):
    """The code an authenticator app shows now for the key ``secret`` (base 32, as displayed)."""
    return f"{totp(b32decode(secret)):06d}"


def next_login_code(secret, user):
    """The code an app shows for the next time step not used yet: a code is accepted once, so
    one from the time step of the last login (or of the enrolment) would be refused."""
    key = b32decode(secret)
    device = TOTPDevice.objects.get(user=user)
    ahead = max(0, device.last_t + 1 - TOTP(key).t())
    return f"{totp(key, drift=ahead):06d}"


def wrong_code(secret):
    return f"{(int(enrolment_code(secret)) + 500_000) % 1_000_000:06d}"


def wait_out_throttle(model, user):
    """django-otp refuses any code, right or wrong, for a while after a wrong one: wait it out
    as a user would."""
    for device in model.objects.filter(user=user):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            time.sleep(max(0.0, (data["locked_until"] - timezone.now()).total_seconds()) + 0.2)


def scan_qr_code(page, tmp_path):
    """What a phone's camera reads from the QR code as the browser draws it."""
    require_tool("zbarimg", "zbar-tools")
    image = tmp_path / "qr.png"
    page.get_by_role("img", name="QR code of your authenticator key").screenshot(path=image)
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def password_step(page, url, user, *, button="Log in"):
    page.goto(url)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()


def log_out(page, base_url):
    page.goto(f"{base_url}/my-training/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()


def assert_no_horizontal_scrolling(page, viewport=PHONE):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], (
        f"{page.url} is {width} px wide on a {viewport['width']} px screen"
    )


def assert_code_field(field, *, numeric):
    """The code field is labelled, focused, and lets the phone fill in or type a one-time code."""
    expect(field).to_be_focused()
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    if numeric:
        expect(field).to_have_attribute("inputmode", "numeric")
    else:
        # Recovery codes have letters: a numeric keypad could not type them.
        expect(field).not_to_have_attribute("inputmode", "numeric")
    expect(field).to_have_accessible_description(
        "The six digits your authenticator app shows, or one of your recovery codes."
        if not numeric
        else "Six digits, which change every 30 seconds."
    )


def test_a_trainer_sets_up_two_factor_and_logs_in_with_codes_on_a_phone(
    browser, live_server, trainer
):
    base = live_server.url
    page = new_page(browser, PHONE)

    # The password alone leads to setting up an authenticator, before any other page.
    password_step(page, f"{base}/accounts/login/", trainer)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_text("Your role requires a second step at login.")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of your authenticator key")).to_be_visible()
    assert_no_horizontal_scrolling(page)
    page.goto(f"{base}/my-training/")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()

    # The key as the page shows it, typed into an "app": its code confirms the authenticator.
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    field = page.get_by_label("Code from your authenticator app")
    assert_code_field(field, numeric=True)
    field.fill(wrong_code(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(page.get_by_text("That code does not match.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("That code does not match."))
    assert not TOTPDevice.objects.filter(user=trainer).exists()

    field = page.get_by_label("Code from your authenticator app")
    expect(field).to_be_focused()
    field.fill(enrolment_code(secret))
    page.keyboard.press("Enter")

    # Ten recovery codes, once; then on to My training.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert_no_horizontal_scrolling(page)
    page.get_by_role("link", name="I have saved my codes, continue").click()
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
    assert TOTPDevice.objects.get(user=trainer).confirmed

    # Next login, through the Wagtail admin: the code is asked for; a wrong one is refused.
    log_out(page, base)
    password_step(page, f"{base}/admin/login/", trainer, button="Sign in")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_no_horizontal_scrolling(page)
    field = page.get_by_label("Code:", exact=True)
    assert_code_field(field, numeric=False)
    field.fill(wrong_code(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(page.get_by_text("That code is not valid.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("That code is not valid."))
    expect(field).to_be_focused()
    page.goto(f"{base}/admin/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()

    # The right code lets them into the admin they were going to.
    wait_out_throttle(TOTPDevice, trainer)
    page.get_by_label("Code:", exact=True).fill(next_login_code(secret, trainer))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/admin/")

    # A recovery code instead of the app: it works, and says how many are left...
    log_out(page, base)
    password_step(page, f"{base}/accounts/login/", trainer)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code:", exact=True).fill(codes[0].upper())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You used a recovery code. You have 9 left.")

    # ...once: the same code is refused next time, another one still works.
    log_out(page, base)
    password_step(page, f"{base}/accounts/login/", trainer)
    page.get_by_label("Code:", exact=True).fill(codes[0])
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code is not valid.")).to_be_visible()
    wait_out_throttle(StaticDevice, trainer)
    page.get_by_label("Code:", exact=True).fill(codes[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You have 8 left.")


@needs_axe
def test_the_two_factor_pages_pass_axe_and_fit_320_pixels_with_a_readable_qr_code(
    browser, live_server, trainer, axe_script, tmp_path
):
    base = live_server.url
    page = new_page(browser, NARROW)
    failures = []

    def check(name):
        assert_no_horizontal_scrolling(page, NARROW)
        if violations := axe_violations(page, axe_script):
            failures.append(describe(name, violations))

    password_step(page, f"{base}/accounts/login/", trainer)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    check("set-up")

    # The QR code, shrunk to the screen, still scans to the key the page shows in text.
    uri = urlsplit(scan_qr_code(page, tmp_path))
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert uri.path == "/Police%20human-rights%20training%3Atrainer"
    secret = parse_qs(uri.query)["secret"][0]
    assert secret == page.locator(".secret-key").inner_text().replace(" ", "")

    page.get_by_label("Code from your authenticator app").fill(wrong_code(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code does not match.")).to_be_visible()
    check("set-up with a wrong code")
    page.get_by_label("Code from your authenticator app").fill(enrolment_code(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    check("recovery codes")

    log_out(page, base)
    password_step(page, f"{base}/accounts/login/", trainer)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    check("verify")
    page.get_by_label("Code:", exact=True).fill(wrong_code(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code is not valid.")).to_be_visible()
    check("verify with a wrong code")

    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
