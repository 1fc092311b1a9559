"""Keep every officer's obligations in step with the assignments and their own records.

:func:`sync_assignment` brings one assignment's ``OfficerAssignment`` rows in line with the
roster: officers who came into scope get a row (and an enrolment, so the course appears in their
training with its due date), officers who left it lose theirs, and units and due dates follow a
change of unit. :func:`refresh_completions` follows an officer's completions and certificates,
:func:`follow_unit` an officer's change of unit. All are idempotent, so running them again, from
cron or after a crash, only repairs.
"""

from datetime import timedelta

from django.db import transaction

from certificates.models import Certificate
from courses import services as course_services
from courses.dates import add_months
from courses.records import Enrolment, ModuleProgress

from ..models import OfficerProfile, OrgUnit
from .models import Assignment, OfficerAssignment


def targeted_profiles(assignment):
    """Profiles of the active officers the assignment applies to."""
    units = OrgUnit.objects.within(*assignment.units.all())
    profiles = OfficerProfile.objects.filter(unit__in=units, user__is_active=True)
    ranks = list(assignment.ranks.all())
    if ranks:
        profiles = profiles.filter(rank__in=ranks)
    return profiles.select_related("user")


def due_date(assignment, profile):
    if assignment.due_on is not None:
        return assignment.due_on
    counts_from = max(assignment.starts_on, profile.unit_joined_on)
    return counts_from + timedelta(days=assignment.due_within_days)


def completion_window(assignment, completed_on, expires_on):
    """``(completed_on, valid_until)`` for a completion: it counts until the certificate
    expires or the recertification interval ends, whichever comes first."""
    if completed_on is None:
        return None, None
    ends = [expires_on] if expires_on is not None else []
    if assignment.recertification_months:
        ends.append(add_months(completed_on, assignment.recertification_months))
    return completed_on, min(ends, default=None)


def latest_completions(user_ids, course):
    """``{user_id: (completed_on, expires_on)}`` of each officer's latest completion of
    ``course`` that still stands (a revoked certificate takes its completion away)."""
    certificates = (
        Certificate.objects.filter(user_id__in=user_ids, course=course)
        .exclude(status=Certificate.Status.REVOKED)
        .order_by("completed_on", "pk")
        .values_list("user_id", "completed_on", "expires_on")
    )
    return {
        user_id: (completed_on, expires_on) for user_id, completed_on, expires_on in certificates
    }


def started_officers(user_ids, course):
    """The ids of the officers among ``user_ids`` who have opened a module of ``course`` in
    their current enrolment."""
    return set(
        ModuleProgress.objects.filter(
            enrolment__user_id__in=user_ids,
            enrolment__course=course,
            enrolment__superseded_at__isnull=True,
        ).values_list("enrolment__user_id", flat=True)
    )


@transaction.atomic
def sync_assignment(assignment):
    """Bring the assignment's obligations in line with the roster; returns (added, removed)."""
    if assignment.course is None:
        removed, _ = assignment.officer_assignments.all().delete()
        return 0, removed
    course = assignment.course
    profiles = {profile.user_id: profile for profile in targeted_profiles(assignment)}
    existing = {row.user_id: row for row in assignment.officer_assignments.all()}
    completions = latest_completions(profiles.keys(), course)
    started = started_officers(profiles.keys(), course)

    stale = {user_id: row.pk for user_id, row in existing.items() if user_id not in profiles}
    OfficerAssignment.objects.filter(pk__in=stale.values()).delete()

    new_rows, changed = [], []
    for user_id, profile in profiles.items():
        completed_on, valid_until = completion_window(
            assignment, *completions.get(user_id, (None, None))
        )
        values = {
            "unit_id": profile.unit_id,
            "due_on": due_date(assignment, profile),
            "started": user_id in started,
            "completed_on": completed_on,
            "valid_until": valid_until,
        }
        row = existing.get(user_id)
        if row is None:
            new_rows.append(
                OfficerAssignment(assignment=assignment, user_id=user_id, course=course, **values)
            )
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    OfficerAssignment.objects.bulk_create(new_rows, ignore_conflicts=True)
    OfficerAssignment.objects.bulk_update(
        changed, ["unit", "due_on", "started", "completed_on", "valid_until"]
    )

    _enrol_new_officers([profiles[row.user_id].user for row in new_rows], course)
    align_enrolment_due_dates([*profiles, *stale], course)
    return len(new_rows), len(stale)


def _enrol_new_officers(users, course):
    """Enrol newly assigned officers; the enrolment is what puts the course in their training."""
    enrolled = set(
        Enrolment.objects.current()
        .filter(course=course, user__in=users)
        .values_list("user_id", flat=True)
    )
    for user in users:
        if user.pk not in enrolled:
            course_services.enrol(user, course, source=Enrolment.Source.ASSIGNMENT)


def align_enrolment_due_dates(user_ids, course):
    """Show each officer the earliest due date of their obligations for the course, and no
    due date once no assignment asks it of them any more."""
    earliest = {}
    for user_id, due_on in OfficerAssignment.objects.filter(
        user_id__in=user_ids, course=course
    ).values_list("user_id", "due_on"):
        earliest[user_id] = min(due_on, earliest.get(user_id, due_on))
    enrolments = Enrolment.objects.current().filter(course=course, user_id__in=user_ids)
    outdated = [e for e in enrolments if e.due_on != earliest.get(e.user_id)]
    for enrolment in outdated:
        enrolment.due_on = earliest.get(enrolment.user_id)
    Enrolment.objects.bulk_update(outdated, ["due_on"])


def sync_all():
    """Sync every assignment; returns the totals (added, removed)."""
    added = removed = 0
    for assignment in Assignment.objects.select_related("course"):
        a, r = sync_assignment(assignment)
        added, removed = added + a, removed + r
    return added, removed


def refresh_completions(user_id, course_id):
    """Follow a certificate of an officer for a course: issued, expired early or revoked."""
    rows = OfficerAssignment.objects.filter(user_id=user_id, course_id=course_id)
    rows = list(rows.select_related("assignment"))
    if not rows:
        return
    completion = latest_completions([user_id], course_id).get(user_id, (None, None))
    for row in rows:
        row.completed_on, row.valid_until = completion_window(row.assignment, *completion)
    OfficerAssignment.objects.bulk_update(rows, ["completed_on", "valid_until"])


def follow_unit(user_id, unit_id):
    """Count an officer's obligations under their new unit."""
    OfficerAssignment.objects.filter(user_id=user_id).exclude(unit_id=unit_id).update(
        unit_id=unit_id
    )
