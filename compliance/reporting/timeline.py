"""Completions of assigned courses per month, for the dashboard's chart and the exports."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth

#: How many months the timeline covers, the current month included.
MONTHS = 12


def month_starts(today, months=MONTHS):
    """The first day of each of the last ``months`` months, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def completions_by_month(obligations, today, months=MONTHS):
    """``[(first day of month, count)]`` of ``obligations`` completed in each of the last
    ``months`` months (zero for a month without any), in one query."""
    starts = month_starts(today, months)
    rows = (
        obligations.filter(completed_on__gte=starts[0], completed_on__lte=today)
        .annotate(month=TruncMonth("completed_on"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
    )
    counts = {row["month"]: row["count"] for row in rows}
    return [(start, counts.get(start, 0)) for start in starts]
