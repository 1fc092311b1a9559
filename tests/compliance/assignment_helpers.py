"""Building assignments and completions for the compliance tests."""

from datetime import date

from certificates.services import issue_certificate
from compliance.assignments.models import Assignment
from compliance.assignments.sync import sync_assignment
from courses import services as course_services
from courses.models import Enrolment


def assign(course, *units, ranks=(), due_on=None, due_within_days=None, **extra):
    """Create an assignment of ``course`` to ``units`` (a fixed due date by default) and sync it."""
    if due_on is None and due_within_days is None:
        due_on = date(2030, 1, 31)
    assignment = Assignment.objects.create(
        course=course,
        due_on=due_on,
        due_within_days=due_within_days,
        starts_on=extra.pop("starts_on", date(2030, 1, 1)),
        **extra,
    )
    assignment.units.set(units)
    assignment.ranks.set(ranks)
    sync_assignment(assignment)
    return assignment


def complete_with_certificate(user, course):
    """Complete ``course`` as ``user`` and issue its certificate (not rendered)."""
    enrolment = course_services.enrol(user, course, source=Enrolment.Source.SELF)
    completion = None
    for module in course.modules():
        completion = course_services.complete_module(enrolment, module) or completion
    return issue_certificate(completion)
