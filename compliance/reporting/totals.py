"""Training status totals per unit, each unit counting its whole subtree.

Counting happens in SQL: obligations are annotated with their status
(:func:`compliance.assignments.status.with_status`) and grouped by the branch of the unit tree
their officer belongs to, so a page of totals costs one query per depth of the rows shown,
whatever the number of officers.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr

from ..assignments.models import OfficerAssignment
from ..assignments.status import COMPLIANT, Status, with_status
from ..models import OrgUnit

#: The "expiring within" windows of the dashboard, in days.
EXPIRY_WINDOWS = (30, 60, 90)


@dataclass
class Totals:
    assigned: int = 0
    by_status: dict = field(default_factory=dict)
    expiring_within: dict = field(default_factory=lambda: dict.fromkeys(EXPIRY_WINDOWS, 0))

    @property
    def completed(self):
        return sum(self.by_status.get(s, 0) for s in COMPLIANT)

    @property
    def overdue(self):
        return self.by_status.get(Status.OVERDUE, 0)

    @property
    def completion_rate(self):
        """Share of obligations met today, as a percentage (None when nothing is assigned)."""
        return None if not self.assigned else round(100 * self.completed / self.assigned, 1)


def active_obligations(units):
    """Obligations of the active officers whose unit is in ``units`` (a queryset of units)."""
    return OfficerAssignment.objects.filter(
        user__officer_profile__unit__in=units, user__is_active=True
    )


def _expiring_counts(today):
    return {
        f"expiring_{days}": Count(
            "pk",
            filter=Q(
                completed_on__isnull=False,
                valid_until__gte=today,
                valid_until__lte=today + timedelta(days),
            ),
        )
        for days in EXPIRY_WINDOWS
    }


def _count_by_status(obligations, today, *keys):
    """Rows of counts grouped by ``keys`` and status.

    Grouping by the status, rather than counting each status with a filter, has the database
    evaluate the status of each obligation once instead of once per status.
    """
    return (
        with_status(obligations, today)
        .order_by()
        .values(*keys, "status")
        .annotate(count=Count("pk"), **_expiring_counts(today))
    )


def _add(totals, row):
    totals.assigned += row["count"]
    totals.by_status[row["status"]] = totals.by_status.get(row["status"], 0) + row["count"]
    for days in EXPIRY_WINDOWS:
        totals.expiring_within[days] += row[f"expiring_{days}"]


def overall_totals(obligations, today):
    """Totals of all ``obligations`` (an ``OfficerAssignment`` queryset)."""
    totals = Totals()
    for row in _count_by_status(obligations, today):
        _add(totals, row)
    return totals


def totals_by_unit(obligations, units, today):
    """``{unit: Totals}`` for each of ``units``, counting the obligations of its subtree.

    ``units`` should not overlap (siblings, or the roots of a jurisdiction): an obligation is
    counted under the one unit whose branch holds its officer's unit.
    """
    totals = {unit: Totals() for unit in units}
    by_path = {unit.path: unit for unit in units}
    for depth in sorted({unit.depth for unit in units}):
        prefix_length = depth * OrgUnit.steplen
        paths = [unit.path for unit in units if unit.depth == depth]
        branches = obligations.annotate(
            branch=Substr("user__officer_profile__unit__path", 1, prefix_length)
        ).filter(branch__in=paths)
        for row in _count_by_status(branches, today, "branch"):
            _add(totals[by_path[row["branch"]]], row)
    return totals
