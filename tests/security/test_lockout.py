"""Login throttling with django-axes: a lock per account and address, and one per account."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.conftest import PASSWORD


def attempt(client, username, password, address="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="10.0.0.1", url=None):
    return [attempt(client, username, "wrong", address, url) for _ in range(times)]


def test_the_limits_are_five_per_account_and_address_and_a_hundred_per_account_an_hour():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_ACCOUNT_FAILURE_LIMIT == 100
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 3600


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, officer):
    responses = fail(client, "officer", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    locked = responses[4]
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed logins" in html
    assert "This account is locked for 60 minutes" in html


def test_the_right_password_is_refused_during_the_lock_out(client, officer):
    fail(client, "officer", 5)
    response = attempt(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lock_out_holds_the_attacker_not_the_officer_elsewhere(client, officer):
    fail(client, "officer", 5, address="10.0.0.66")
    response = attempt(client, "officer", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_a_successful_login_clears_the_count(client, officer):
    fail(client, "officer", 4)
    assert attempt(client, "officer", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert [r.status_code for r in fail(client, "officer", 4)] == [200] * 4


def test_wrong_passwords_from_many_addresses_lock_the_account_everywhere(client, officer):
    per_address = settings.AXES_FAILURE_LIMIT - 1
    limit = settings.AXES_ACCOUNT_FAILURE_LIMIT
    for n in range(limit // per_address):
        fail(client, "officer", per_address, address=f"10.1.{n // 250}.{n % 250}")
    response = attempt(client, "officer", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("url_name", ["login", "wagtailadmin_login"])
def test_both_login_forms_are_throttled(client, trainer, url_name):
    fail(client, "trainer", 5, url=reverse(url_name))
    response = attempt(client, "trainer", PASSWORD, url=reverse(url_name))
    assert response.status_code == 429
