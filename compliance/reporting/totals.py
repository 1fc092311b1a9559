"""Training status totals per unit, each unit counting its whole subtree.

Counting happens in SQL, on the obligations table alone: obligations are counted by status
(:func:`compliance.assignments.status.status_conditions`) and grouped by their officer's unit in
one query, whatever the number of officers; :func:`totals_by_branch` then adds up the units of
each branch of the tree shown, from one query of the units.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from ..assignments.models import OfficerAssignment
from ..assignments.status import COMPLIANT, Status, status_conditions
from ..models import OrgUnit

#: The "expiring within" windows of the dashboard, in days.
EXPIRY_WINDOWS = (30, 60, 90)


@dataclass
class Totals:
    assigned: int = 0
    by_status: dict = field(default_factory=dict)
    expiring_within: dict = field(default_factory=lambda: dict.fromkeys(EXPIRY_WINDOWS, 0))

    def __add__(self, other):
        return Totals(
            assigned=self.assigned + other.assigned,
            by_status={
                s: self.by_status.get(s, 0) + other.by_status.get(s, 0) for s in Status.values
            },
            expiring_within={
                days: self.expiring_within[days] + other.expiring_within[days]
                for days in EXPIRY_WINDOWS
            },
        )

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
    inactive = get_user_model().objects.filter(is_active=False)
    return OfficerAssignment.objects.for_units(units).exclude(user__in=inactive)


def _counts(today):
    """The aggregates of a :class:`Totals`, each status with its own condition."""
    expiring = Q(completed_on__isnull=False, valid_until__gte=today)
    return {
        "assigned": Count("pk"),
        **{f"status_{s}": Count("pk", filter=q) for s, q in status_conditions(today).items()},
        **{
            f"expiring_{days}": Count(
                "pk", filter=expiring & Q(valid_until__lte=today + timedelta(days))
            )
            for days in EXPIRY_WINDOWS
        },
    }


def totals_per_unit(obligations, today):
    """``{unit id: Totals}`` of ``obligations``, by their officer's own unit, in one query."""
    rows = obligations.order_by().values("unit_id").annotate(**_counts(today))
    return {
        row["unit_id"]: Totals(
            assigned=row["assigned"],
            by_status={s: row[f"status_{s}"] for s in Status.values},
            expiring_within={days: row[f"expiring_{days}"] for days in EXPIRY_WINDOWS},
        )
        for row in rows
    }


def overall(per_unit):
    """The sum of ``{unit id: Totals}``."""
    return sum(per_unit.values(), Totals())


def branches(units):
    """``{unit id: one of units}`` for every unit in the subtree of each of ``units`` (which
    should not overlap), in one query."""
    by_path = {unit.path: unit for unit in units}
    lengths = sorted({len(path) for path in by_path})
    owners = {}
    for pk, path in OrgUnit.objects.within(*units).values_list("pk", "path"):
        owners[pk] = next(by_path[path[:n]] for n in lengths if path[:n] in by_path)
    return owners


def totals_by_branch(per_unit, units):
    """``{unit: Totals}`` for each of ``units`` (which should not overlap), adding up the
    totals of ``per_unit`` (:func:`totals_per_unit`) in its subtree."""
    totals = {unit: Totals() for unit in units}
    for unit_id, owner in branches(units).items():
        if unit_id in per_unit:
            totals[owner] += per_unit[unit_id]
    return totals
