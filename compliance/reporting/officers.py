"""The officers of a unit with their status in every assigned course, in fixed queries."""

from django.db.models import F, Prefetch

from ..assignments.models import OfficerAssignment
from ..assignments.status import with_status
from ..models import OfficerProfile


def officers_in(unit, visible_units, today):
    """Profiles of the officers of ``unit`` and its sub-units that ``visible_units`` allows.

    Each profile's user carries ``obligations``: their ``OfficerAssignment`` rows annotated with
    ``status`` and ``course_title``, soonest due first.
    """
    obligations = with_status(
        OfficerAssignment.objects.annotate(course_title=F("assignment__course_title")), today
    ).order_by("due_on", "course_title", "pk")
    return (
        OfficerProfile.objects.filter(unit__in=visible_units, unit__path__startswith=unit.path)
        .select_related("user", "unit", "rank")
        .prefetch_related(
            Prefetch("user__training_obligations", queryset=obligations, to_attr="obligations")
        )
        .order_by("user__last_name", "user__first_name", "service_number", "pk")
    )
