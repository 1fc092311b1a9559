"""Training administrators assign courses and attach auditors to units in the Wagtail admin."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from compliance.assignments.models import Assignment, OfficerAssignment
from compliance.jurisdiction import Jurisdiction
from compliance.ledger import LedgerEntry, actions
from courses.models import Enrolment
from tests.courses.factories import build_course, translate

from ..factories import OfficerProfileFactory, RankFactory, UserFactory
from .assignment_helpers import assign

ADD = reverse("compliance_assignments:add")
INDEX = reverse("compliance_assignments:index")
JURISDICTIONS = reverse("compliance_jurisdictions:index")


@pytest.fixture
def course(db):
    return build_course(modules=2, slug="rights")


@pytest.fixture
def north_officers(org_tree):
    return [
        OfficerProfileFactory(unit=org_tree[unit]).user
        for unit in ("north", "north_1", "north_1", "north_2")
    ]


def form_data(course, *units, **overrides):
    data = {
        "course": course.pk,
        "units": [unit.pk for unit in units],
        "starts_on": "2030-01-01",
        "due_on": "2030-03-31",
        "due_within_days": "",
        "recertification_months": "24",
    }
    data.update(overrides)
    return data


def test_creating_an_assignment_assigns_the_officers_of_the_unit_subtree(
    client, training_admin, org_tree, course, north_officers, other_officer
):
    client.force_login(training_admin)
    response = client.post(ADD, form_data(course, org_tree["north"]), follow=True)

    assert response.status_code == 200
    assert "Assigned to 4 officers." in response.content.decode()
    assignment = Assignment.objects.get()
    assert assignment.course_title == course.title
    assert assignment.created_by == training_admin
    obligations = OfficerAssignment.objects.filter(assignment=assignment)
    assert {row.user for row in obligations} == set(north_officers)
    assert {row.due_on for row in obligations} == {date(2030, 3, 31)}
    enrolments = Enrolment.objects.filter(course=course)
    assert {e.user for e in enrolments} == set(north_officers)
    assert {e.source for e in enrolments} == {Enrolment.Source.ASSIGNMENT}
    assert {e.due_on for e in enrolments} == {date(2030, 3, 31)}

    entry = LedgerEntry.objects.get(action=actions.ASSIGN)
    assert entry.actor_id == training_admin.pk
    assert entry.details == {
        "assignment": assignment.pk,
        "course": course.title,
        "course_id": course.pk,
        "units": ["tp-n"],
        "ranks": [],
        "starts_on": "2030-01-01",
        "due_on": "2030-03-31",
        "due_within_days": None,
        "recertification_months": 24,
        "officers": 4,
    }
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=training_admin).exists()


def test_ranks_narrow_the_assignment(client, training_admin, org_tree, course):
    sergeant = RankFactory(name="Sergeant", seniority=20)
    chosen = OfficerProfileFactory(unit=org_tree["north_1"], rank=sergeant).user
    OfficerProfileFactory(unit=org_tree["north_1"])  # a constable
    client.force_login(training_admin)
    data = form_data(course, org_tree["agency"], ranks=[sergeant.pk])

    response = client.post(ADD, data, follow=True)

    assert "Assigned to 1 officer." in response.content.decode()
    assert [row.user for row in OfficerAssignment.objects.all()] == [chosen]


def test_editing_an_assignment_resyncs_and_is_recorded(
    client, training_admin, org_tree, course, north_officers, other_officer
):
    assignment = assign(course, org_tree["north"], due_on=date(2030, 3, 31))
    client.force_login(training_admin)
    edit = reverse("compliance_assignments:edit", args=[assignment.pk])

    data = form_data(course, org_tree["south"], due_on="", due_within_days="60")
    response = client.post(edit, data, follow=True)

    assert "Assigned to 1 officer." in response.content.decode()
    assert [row.user for row in assignment.officer_assignments.all()] == [other_officer]
    # The north officers are no longer asked to complete the course by a date.
    assert not Enrolment.objects.filter(user__in=north_officers, due_on__isnull=False).exists()
    entry = LedgerEntry.objects.get(action=actions.ASSIGNMENT_CHANGE)
    assert entry.details["units"] == ["tp-s"]
    assert entry.details["due_within_days"] == 60
    assert entry.actor_id == training_admin.pk


def test_deleting_an_assignment_removes_obligations_but_keeps_enrolments(
    client, training_admin, org_tree, course, north_officers
):
    assignment = assign(course, org_tree["north"])
    client.force_login(training_admin)

    response = client.post(reverse("compliance_assignments:delete", args=[assignment.pk]))

    assert response.status_code == 302
    assert not Assignment.objects.exists()
    assert not OfficerAssignment.objects.exists()
    assert Enrolment.objects.filter(course=course).count() == len(north_officers)
    assert not Enrolment.objects.filter(due_on__isnull=False).exists()
    entry = LedgerEntry.objects.get(action=actions.ASSIGNMENT_DELETE)
    assert entry.details["units"] == ["tp-n"]
    assert entry.actor_id == training_admin.pk


@pytest.mark.parametrize(
    ("due_on", "due_within_days"),
    [("2030-03-31", "60"), ("", "")],
    ids=["both due rules", "no due rule"],
)
def test_an_assignment_needs_exactly_one_due_rule(
    client, training_admin, org_tree, course, north_officers, due_on, due_within_days
):
    client.force_login(training_admin)
    data = form_data(course, org_tree["north"], due_on=due_on, due_within_days=due_within_days)

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert (
        "Give a due date or a number of days to complete the course: one of the two."
        in response.content.decode()
    )
    assert not Assignment.objects.exists()
    assert not Enrolment.objects.exists()
    assert not LedgerEntry.objects.filter(action=actions.ASSIGN).exists()


def test_a_due_date_before_the_start_is_refused(client, training_admin, org_tree, course):
    client.force_login(training_admin)
    response = client.post(ADD, form_data(course, org_tree["north"], due_on="2029-12-31"))

    assert response.status_code == 200
    assert "The due date is before the start date." in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_course_must_be_a_course_page(client, training_admin, org_tree, course):
    client.force_login(training_admin)
    module = course.modules().first()
    response = client.post(ADD, form_data(module, org_tree["north"]))

    assert response.status_code == 200
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor"])
def test_other_roles_cannot_manage_assignments(client, role_users, role, org_tree, course):
    assignment = assign(course, org_tree["north"])
    client.force_login(role_users[role])
    urls = [
        INDEX,
        ADD,
        reverse("compliance_assignments:edit", args=[assignment.pk]),
        reverse("compliance_assignments:delete", args=[assignment.pk]),
        JURISDICTIONS,
        reverse("compliance_jurisdictions:add"),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
    response = client.post(ADD, form_data(course, org_tree["south"]))
    assert response.status_code in (302, 403)
    client.post(reverse("compliance_assignments:delete", args=[assignment.pk]))
    assert list(Assignment.objects.all()) == [assignment]
    assert not LedgerEntry.objects.filter(action__startswith="compliance.assign").exists()


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_listing_shows_course_units_due_rule_and_officers(
    client, training_admin, org_tree, course, north_officers
):
    assign(course, org_tree["north"], due_within_days=60, due_on=None)
    client.force_login(training_admin)

    content = client.get(INDEX).content.decode()

    assert course.title in content
    assert "North" in content
    assert "Within 60 days" in content
    assert ">4<" in content.replace(" ", "").replace("\n", "")


def listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_listing_runs_the_same_queries_for_2_or_10_assignments(
    client, training_admin, org_tree, course, north_officers
):
    client.force_login(training_admin)
    rank = RankFactory(name="Sergeant")
    for _ in range(2):
        assign(course, org_tree["north"], org_tree["south"], ranks=[rank])
    client.get(INDEX)
    two = listing_queries(client, INDEX)
    for _ in range(8):
        assign(course, org_tree["north_1"], org_tree["south"], ranks=[rank])
    assert listing_queries(client, INDEX) == two


def test_a_jurisdiction_attaches_an_auditor_to_a_unit(client, training_admin, auditor, org_tree):
    client.force_login(training_admin)

    response = client.post(
        reverse("compliance_jurisdictions:add"),
        {"user": auditor.pk, "unit": org_tree["north"].pk},
        follow=True,
    )

    assert response.status_code == 200
    assert Jurisdiction.objects.get().unit == org_tree["north"]
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=training_admin).exists()


def test_only_auditors_can_be_given_a_jurisdiction(client, training_admin, trainer, org_tree):
    client.force_login(training_admin)

    response = client.post(
        reverse("compliance_jurisdictions:add"),
        {"user": trainer.pk, "unit": org_tree["north"].pk},
    )

    assert response.status_code == 200
    assert not Jurisdiction.objects.exists()


def test_the_jurisdiction_listing_runs_the_same_queries_for_2_or_10_rows(
    client, training_admin, org_tree
):
    client.force_login(training_admin)
    units = list(org_tree.values())
    for number in range(2):
        Jurisdiction.objects.create(
            user=UserFactory(username=f"auditor-{number}", role="Auditor"), unit=units[number]
        )
    client.get(JURISDICTIONS)
    two = listing_queries(client, JURISDICTIONS)
    for number in range(2, 10):
        Jurisdiction.objects.create(
            user=UserFactory(username=f"auditor-{number}", role="Auditor"),
            unit=units[number % len(units)],
        )
    assert listing_queries(client, JURISDICTIONS) == two


@pytest.mark.parametrize(
    ("role", "shown"), [("training administrator", True), ("auditor", False), ("trainer", False)]
)
def test_the_compliance_menu_lists_assignments_for_administrators_only(
    client, role_users, role, shown
):
    client.force_login(role_users[role])
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Course assignments" in content) is shown
    assert ("Jurisdictions" in content) is shown


def test_a_translation_of_a_course_cannot_be_assigned(
    client, training_admin, org_tree, course, north_officers
):
    # Training records point at the course in the default language; a translation is refused.
    french = translate(course, "fr")
    client.force_login(training_admin)

    response = client.post(ADD, form_data(french, org_tree["north"]))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()
