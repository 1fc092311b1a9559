"""Demo assignments of the demo course, chosen so the compliance dashboard shows every status.

Each region gets its own due rule, relative to the day of seeding: the Northern Region was due
ten days ago (its unfinished officers are overdue), the Central Region is due in a week (due
soon), the Coastal Region has 90 days from the start (not started, or in progress). Officers who
completed the course count as completed, one certificate is made to expire within the month
(expiring soon) and the demo's expired certificate shows as expired. The demo auditor oversees
the Northern Region only, and its most senior officer commands it (the weekly digest).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from certificates.models import Certificate
from compliance.assignments import services
from compliance.assignments.models import Assignment, OfficerAssignment
from compliance.assignments.status import EXPIRING_SOON_DAYS, Status, with_status
from compliance.jurisdiction import Jurisdiction
from compliance.models import OfficerProfile, OrgUnit

RECERTIFICATION_MONTHS = 24


def _due_rules(today):
    """Region code → the due rule of its assignment."""
    return {
        "nps-north": {"due_on": today - timedelta(days=10)},
        "nps-central": {"due_on": today + timedelta(days=7)},
        "nps-coast": {"due_within_days": 90},
    }


def _expire_one_certificate_soon(today):
    """Make one valid certificate expire within the month, unless one already does."""
    soon = today + timedelta(days=EXPIRING_SOON_DAYS)
    valid = Certificate.objects.exclude(status=Certificate.Status.REVOKED).filter(
        expires_on__gt=today
    )
    if valid.filter(expires_on__lte=soon).exists():
        return
    certificate = valid.order_by("pk").first()
    if certificate is not None:
        certificate.expires_on = today + timedelta(days=EXPIRING_SOON_DAYS - 10)
        # Saved through the model: the obligations follow the certificate (a post_save receiver).
        certificate.save(update_fields=["expires_on"])


@transaction.atomic
def seed_assignments(course, administrator, *, auditor):
    """Assign ``course`` to each region once; return the count of obligations by status."""
    today = timezone.localdate()
    _expire_one_certificate_soon(today)
    for code, rule in _due_rules(today).items():
        region = OrgUnit.objects.get(code=code)
        if Assignment.objects.filter(course=course, units=region).exists():
            continue
        assignment = Assignment.objects.create(
            course=course,
            starts_on=today,
            recertification_months=RECERTIFICATION_MONTHS,
            created_by=administrator,
            **rule,
        )
        assignment.units.set([region])
        services.save_assignment(assignment, actor=administrator, created=True)

    north = OrgUnit.objects.get(code="nps-north")
    Jurisdiction.objects.get_or_create(user=auditor, unit=north)
    if north.commander_id is None:
        senior = (
            OfficerProfile.objects.filter(unit__in=OrgUnit.objects.within(north))
            .order_by("-rank__seniority", "service_number")
            .first()
        )
        if senior is not None:
            north.commander = senior.user
            north.save(update_fields=["commander"])

    counts = dict(
        with_status(OfficerAssignment.objects.filter(course=course), today)
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return {status.label: counts.get(status, 0) for status in Status}
