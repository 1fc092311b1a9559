"""Officers log in, out and change their password on the public site."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils.html import format_html
from laces.components import Component
from wagtail import hooks

from .conftest import PASSWORD


def test_login_page_has_labelled_fields(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor", "training administrator"])
def test_each_role_logs_in_on_the_public_site_and_lands_on_my_training(client, role_users, role):
    user = role_users[role]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("courses:my_training")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_message(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_logout_needs_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_change_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_officer_changes_their_password(client, officer):
    client.force_login(officer)
    new_password = "a much longer passphrase 42"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new_password)


def test_a_weak_new_password_is_refused_and_nothing_changes(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_anonymous_visitor_is_sent_to_login_from_my_training(client, db):
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('courses:my_training')}"


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor", "training administrator"])
def test_my_training_shows_each_role_their_own_page(client, role_users, role):
    user = role_users[role]
    client.force_login(user)
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 200
    assert user.get_full_name() in response.content.decode()


def test_my_training_shows_an_empty_state_without_courses(client, officer):
    client.force_login(officer)
    response = client.get(reverse("courses:my_training"))
    assert "You have no courses yet" in response.content.decode()


def test_other_apps_add_panels_to_my_training_through_a_hook(client, officer):
    class Greeting(Component):
        def render_html(self, parent_context=None):
            return format_html("<section>{}</section>", "Panel from another app")

    client.force_login(officer)
    with hooks.register_temporarily("courses_my_training_panels", lambda request: Greeting()):
        html = client.get(reverse("courses:my_training")).content.decode()
    assert "<section>Panel from another app</section>" in html
