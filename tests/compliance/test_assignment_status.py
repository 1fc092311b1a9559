"""One function decides an officer's training status; its SQL twin, and the report totals
that count with it, must agree on every case."""

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest

from compliance.assignments.models import OfficerAssignment
from compliance.assignments.status import Status, status, with_status
from compliance.reporting.totals import overall, totals_per_unit
from courses import services as course_services
from courses.models import Enrolment
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory
from .assignment_helpers import assign

TODAY = date(2030, 6, 15)


def days(n):
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({"due_on": days(30)}, Status.NOT_STARTED),
        ({"due_on": days(30), "started": True}, Status.IN_PROGRESS),
        ({"due_on": days(14), "started": True}, Status.DUE_SOON),
        ({"due_on": days(0)}, Status.DUE_SOON),
        ({"due_on": days(-1), "started": True}, Status.OVERDUE),
        ({"due_on": days(-1), "completed_on": days(-5)}, Status.COMPLETED),
        ({"due_on": days(-1), "completed_on": days(-5), "valid_until": days(31)}, Status.COMPLETED),
        (
            {"due_on": days(10), "completed_on": days(-5), "valid_until": days(30)},
            Status.EXPIRING_SOON,
        ),
        (
            {"due_on": days(10), "completed_on": days(-400), "valid_until": days(0)},
            Status.EXPIRING_SOON,
        ),
        ({"due_on": days(10), "completed_on": days(-400), "valid_until": days(-1)}, Status.EXPIRED),
    ],
)
def test_status_of_one_obligation(inputs, expected):
    arguments = {"started": False, "completed_on": None, "valid_until": None, **inputs}
    assert status(today=TODAY, **arguments) == expected


@pytest.mark.django_db
def test_sql_status_agrees_with_the_function_on_every_combination(org_tree):
    course = build_course(modules=1)
    module = course.modules()[0]
    due_dates = [days(-1), days(0), days(14), days(15)]
    completions = [(None, None), (days(-3), None), (days(-3), days(30)), (days(-3), days(31))]
    completions += [(days(-500), days(-1)), (days(-500), days(0))]
    cases = list(itertools.product(due_dates, [False, True], completions))
    assignment = assign(course, org_tree["north_1"])
    expected = {}
    for due_on, started, (completed_on, valid_until) in cases:
        user = OfficerProfileFactory(unit=org_tree["south_1"]).user
        OfficerAssignment.objects.create(
            assignment=assignment,
            user=user,
            course=course,
            unit=org_tree["south_1"],
            due_on=due_on,
            completed_on=completed_on,
            valid_until=valid_until,
        )
        if started:  # The obligation learns it from the officer's first module opened.
            enrolment = course_services.enrol(user, course, source=Enrolment.Source.SELF)
            course_services.record_opened(enrolment, module)
        expected[user.pk] = status(
            due_on=due_on,
            started=started,
            completed_on=completed_on,
            valid_until=valid_until,
            today=TODAY,
        )

    obligations = OfficerAssignment.objects.filter(user__in=expected)
    computed = dict(with_status(obligations, TODAY).values_list("user_id", "status"))
    counted = overall(totals_per_unit(obligations, TODAY))

    assert computed == expected
    assert set(expected.values()) == set(Status.values)
    assert counted.by_status == Counter(expected.values())
    assert counted.assigned == len(cases)
