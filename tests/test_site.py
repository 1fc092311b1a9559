"""The site shell: home page, navigation, language switcher, error pages."""

import pytest
from django.urls import reverse

from .conftest import PASSWORD
from .factories import OfficerProfileFactory


def test_home_page_is_public_and_invites_login(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html
    assert f'href="{reverse("login")}"' in html
    assert 'dir="ltr"' in html


def test_navigation_offers_the_admin_only_to_roles_that_use_it(client, officer, trainer):
    client.force_login(officer)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(trainer)
    assert 'href="/admin/"' in client.get("/").content.decode()


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_language_switcher_changes_language_and_direction(client, db, language, direction):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_unknown_page_gets_a_helpful_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Go to the home page" in response.content.decode()


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_an_officer_sees_the_site_in_their_preferred_language(client, org_tree):
    officer = OfficerProfileFactory(unit=org_tree["north_1"], preferred_language="ar").user
    log_in(client, officer)
    assert '<html lang="ar" dir="rtl">' in client.get("/").content.decode()


def test_a_language_chosen_with_the_switcher_wins_over_the_profile(client, org_tree):
    officer = OfficerProfileFactory(unit=org_tree["north_1"], preferred_language="ar").user
    log_in(client, officer)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()
