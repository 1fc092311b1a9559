"""Officers see their assigned courses with due dates and status in My training."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.courses.factories import build_course
from tests.courses.test_queries import MAX_OFFICER_PAGE_QUERIES

from .assignment_helpers import assign, complete_with_certificate

MY_TRAINING = reverse("courses:my_training")


@pytest.fixture
def today():
    return timezone.localdate()


def test_an_overdue_course_shows_its_due_date_and_is_marked_overdue(
    client, officer, org_tree, today
):
    course = build_course(modules=2, slug="rights")
    due_on = today - timedelta(days=3)
    assign(course, org_tree["north"], due_on=due_on, starts_on=today - timedelta(days=30))
    client.force_login(officer)

    content = client.get(MY_TRAINING).content.decode()

    assert "Due by" in content
    assert 'class="status--overdue">Overdue<' in content
    assert "Your assigned training" in content


def test_a_course_due_later_is_not_marked_overdue(client, officer, org_tree, today):
    course = build_course(modules=2, slug="rights")
    assign(course, org_tree["north"], due_on=today + timedelta(days=60), starts_on=today)
    client.force_login(officer)

    content = client.get(MY_TRAINING).content.decode()

    assert "Due by" in content
    assert "Overdue" not in content
    assert "Not started" in content


def test_a_completed_assigned_course_shows_until_when_it_counts(client, officer, org_tree, today):
    course = build_course(modules=1, slug="rights")
    assign(
        course,
        org_tree["north"],
        due_on=today + timedelta(days=5),
        starts_on=today,
        recertification_months=12,
    )
    complete_with_certificate(officer, course)
    client.force_login(officer)

    content = client.get(MY_TRAINING).content.decode()

    assert "Completed" in content
    assert "Counts until" in content
    assert "Overdue" not in content


def test_other_officers_assignments_are_not_shown(client, officer, other_officer, org_tree, today):
    course = build_course(modules=1, slug="rights")
    assign(
        course,
        org_tree["south"],
        due_on=today - timedelta(days=3),
        starts_on=today - timedelta(days=9),
    )
    client.force_login(officer)

    content = client.get(MY_TRAINING).content.decode()

    assert "Your assigned training" not in content
    assert "Overdue" not in content


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(MY_TRAINING).status_code == 200
    return len(captured)


def test_my_training_with_assignments_stays_within_budget(client, officer, org_tree, today):
    assign(build_course(modules=2, slug="one"), org_tree["north"], due_on=today, starts_on=today)
    client.force_login(officer)
    client.get(MY_TRAINING)
    one = queries(client)
    for number in range(4):
        course = build_course(modules=3, slug=f"more-{number}")
        assign(course, org_tree["north"], due_on=today, starts_on=today)
    assert queries(client) == one
    assert one <= MAX_OFFICER_PAGE_QUERIES
