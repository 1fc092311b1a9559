"""An obligation carries its officer's unit and whether they started, so that reports count one
table; these tests prove each is kept in step with what it is derived from (by a receiver, or by
a database trigger), and repaired by a sync when it drifted."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from compliance.assignments.checks import check_obligation_triggers
from compliance.assignments.models import OfficerAssignment
from compliance.assignments.status import Status, with_status
from compliance.assignments.sync import sync_assignment
from courses import services as course_services
from courses.models import Enrolment
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory
from .assignment_helpers import assign

pytestmark = pytest.mark.django_db

#: Far enough ahead that the status depends on whether the officer started.
LATER = timezone.localdate() + timedelta(days=60)


@pytest.fixture
def course():
    return build_course(modules=2)


def obligation(user):
    return OfficerAssignment.objects.get(user=user)


def status_of(user):
    return (
        with_status(OfficerAssignment.objects.filter(user=user), timezone.localdate()).get().status
    )


def open_first_module(user, course):
    enrolment = Enrolment.objects.current().get(user=user, course=course)
    course_services.record_opened(enrolment, course.modules()[0])


def test_an_obligation_counts_under_its_officers_unit(org_tree, course):
    officer = OfficerProfileFactory(unit=org_tree["north_2"]).user

    assign(course, org_tree["north"])

    assert obligation(officer).unit == org_tree["north_2"]


def test_the_unit_follows_an_officer_who_moves(org_tree, course):
    profile = OfficerProfileFactory(unit=org_tree["north_1"])
    assign(course, org_tree["agency"])

    profile.unit = org_tree["south_1"]
    profile.save(update_fields=["unit"])

    assert obligation(profile.user).unit == org_tree["south_1"]


def test_opening_a_module_starts_the_obligation(org_tree, course):
    officer = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"], due_on=LATER)
    assert (obligation(officer).started, status_of(officer)) == (False, Status.NOT_STARTED)

    open_first_module(officer, course)

    assert (obligation(officer).started, status_of(officer)) == (True, Status.IN_PROGRESS)


def test_an_officer_who_started_before_the_assignment_counts_as_in_progress(org_tree, course):
    officer = OfficerProfileFactory(unit=org_tree["north_1"]).user
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    course_services.record_opened(enrolment, course.modules()[0])

    assign(course, org_tree["north"], due_on=LATER)

    assert (obligation(officer).started, status_of(officer)) == (True, Status.IN_PROGRESS)


def test_a_new_enrolment_cycle_is_not_started_until_a_module_is_opened(org_tree, course):
    officer = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"], due_on=LATER)
    open_first_module(officer, course)
    current = Enrolment.objects.current().get(user=officer, course=course)
    current.superseded_at = timezone.now()
    current.save(update_fields=["superseded_at"])

    Enrolment.objects.create(
        user=officer,
        course=course,
        user_name="x",
        course_title=course.title,
        source=Enrolment.Source.ASSIGNMENT,
    )

    assert obligation(officer).started is False
    open_first_module(officer, course)
    assert obligation(officer).started is True


def test_a_sync_repairs_a_unit_and_a_start_that_drifted(org_tree, course):
    officer = OfficerProfileFactory(unit=org_tree["north_1"]).user
    idle = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assignment = assign(course, org_tree["agency"], due_on=LATER)
    open_first_module(officer, course)
    OfficerAssignment.objects.update(unit=org_tree["south_1"], started=False)
    OfficerAssignment.objects.filter(user=idle).update(started=True)

    sync_assignment(assignment)

    assert (obligation(officer).unit, obligation(officer).started) == (org_tree["north_1"], True)
    assert (obligation(idle).unit, obligation(idle).started) == (org_tree["north_1"], False)


def test_the_migration_fills_unit_and_start_of_existing_rows(org_tree, course):
    migration = importlib.import_module("compliance.migrations.0006_obligation_unit_and_start")
    officer = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"], due_on=LATER)
    open_first_module(officer, course)
    OfficerAssignment.objects.update(unit=org_tree["south_1"], started=False)

    migration.fill_unit_and_start(apps, schema_editor=None)

    assert (obligation(officer).unit, obligation(officer).started) == (org_tree["north_1"], True)


def test_the_database_check_names_a_missing_trigger():
    assert check_obligation_triggers(databases=["default"]) == []
    with connection.cursor() as cursor:
        drop = "DROP TRIGGER compliance_obligation_restarted"
        cursor.execute(
            drop + (" ON courses_enrolment" if connection.vendor == "postgresql" else "")
        )

    errors = check_obligation_triggers(databases=["default"])

    assert [error.id for error in errors] == ["compliance.E001"]
    assert "compliance_obligation_restarted" in errors[0].msg
    assert "compliance_obligation_started," not in errors[0].msg
