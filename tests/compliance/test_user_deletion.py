"""Deleting users in the Wagtail admin: an account with training records is refused (and
nothing is deleted), one without is deleted as before; no role but the superuser gets there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import issue_certificate
from compliance.user_deletion import users_with_training_records
from courses import services as course_services
from courses.models import CourseCompletion, Enrolment
from quizzes import services as quiz_services
from quizzes.models import Attempt, CategoryProgress
from tests.access_world import DENIED, LOGIN, outcome, recording_writes
from tests.courses.factories import build_course
from tests.factories import OfficerProfileFactory, UserFactory
from tests.quizzes.factories import CategoryFactory, QuizFactory, true_false

pytestmark = pytest.mark.django_db

User = get_user_model()

REFUSAL = "has training records"


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=[user.pk])


def bulk_delete_url(*users):
    url = reverse(
        "wagtail_bulk_action", args=(User._meta.app_label, User._meta.model_name, "delete")
    )
    return url + "?" + "&".join(f"id={user.pk}" for user in users)


def start_attempt(user):
    quiz = QuizFactory()
    true_false(quiz)
    return quiz_services.start_attempt(user, quiz)


def complete_course(user):
    course = build_course(modules=1, slug="rights")
    enrolment = course_services.enrol(user, course, source=Enrolment.Source.SELF)
    return course_services.complete_module(enrolment, course.modules()[0])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def officer_with_attempt(officer):
    start_attempt(officer)
    return officer


@pytest.fixture
def officer_without_records(org_tree):
    return OfficerProfileFactory(user__username="new-recruit", unit=org_tree["north_2"]).user


# Which users have training records


def make_attempt(user):
    start_attempt(user)


def make_category_progress(user):
    CategoryProgress.objects.create(user=user, category=CategoryFactory(), score=1, possible=2)


def make_enrolment(user):
    course_services.enrol(user, build_course(modules=1), source=Enrolment.Source.SELF)


def make_certificate(user):
    issue_certificate(complete_course(user))


@pytest.mark.parametrize(
    "make_record", [make_attempt, make_category_progress, make_enrolment, make_certificate]
)
def test_each_kind_of_training_record_counts(officer, other_officer, make_record):
    make_record(officer)

    assert users_with_training_records([officer.pk, other_officer.pk]) == {officer.pk}


def test_a_user_with_nothing_has_no_records(officer, trainer):
    assert users_with_training_records([officer.pk, trainer.pk]) == set()


# Deleting one user


def test_the_delete_page_of_a_user_with_records_says_to_deactivate_instead(
    admin_client, officer_with_attempt
):
    response = admin_client.get(delete_url(officer_with_attempt))

    assert response.status_code == 200
    content = response.content.decode()
    assert REFUSAL in content
    assert "Deactivate the account instead" in content
    assert reverse("wagtailusers_users:edit", args=[officer_with_attempt.pk]) in content
    assert "Yes, delete" not in content
    assert f'action="{delete_url(officer_with_attempt)}"' not in content


def test_deleting_a_user_with_attempts_is_refused_and_changes_nothing(
    admin_client, officer_with_attempt
):
    with recording_writes() as writes:
        response = admin_client.post(delete_url(officer_with_attempt))

    assert response.status_code == 409
    assert REFUSAL in response.content.decode()
    assert writes == []
    assert User.objects.filter(pk=officer_with_attempt.pk).exists()
    assert Attempt.objects.filter(user=officer_with_attempt).count() == 1


def test_deleting_a_certificate_holder_is_refused_and_keeps_the_records_linked(
    admin_client, officer
):
    certificate = issue_certificate(complete_course(officer))

    response = admin_client.post(delete_url(officer))

    assert response.status_code == 409
    certificate.refresh_from_db()
    assert certificate.user == officer
    assert CourseCompletion.objects.get(user=officer).enrolment.user == officer
    assert Certificate.objects.count() == 1


def test_an_inactive_user_with_records_is_told_there_is_nothing_more_to_do(
    admin_client, officer_with_attempt
):
    officer_with_attempt.is_active = False
    officer_with_attempt.save()

    content = admin_client.get(delete_url(officer_with_attempt)).content.decode()

    assert REFUSAL in content
    assert "already deactivated" in content


def test_a_user_without_records_is_deleted_as_before(admin_client, officer_without_records):
    confirmation = admin_client.get(delete_url(officer_without_records))
    assert "Yes, delete" in confirmation.content.decode()

    response = admin_client.post(delete_url(officer_without_records))

    assert response.status_code == 302
    assert not User.objects.filter(pk=officer_without_records.pk).exists()


# Deleting users in bulk


def test_a_bulk_delete_with_one_user_with_records_deletes_nobody(
    admin_client, officer_with_attempt, officer_without_records
):
    url = bulk_delete_url(officer_with_attempt, officer_without_records)

    with recording_writes() as writes:
        response = admin_client.post(url)

    assert response.status_code == 409
    content = response.content.decode()
    assert "1 of the selected users has training records" in content
    assert "Nothing has been deleted" in content
    assert "Set active state" in content
    assert reverse("wagtailusers_users:edit", args=[officer_with_attempt.pk]) in content
    assert reverse("wagtailusers_users:edit", args=[officer_without_records.pk]) not in content
    assert writes == []
    assert (
        User.objects.filter(pk__in=[officer_with_attempt.pk, officer_without_records.pk]).count()
        == 2
    )
    assert Attempt.objects.filter(user=officer_with_attempt).exists()


def test_a_bulk_delete_of_users_without_records_deletes_them(
    admin_client, officer_without_records, trainer
):
    response = admin_client.post(bulk_delete_url(officer_without_records, trainer))

    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[officer_without_records.pk, trainer.pk]).exists()


def test_other_bulk_actions_on_users_are_not_refused(admin_client, officer_with_attempt):
    url = reverse(
        "wagtail_bulk_action",
        args=(User._meta.app_label, User._meta.model_name, "set_active_state"),
    )
    response = admin_client.post(f"{url}?id={officer_with_attempt.pk}", {"mark_as_active": "False"})

    assert response.status_code == 302
    officer_with_attempt.refresh_from_db()
    assert not officer_with_attempt.is_active


# Who can reach the delete views


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", LOGIN),
        ("officer", DENIED),
        ("trainer", DENIED),
        ("auditor", DENIED),
        ("training administrator", DENIED),
    ],
)
@pytest.mark.parametrize("view", ["single", "bulk"])
def test_only_a_superuser_reaches_the_delete_views(
    client, role_users, officer_without_records, role, expected, view
):
    if role != "anonymous":
        client.force_login(role_users[role])
    if view == "single":
        url = delete_url(officer_without_records)
    else:
        url = bulk_delete_url(officer_without_records)

    for method in (client.get, client.post):
        response = method(url)
        assert outcome(response, authenticated=role != "anonymous") == expected, method
    assert User.objects.filter(pk=officer_without_records.pk).exists()
