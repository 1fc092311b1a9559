"""Obligations follow the roster: after an import, and from cron with sync_assignments."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from compliance.assignments.models import OfficerAssignment
from courses.models import Enrolment
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory, RankFactory
from .assignment_helpers import assign
from .test_roster_import import officer_row, write_csv


@pytest.fixture
def course(db):
    return build_course(modules=1, slug="rights")


def sync():
    out, err = StringIO(), StringIO()
    call_command("sync_assignments", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_sync_assignments_brings_obligations_in_line_and_is_idempotent(org_tree, course):
    assignment = assign(course, org_tree["north"], due_on=date(2030, 3, 31))
    newcomer = OfficerProfileFactory(unit=org_tree["north_2"]).user
    mover = OfficerProfileFactory(unit=org_tree["north_1"])
    assign(course, org_tree["north"], due_on=date(2030, 3, 31))  # syncs the mover in
    mover.unit = org_tree["south_1"]
    mover.save()

    output, progress = sync()

    assert "Assignments synced: 2; obligations added: 1, removed: 1." in output
    assert "1/2" in progress and "2/2" in progress
    assert [row.user for row in assignment.officer_assignments.all()] == [newcomer]
    assert Enrolment.objects.get(user=newcomer).due_on == date(2030, 3, 31)
    assert Enrolment.objects.get(user=mover.user).due_on is None

    rows = list(OfficerAssignment.objects.values_list("pk", "user_id", "due_on"))
    output, _ = sync()
    assert "obligations added: 0, removed: 0." in output
    assert list(OfficerAssignment.objects.values_list("pk", "user_id", "due_on")) == rows


def test_a_roster_import_assigns_courses_to_the_officers_it_adds(tmp_path, org_tree, course):
    RankFactory(name="Constable")
    assign(course, org_tree["north"], due_within_days=30, due_on=None, starts_on=date(2020, 1, 1))
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])

    call_command("import_roster", str(path), "--agency", "tp", stdout=StringIO())

    obligation = OfficerAssignment.objects.get(user__officer_profile__service_number="A1")
    assert obligation.course == course.page_ptr.specific
    assert Enrolment.objects.get(user=obligation.user, course=course).due_on == obligation.due_on
