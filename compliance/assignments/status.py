"""The training status of an officer for an assigned course.

:func:`status` decides it for one obligation in Python; :func:`with_status` writes the same rules
as one SQL ``CASE`` so that reports count statuses in the database. A test compares the two on
every combination of inputs, so they cannot drift apart.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from courses.records import ModuleProgress

#: A due date this close (in days) makes an unfinished course "due soon".
DUE_SOON_DAYS = 14
#: A completion that stops counting this close (in days) is "expiring soon".
EXPIRING_SOON_DAYS = 30


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    COMPLETED = "completed", _("Completed")
    EXPIRING_SOON = "expiring_soon", _("Expiring soon")
    EXPIRED = "expired", _("Expired")


#: Statuses that count as trained today.
COMPLIANT = (Status.COMPLETED, Status.EXPIRING_SOON)


def status(*, due_on, started, completed_on, valid_until, today):
    """The status of one obligation on ``today``.

    A completion decides while it counts (completed, or expiring soon within 30 days of its end)
    and once it stops counting (expired). Without one, the due date decides (overdue after it,
    due soon within 14 days of it), then whether the officer has opened a module.
    """
    if completed_on is not None:
        if valid_until is not None and valid_until < today:
            return Status.EXPIRED
        if valid_until is not None and valid_until <= today + timedelta(EXPIRING_SOON_DAYS):
            return Status.EXPIRING_SOON
        return Status.COMPLETED
    if due_on < today:
        return Status.OVERDUE
    if due_on <= today + timedelta(DUE_SOON_DAYS):
        return Status.DUE_SOON
    if started:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def started():
    """Whether the officer of an ``OfficerAssignment`` row has opened a module of its course."""
    return Exists(
        ModuleProgress.objects.filter(
            enrolment__user=OuterRef("user_id"), enrolment__course=OuterRef("course_id")
        )
    )


def status_expression(today):
    """:func:`status` as a SQL expression over ``OfficerAssignment`` rows."""
    completed = Q(completed_on__isnull=False)
    return Case(
        When(completed & Q(valid_until__lt=today), then=Value(Status.EXPIRED)),
        When(
            completed & Q(valid_until__lte=today + timedelta(EXPIRING_SOON_DAYS)),
            then=Value(Status.EXPIRING_SOON),
        ),
        When(completed, then=Value(Status.COMPLETED)),
        When(due_on__lt=today, then=Value(Status.OVERDUE)),
        When(due_on__lte=today + timedelta(DUE_SOON_DAYS), then=Value(Status.DUE_SOON)),
        When(started(), then=Value(Status.IN_PROGRESS)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


def with_status(queryset, today):
    """Annotate ``OfficerAssignment`` rows with ``status``."""
    return queryset.annotate(status=status_expression(today))
