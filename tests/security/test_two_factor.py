"""Two-factor authentication: who must use it, enrolment, the login's second step and recovery
codes, through the real login form and the real TOTP algorithm."""

import time
from binascii import unhexlify
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from training.security import two_factor

PRIVILEGED = ["trainer", "auditor", "training administrator"]


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.TRAINING_REQUIRE_2FA = True
    settings.TRAINING_REQUIRE_2FA_FOR_OFFICERS = False


def log_in(client, user, **extra):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302, "the password step should pass"
    return response


def give_device(user):
    """A confirmed authenticator, as enrolment leaves it; returns its key."""
    key = random_hex()
    TOTPDevice.objects.create(user=user, name="Authenticator", key=key, confirmed=True)
    return key


def code_for(key):
    return f"{totp(unhexlify(key)):06d}"


def protected_urls():
    return [reverse("courses:my_training"), reverse("wagtailadmin_home")]


def assert_held_at(client, view_name):
    for url in protected_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(view_name) + "?next="), response.url


@pytest.mark.parametrize("role", PRIVILEGED)
def test_a_role_that_requires_it_is_sent_to_set_it_up_before_anything_else(
    client, role_users, role
):
    log_in(client, role_users[role])
    assert_held_at(client, "two_factor_setup")
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_superusers_and_staff_must_set_it_up_too(client, db):
    for user in (
        UserFactory(username="root", is_superuser=True),
        UserFactory(username="staff", is_staff=True),
    ):
        log_in(client, user)
        assert_held_at(client, "two_factor_setup")
        client.post(reverse("logout"))


def test_the_login_redirects_a_held_user_to_the_step_keeping_where_they_were_going(client, trainer):
    response = log_in(client, trainer, next="/admin/")
    assert response.url == "/admin/"
    response = client.get(response.url)
    assert response.url == f"{reverse('two_factor_setup')}?next=/admin/"


def test_a_held_user_can_still_log_out(client, trainer):
    log_in(client, trainer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_it_is_optional_for_officers(client, officer):
    log_in(client, officer)
    assert client.get(reverse("courses:my_training")).status_code == 200
    overview = client.get(reverse("two_factor_overview")).content.decode()
    assert "Two-factor authentication is off" in overview


def test_a_setting_makes_it_required_for_officers(client, officer, settings):
    settings.TRAINING_REQUIRE_2FA_FOR_OFFICERS = True
    log_in(client, officer)
    response = client.get(reverse("courses:my_training"))
    assert response.url.startswith(reverse("two_factor_setup"))


def test_the_demo_setting_lets_privileged_roles_in_with_a_password_alone(client, trainer, settings):
    settings.TRAINING_REQUIRE_2FA = False
    log_in(client, trainer)
    assert client.get(reverse("courses:my_training")).status_code == 200


def test_enrolment_with_a_real_code_sets_up_the_device_and_shows_recovery_codes_once(
    client, trainer
):
    log_in(client, trainer, next="/admin/")
    page = client.get(reverse("two_factor_setup") + "?next=/admin/")
    assert "<svg" in page.content.decode()
    key = client.session["two_factor_setup_key"]

    wrong = client.post(reverse("two_factor_setup"), {"token": "000000", "next": "/admin/"})
    assert "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=trainer).exists()

    response = client.post(reverse("two_factor_setup"), {"token": code_for(key), "next": "/admin/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = [token.token for token in StaticDevice.objects.get(user=trainer).token_set.all()]
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    html = response.content.decode()
    assert all(code in html for code in codes)
    assert 'href="/admin/"' in html
    assert TOTPDevice.objects.get(user=trainer).confirmed
    assert client.session[DEVICE_ID_SESSION_KEY]
    assert client.get("/admin/").status_code == 200

    again = client.get(reverse("two_factor_setup"))
    assert again.url == reverse("two_factor_overview")


@pytest.mark.parametrize("role", [*PRIVILEGED, "officer"])
def test_a_user_with_a_device_must_pass_the_code_step_after_the_password(client, role_users, role):
    user = role_users[role]
    key = give_device(user)
    log_in(client, user)
    assert_held_at(client, "two_factor_verify")

    wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})
    assert wrong.status_code == 200
    assert "That code is not valid" in wrong.content.decode()
    assert_held_at(client, "two_factor_verify")

    # A wrong code throttles the device for a second; wait it out rather than fake the clock.
    time.sleep(1.1)
    response = client.post(
        reverse("two_factor_verify"),
        {"token": code_for(key), "next": reverse("courses:my_training")},
    )
    assert response.status_code == 302
    assert response.url == reverse("courses:my_training")
    assert client.get(reverse("courses:my_training")).status_code == 200


def test_a_password_alone_cannot_replace_the_device(client, trainer):
    give_device(trainer)
    log_in(client, trainer)
    response = client.get(reverse("two_factor_setup"))
    assert response.url.startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_turn_off"))
    assert response.url.startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


def test_a_code_from_another_site_redirect_is_not_followed(client, officer):
    key = give_device(officer)
    log_in(client, officer)
    response = client.post(
        reverse("two_factor_verify"), {"token": code_for(key), "next": "https://evil.example/"}
    )
    assert response.url == reverse("courses:my_training")


def test_a_recovery_code_works_once(client, officer):
    _device, codes = two_factor.enrol(officer, random_hex())
    log_in(client, officer)
    response = client.post(reverse("two_factor_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    page = client.get(reverse("courses:my_training"))
    assert page.status_code == 200
    assert "You used a recovery code. You have 9 left." in page.content.decode()
    client.post(reverse("logout"))

    log_in(client, officer)
    reused = client.post(reverse("two_factor_verify"), {"token": codes[0]})
    assert reused.status_code == 200
    assert "That code is not valid" in reused.content.decode()
    assert_held_at(client, "two_factor_verify")
    time.sleep(1.1)
    assert client.post(reverse("two_factor_verify"), {"token": codes[1]}).status_code == 302
    assert two_factor.recovery_codes_left(officer) == two_factor.RECOVERY_CODE_COUNT - 2


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    _device, old_codes = two_factor.enrol(officer, random_hex())
    log_in(client, officer)
    client.post(reverse("two_factor_verify"), {"token": old_codes[0]})
    response = client.post(reverse("two_factor_recovery_codes"))
    assert response.status_code == 200
    new_codes = set(
        StaticDevice.objects.get(user=officer).token_set.values_list("token", flat=True)
    )
    assert new_codes.isdisjoint(old_codes)
    assert all(code in response.content.decode() for code in new_codes)


def test_an_officer_may_turn_it_off_but_a_trainer_may_not(client, officer, trainer):
    for user, allowed in ((officer, True), (trainer, False)):
        _device, codes = two_factor.enrol(user, random_hex())
        log_in(client, user)
        client.post(reverse("two_factor_verify"), {"token": codes[0]})
        client.post(reverse("two_factor_turn_off"))
        assert two_factor.has_device(user) is not allowed
        client.post(reverse("logout"))


def test_enrolment_sets_the_device_past_the_code_used_to_confirm_it(officer):
    key = random_hex()
    device, _codes = two_factor.enrol(officer, key)
    assert device.last_t == TOTP(unhexlify(key)).t()


def test_an_administrator_resets_a_lost_device_from_the_command_line(client, trainer):
    two_factor.enrol(trainer, random_hex())
    out = StringIO()
    call_command("reset_two_factor", "trainer", stdout=out)
    assert "Removed the two-factor devices of trainer" in out.getvalue()
    assert not two_factor.has_device(trainer)
    log_in(client, trainer)
    assert_held_at(client, "two_factor_setup")


def test_resetting_an_unknown_user_or_one_without_a_device_says_so(trainer):
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("reset_two_factor", "nobody")
    with pytest.raises(CommandError, match="trainer has no two-factor device"):
        call_command("reset_two_factor", "trainer")


def test_the_wagtail_admin_login_leads_to_the_same_code_step(client, auditor):
    key = give_device(auditor)
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "auditor", "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.url.startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"token": code_for(key)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
