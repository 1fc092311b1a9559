"""Saving and deleting assignments: the obligations follow, and the ledger records who did it.

The admin views, the demo and the tests call these functions, so an assignment never changes
without its officers' obligations being synced and the change being recorded.
"""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..ledger import actions, record
from .sync import align_enrolment_due_dates, sync_assignment


def due_rule(assignment):
    """The assignment's due date rule in words, e.g. "By 31 January 2030" or "Within 60 days"."""
    if assignment.due_on is not None:
        return _("By %(date)s") % {"date": date_format(assignment.due_on)}
    return ngettext("Within %(days)s day", "Within %(days)s days", assignment.due_within_days) % {
        "days": assignment.due_within_days
    }


def ledger_details(assignment):
    """What the ledger keeps of an assignment: enough to know what was asked of whom."""
    return {
        "assignment": assignment.pk,
        "course": assignment.course_title,
        "course_id": assignment.course_id,
        "units": sorted(unit.code for unit in assignment.units.all()),
        "ranks": sorted(rank.name for rank in assignment.ranks.all()),
        "starts_on": assignment.starts_on.isoformat(),
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
        "due_within_days": assignment.due_within_days,
        "recertification_months": assignment.recertification_months,
    }


@transaction.atomic
def save_assignment(assignment, *, actor, created):
    """Sync a saved assignment (its units and ranks saved too) and record it in the ledger.

    Returns the number of officers the assignment now applies to.
    """
    sync_assignment(assignment)
    officers = assignment.officer_assignments.count()
    record(
        actions.ASSIGN if created else actions.ASSIGNMENT_CHANGE,
        actor=actor,
        details={**ledger_details(assignment), "officers": officers},
    )
    return officers


@transaction.atomic
def delete_assignment(assignment, *, actor):
    """Delete an assignment with its obligations. The officers keep their enrolments (and
    their progress), with the due dates their other assignments give them, if any."""
    details = ledger_details(assignment)
    user_ids = list(assignment.officer_assignments.values_list("user_id", flat=True))
    assignment.delete()
    if assignment.course is not None:
        align_enrolment_due_dates(user_ids, assignment.course)
    record(actions.ASSIGNMENT_DELETE, actor=actor, details=details)
