"""The compliance dashboard: the numbers match the obligations, each viewer sees exactly their
jurisdiction, transcripts are recorded in the ledger, and pages cost a fixed number of queries."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.assignments.models import OfficerAssignment
from compliance.jurisdiction import Jurisdiction
from compliance.ledger import actions
from compliance.ledger.models import LedgerEntry
from compliance.models import OfficerProfile
from tests.courses.factories import build_course
from tests.quizzes.factories import QuizFactory, take_quiz, true_false

from ..factories import OfficerProfileFactory, OrgUnitFactory, RankFactory
from .assignment_helpers import assign, complete_with_certificate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def dashboard(unit=None):
    if unit is None:
        return reverse("compliance_dashboard")
    return reverse("compliance_dashboard_unit", args=[unit.pk])


def proficiency(unit):
    return reverse("compliance_proficiency_unit", args=[unit.pk])


def officers(unit):
    return reverse("compliance_officers", args=[unit.pk])


def transcript(user):
    return reverse("compliance_transcript", args=[user.pk])


@pytest.fixture
def course():
    return build_course(modules=1, slug="rights")


@pytest.fixture
def north_auditor(auditor, org_tree):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    return auditor


def set_obligation(user, **values):
    OfficerAssignment.objects.filter(user=user).update(**values)


@pytest.fixture
def seeded(org_tree, course):
    """Officers in every state, under one assignment due in 60 days.

    north_1: completed, overdue; north_2: completed and expiring in 20 days, not started;
    south_1: overdue.
    """
    people = {
        name: OfficerProfileFactory(
            user__username=name, user__last_name=name, unit=org_tree[unit]
        ).user
        for name, unit in [
            ("done", "north_1"),
            ("late", "north_1"),
            ("expiring", "north_2"),
            ("fresh", "north_2"),
            ("southern", "south_1"),
        ]
    }
    assign(course, org_tree["agency"], due_on=TODAY + timedelta(60), starts_on=TODAY)
    complete_with_certificate(people["done"], course)
    complete_with_certificate(people["expiring"], course)
    set_obligation(people["expiring"], valid_until=TODAY + timedelta(20))
    set_obligation(people["late"], due_on=TODAY - timedelta(3))
    set_obligation(people["southern"], due_on=TODAY - timedelta(3))
    return people


def rows_of(response):
    return {row.unit.code: row.totals for row in response.context["rows"]}


# The numbers


def test_the_top_of_an_auditors_jurisdiction_counts_its_whole_subtree(
    client, north_auditor, seeded
):
    client.force_login(north_auditor)
    response = client.get(dashboard())
    assert response.status_code == 200
    totals = rows_of(response)["tp-n"]
    assert (totals.assigned, totals.completed, totals.overdue) == (4, 2, 1)
    assert totals.expiring_within == {30: 1, 60: 1, 90: 1}
    assert totals.completion_rate == 50.0
    assert list(rows_of(response)) == ["tp-n"]


def test_drilling_down_lists_the_sub_units(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(dashboard(org_tree["north"]))
    rows = rows_of(response)
    assert list(rows) == ["tp-n1", "tp-n2"]
    assert (rows["tp-n1"].assigned, rows["tp-n1"].completed, rows["tp-n1"].overdue) == (2, 1, 1)
    assert (rows["tp-n2"].assigned, rows["tp-n2"].completed, rows["tp-n2"].overdue) == (2, 1, 0)
    assert rows["tp-n2"].expiring_within[30] == 1
    content = response.content.decode()
    assert officers(org_tree["north_1"]) in content
    assert "<caption" in content and 'scope="row"' in content


def test_the_charts_are_inline_svg_with_their_numbers(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(dashboard(org_tree["north"]))
    completion = response.context["completion_chart"]
    assert [(bar.label, bar.value) for bar in completion.bars] == [
        ("North One", 50.0),
        ("North Two", 50.0),
    ]
    timeline = response.context["timeline_chart"]
    assert len(timeline.bars) == 12
    assert timeline.bars[-1].value == 2  # both completions of the north happened this month
    assert sum(bar.value for bar in timeline.bars) == 2
    content = response.content.decode()
    assert content.count('role="img"') == 2
    assert "<script" not in content.split('role="img"', 1)[1].split("</figure>", 1)[0]


def test_filters_narrow_the_numbers(client, north_auditor, seeded, org_tree, course):
    sergeant = RankFactory(name="Sergeant", seniority=20)
    seeded["late"].officer_profile.rank = sergeant
    seeded["late"].officer_profile.save()
    client.force_login(north_auditor)

    by_rank = rows_of(client.get(dashboard(), {"rank": sergeant.pk}))["tp-n"]
    assert (by_rank.assigned, by_rank.overdue) == (1, 1)

    by_due_date = rows_of(
        client.get(
            dashboard(),
            {"due_on_from": (TODAY - timedelta(10)).isoformat(), "due_on_to": TODAY.isoformat()},
        )
    )["tp-n"]
    assert by_due_date.assigned == 1

    other = build_course(modules=1, slug="other")
    assert rows_of(client.get(dashboard(), {"course": other.pk}))["tp-n"].assigned == 0
    assert rows_of(client.get(dashboard(), {"course": course.pk}))["tp-n"].assigned == 4


def test_a_bad_filter_is_named_and_filters_nothing(client, north_auditor, seeded):
    client.force_login(north_auditor)
    response = client.get(dashboard(), {"due_on_from": "not a date"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert rows_of(response)["tp-n"].assigned == 4


# Jurisdiction


@pytest.mark.parametrize("name", ["agency", "south", "south_1"])
def test_an_auditor_gets_404_for_units_outside_their_jurisdiction(
    client, north_auditor, seeded, org_tree, name
):
    client.force_login(north_auditor)
    assert client.get(dashboard(org_tree[name])).status_code == 404
    assert client.get(officers(org_tree[name])).status_code == 404


def test_an_auditor_gets_404_for_an_officer_outside_their_jurisdiction(
    client, north_auditor, seeded
):
    client.force_login(north_auditor)
    assert client.get(transcript(seeded["southern"])).status_code == 404
    assert not LedgerEntry.objects.filter(action=actions.TRANSCRIPT_VIEW).exists()


def test_query_parameters_do_not_widen_an_auditors_scope(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    south = org_tree["south"]
    response = client.get(dashboard(), {"unit": south.pk, "unit_id": south.pk})
    assert list(rows_of(response)) == ["tp-n"]
    assert rows_of(response)["tp-n"].assigned == 4
    assert "South" not in response.content.decode()
    response = client.get(officers(org_tree["north"]), {"unit": org_tree["south_1"].pk})
    assert "southern" not in response.content.decode()


def test_an_auditor_without_jurisdiction_sees_no_unit(client, auditor, seeded):
    client.force_login(auditor)
    response = client.get(dashboard())
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_a_training_administrator_sees_the_whole_organisation(
    client, training_admin, seeded, org_tree
):
    client.force_login(training_admin)
    totals = rows_of(client.get(dashboard()))["tp"]
    assert (totals.assigned, totals.completed, totals.overdue) == (5, 2, 2)
    assert client.get(dashboard(org_tree["south"])).status_code == 200
    assert client.get(transcript(seeded["southern"])).status_code == 200


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_officers_and_trainers_are_refused(client, role_users, seeded, org_tree, role):
    client.force_login(role_users[role])
    refused = (reverse("wagtailadmin_home"), reverse("wagtailadmin_login"))
    for url in [dashboard(), dashboard(org_tree["north"]), officers(org_tree["north"])]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].split("?")[0] in refused, url
    client.get(transcript(seeded["done"]))
    assert not LedgerEntry.objects.filter(action=actions.TRANSCRIPT_VIEW).exists()


def test_the_menu_offers_the_dashboard_to_those_who_may_open_it(client, role_users):
    for role, shown in [("auditor", True), ("training administrator", True), ("trainer", False)]:
        client.force_login(role_users[role])
        content = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (dashboard() in content) is shown, role


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded, org_tree):
    for url in [dashboard(), officers(org_tree["north"]), transcript(seeded["done"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


# Officers and transcripts


def test_a_units_officers_with_their_status_per_course(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(officers(org_tree["north"]))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("done", "late", "expiring", "fresh"):
        assert transcript(seeded[name]) in content
    assert "southern" not in content
    assert "Overdue" in content and "Expiring soon" in content


def test_the_officer_list_filters_by_status(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(officers(org_tree["north"]), {"status": "overdue"})
    listed = [profile.user for profile in response.context["object_list"]]
    assert listed == [seeded["late"]]


def test_the_officer_list_exports_as_csv(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(officers(org_tree["north_1"]), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "late" in content and "Overdue" in content
    assert "expiring" not in content  # north_2


def test_the_officer_list_exports_as_xlsx(client, north_auditor, seeded, org_tree):
    client.force_login(north_auditor)
    response = client.get(officers(org_tree["north_1"]), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Service number"
    assert sorted(row[1] for row in rows[1:]) == ["done", "late"]
    assert "Course rights: Overdue" in [row[-1] for row in rows[1:]]


def test_the_dashboard_exports_its_unit_rows_as_csv_with_its_filters(
    client, north_auditor, seeded, org_tree, course
):
    client.force_login(north_auditor)
    other_course = build_course(modules=1, slug="other")
    assign(other_course, org_tree["north_1"], due_on=TODAY - timedelta(1), starts_on=TODAY)

    response = client.get(dashboard(org_tree["north"]), {"export": "csv", "course": course.pk})

    content = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == (
        f'attachment; filename="compliance-tp-n-{TODAY.isoformat()}.csv"'
    )
    assert content.splitlines() == [
        "Unit,Unit code,Assigned,Completed,Overdue,Expiring in 30 days,Expiring in 60 days,"
        "Expiring in 90 days,Completion rate (%)",
        "North One,tp-n1,2,1,1,0,0,0,50.0",
        "North Two,tp-n2,2,1,0,1,1,1,50.0",
    ]


def test_the_dashboard_exports_as_xlsx_within_the_auditors_jurisdiction(
    client, north_auditor, seeded
):
    client.force_login(north_auditor)
    response = client.get(dashboard(), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Unit", "Unit code", "Assigned")
    assert [row[:5] for row in rows[1:]] == [("North", "tp-n", 4, 2, 1)]


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_the_exports_are_refused_like_the_pages(client, role_users, seeded, org_tree, role):
    client.force_login(role_users[role])
    for url in [dashboard(org_tree["north"]), reverse("compliance_proficiency")]:
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 302, url
    client.logout()
    response = client.get(dashboard(org_tree["north"]), {"export": "csv"})
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_transcript_shows_the_record_and_is_recorded_in_the_ledger(
    client, north_auditor, seeded, course
):
    officer = seeded["done"]
    client.force_login(north_auditor)
    response = client.get(transcript(officer))
    assert response.status_code == 200
    content = response.content.decode()
    certificate = officer.certificates.get()
    assert certificate.number in content
    assert "Course rights" in content
    entry = LedgerEntry.objects.get(action=actions.TRANSCRIPT_VIEW)
    assert (entry.actor_id, entry.subject_id) == (north_auditor.pk, officer.pk)
    assert entry.subject_name == officer.get_full_name()


def test_every_view_of_a_transcript_is_recorded_for_administrators_too(
    client, training_admin, seeded
):
    client.force_login(training_admin)
    client.get(transcript(seeded["late"]))
    client.get(transcript(seeded["late"]))
    entries = LedgerEntry.objects.filter(
        action=actions.TRANSCRIPT_VIEW, subject_id=seeded["late"].pk
    )
    assert [entry.actor_id for entry in entries] == [training_admin.pk, training_admin.pk]


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build_units(parent, count, course):
    for index in range(count):
        unit = OrgUnitFactory(
            parent=parent, name=f"Station {parent.code} {index}", code=f"{parent.code}-{index}"
        )
        profile = OfficerProfileFactory(unit=unit)
        assign(course, unit, due_on=TODAY + timedelta(5), starts_on=TODAY)
        if index % 2:
            complete_with_certificate(profile.user, course)


def test_pages_run_a_fixed_number_of_queries(client, training_admin, org_tree, course):
    small = OrgUnitFactory(parent=org_tree["agency"], name="Small", code="small")
    large = OrgUnitFactory(parent=org_tree["agency"], name="Large", code="large")
    build_units(small, 2, course)
    build_units(large, 8, course)
    client.force_login(training_admin)
    client.get(dashboard())  # Wagtail creates the admin's preferences on a first visit.

    assert count_queries(client, dashboard(small)) == count_queries(client, dashboard(large))
    assert count_queries(client, officers(small)) == count_queries(client, officers(large))
    small_officer = OfficerProfile.objects.filter(unit__path__startswith=small.path).first()
    large_officer = OfficerProfile.objects.filter(unit__path__startswith=large.path).last()
    for _ in range(2):
        quiz = QuizFactory()
        true_false(quiz, answer=True, cites_instrument="ICRMW", cites_article="art. 16")
        take_quiz(large_officer.user, quiz)
    assert count_queries(client, proficiency(small)) == count_queries(client, proficiency(large))
    assert count_queries(client, transcript(small_officer.user)) == count_queries(
        client, transcript(large_officer.user)
    )
