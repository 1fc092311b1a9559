"""Training status totals per unit, each unit counting its whole subtree.

Counting happens in SQL: obligations are counted by status
(:func:`compliance.assignments.status.status_conditions`), grouped by the branch of the unit tree
their officer belongs to, so a page of totals costs two queries per depth of the rows shown,
whatever the number of officers.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr

from ..assignments.models import OfficerAssignment
from ..assignments.status import COMPLIANT, Status, started, status_conditions
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


def _count(obligations, today, *keys):
    """Totals of ``obligations`` grouped by ``keys``: ``{key values: Totals}``.

    Each status is counted with its own condition on the obligation's columns; whether an
    officer has started, which needs their progress, is asked in a second query, as a join, of
    the obligations it decides (those counted as "not started" by the first).
    """
    conditions = status_conditions(today)
    counts = {
        "assigned": Count("pk"),
        **{f"status_{s}": Count("pk", filter=q) for s, q in conditions.items()},
        **_expiring_counts(today),
    }
    if keys:
        rows = obligations.order_by().values(*keys).annotate(**counts)
    else:
        rows = [obligations.aggregate(**counts)]
    totals = {}
    for row in rows:
        totals[tuple(row[k] for k in keys)] = Totals(
            assigned=row["assigned"],
            by_status={s: row[f"status_{s}"] for s in conditions},
            expiring_within={days: row[f"expiring_{days}"] for days in EXPIRY_WINDOWS},
        )
    in_progress = obligations.filter(conditions[Status.NOT_STARTED], started()).order_by()
    if keys:
        in_progress = in_progress.values(*keys).annotate(count=Count("pk"))
    else:
        in_progress = [in_progress.aggregate(count=Count("pk"))]
    for row in in_progress:
        by_status = totals[tuple(row[k] for k in keys)].by_status
        by_status[Status.NOT_STARTED] -= row["count"]
        by_status[Status.IN_PROGRESS] = row["count"]
    return totals


def overall_totals(obligations, today):
    """Totals of all ``obligations`` (an ``OfficerAssignment`` queryset)."""
    return _count(obligations, today).get((), Totals())


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
        # Filtered by path prefixes rather than by the branch: the planner estimates those well.
        in_branches = Q()
        for path in paths:
            in_branches |= Q(user__officer_profile__unit__path__startswith=path)
        branches = obligations.filter(in_branches).annotate(
            branch=Substr("user__officer_profile__unit__path", 1, prefix_length)
        )
        for (branch,), branch_totals in _count(branches, today, "branch").items():
            totals[by_path[branch]] = branch_totals
    return totals
