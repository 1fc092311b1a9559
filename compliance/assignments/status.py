"""The training status of an officer for an assigned course.

:func:`status` decides it for one obligation in Python; :func:`status_conditions` writes the
same rules as SQL conditions on an ``OfficerAssignment`` row, which :func:`with_status` annotates
and reports count, so that the database does the counting. A test compares the two on every
combination of inputs, so they cannot drift apart.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

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
#: Statuses that are late: the officer should have been trained by now.
LATE = (Status.OVERDUE, Status.EXPIRED)


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


def decided_by_start(today):
    """Obligations whose status depends only on whether the officer has started: not completed,
    and not due within :data:`DUE_SOON_DAYS` days."""
    return Q(completed_on__isnull=True, due_on__gt=today + timedelta(DUE_SOON_DAYS))


def status_conditions(today):
    """:func:`status` as one condition per status, no two true of the same obligation, on the
    obligation's own columns."""
    completed = Q(completed_on__isnull=False)
    expiring_until = today + timedelta(EXPIRING_SOON_DAYS)
    return {
        Status.EXPIRED: completed & Q(valid_until__lt=today),
        Status.EXPIRING_SOON: completed
        & Q(valid_until__gte=today, valid_until__lte=expiring_until),
        Status.COMPLETED: completed
        & (Q(valid_until__isnull=True) | Q(valid_until__gt=expiring_until)),
        Status.OVERDUE: Q(completed_on__isnull=True, due_on__lt=today),
        Status.DUE_SOON: Q(
            completed_on__isnull=True,
            due_on__gte=today,
            due_on__lte=today + timedelta(DUE_SOON_DAYS),
        ),
        Status.IN_PROGRESS: decided_by_start(today) & Q(started=True),
        Status.NOT_STARTED: decided_by_start(today) & Q(started=False),
    }


def status_expression(today):
    """:func:`status` as a SQL expression over ``OfficerAssignment`` rows."""
    return Case(
        *(
            When(condition, then=Value(status))
            for status, condition in status_conditions(today).items()
        ),
        output_field=models.CharField(),
    )


def with_status(queryset, today):
    """Annotate ``OfficerAssignment`` rows with ``status``."""
    return queryset.annotate(status=status_expression(today))


def label_statuses(obligations):
    """Give each obligation (annotated with ``status``) its ``status_label``, ``is_compliant``
    and ``is_late``, for display; returns them as a list."""
    obligations = list(obligations)
    for obligation in obligations:
        obligation.status_label = Status(obligation.status).label
        obligation.is_compliant = obligation.status in COMPLIANT
        obligation.is_late = obligation.status in LATE
    return obligations
