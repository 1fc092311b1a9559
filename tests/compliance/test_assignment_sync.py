"""Assignments reach exactly the officers they target, with the right due dates, and follow
their completions and certificates."""

from datetime import date

import pytest

from certificates.services import revoke_certificate
from compliance.assignments.models import OfficerAssignment
from compliance.assignments.sync import sync_assignment
from courses.models import Enrolment
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory, RankFactory
from .assignment_helpers import assign, complete_with_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return build_course(modules=1)


def obligation(user):
    return OfficerAssignment.objects.get(user=user)


def test_an_assignment_reaches_the_units_subtree_and_enrols_with_the_due_date(org_tree, course):
    north_officer = OfficerProfileFactory(unit=org_tree["north_2"]).user
    south_officer = OfficerProfileFactory(unit=org_tree["south_1"]).user

    assign(course, org_tree["north"], due_on=date(2030, 3, 1))

    assert obligation(north_officer).due_on == date(2030, 3, 1)
    assert not OfficerAssignment.objects.filter(user=south_officer).exists()
    enrolment = Enrolment.objects.get(user=north_officer, course=course)
    assert (enrolment.source, enrolment.due_on) == (Enrolment.Source.ASSIGNMENT, date(2030, 3, 1))


def test_ranks_narrow_an_assignment(org_tree, course):
    sergeant = RankFactory(name="Sergeant", seniority=20)
    constable = OfficerProfileFactory(unit=org_tree["north_1"]).user
    sergeant_officer = OfficerProfileFactory(unit=org_tree["north_1"], rank=sergeant).user

    assign(course, org_tree["agency"], ranks=[sergeant])

    assert list(OfficerAssignment.objects.values_list("user", flat=True)) == [sergeant_officer.pk]
    assert not Enrolment.objects.filter(user=constable).exists()


def test_a_relative_due_date_counts_from_joining_the_unit_or_the_start(org_tree, course):
    veteran = OfficerProfileFactory(unit=org_tree["north_1"], unit_joined_on=date(2020, 5, 1))
    newcomer = OfficerProfileFactory(unit=org_tree["north_1"], unit_joined_on=date(2030, 2, 10))

    assign(course, org_tree["north"], due_within_days=30, starts_on=date(2030, 1, 1))

    assert obligation(veteran.user).due_on == date(2030, 1, 31)
    assert obligation(newcomer.user).due_on == date(2030, 3, 12)


def test_sync_follows_the_roster_and_is_idempotent(org_tree, course):
    leaver = OfficerProfileFactory(unit=org_tree["north_1"])
    mover = OfficerProfileFactory(unit=org_tree["north_1"])
    assignment = assign(course, org_tree["north"])
    newcomer = OfficerProfileFactory(unit=org_tree["north_2"])
    leaver.user.is_active = False
    leaver.user.save()
    mover.unit = org_tree["south_1"]
    mover.save()

    assert sync_assignment(assignment) == (1, 2)
    assert sync_assignment(assignment) == (0, 0)
    assert list(OfficerAssignment.objects.values_list("user", flat=True)) == [newcomer.user_id]


def test_a_certificate_fulfils_the_obligation_until_it_expires(org_tree, course):
    user = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"])

    certificate = complete_with_certificate(user, course)

    row = obligation(user)
    assert row.completed_on == certificate.completed_on
    assert row.valid_until == certificate.expires_on


def test_a_shorter_recertification_interval_ends_the_completion_first(org_tree, course):
    user = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"], recertification_months=6)

    certificate = complete_with_certificate(user, course)

    completed = certificate.completed_on
    expected_end = date(
        completed.year + (completed.month + 5) // 12, (completed.month + 5) % 12 + 1, 1
    )
    assert obligation(user).valid_until.replace(day=1) == expected_end
    assert obligation(user).valid_until < certificate.expires_on


def test_a_revoked_certificate_takes_the_completion_away(org_tree, course, training_admin):
    user = OfficerProfileFactory(unit=org_tree["north_1"]).user
    assign(course, org_tree["north"])
    certificate = complete_with_certificate(user, course)

    revoke_certificate(certificate, user=training_admin, reason="Exam fraud.")

    row = obligation(user)
    assert (row.completed_on, row.valid_until) == (None, None)


def test_an_officer_completed_before_the_assignment_counts_as_completed(org_tree, course):
    user = OfficerProfileFactory(unit=org_tree["north_1"]).user
    certificate = complete_with_certificate(user, course)

    assign(course, org_tree["north"])

    assert obligation(user).completed_on == certificate.completed_on
