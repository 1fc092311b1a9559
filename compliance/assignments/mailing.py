"""Reminders to officers and weekly digests to unit commanders, each sent once.

:func:`pending_reminders` and :func:`pending_digests` say what is due to be sent on a day;
:func:`send_reminder` and :func:`send_digest` send one email and record it in the same
transaction (:mod:`compliance.assignments.reminders`), so a failed send leaves no record and a
repeated or concurrent run sends nothing twice. ``manage.py send_training_reminders`` drives them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import OrgUnit
from .models import OfficerAssignment
from .reminders import DigestSent, ReminderSent, iso_week
from .status import Status, label_statuses, with_status


@dataclass
class Reminder:
    """One officer's email: every course of theirs due soon or overdue."""

    user: object
    obligations: list = field(default_factory=list)

    @property
    def unsent(self):
        return [row for row in self.obligations if not row.already_sent]


@dataclass
class Digest:
    """One commander's weekly summary of the units they command and every unit under them."""

    commander: object
    units: list
    week: str
    counts: dict = field(default_factory=dict)
    overdue: list = field(default_factory=list)


def language_of(user):
    profile = getattr(user, "officer_profile", None)
    return (profile.preferred_language if profile else "") or settings.LANGUAGE_CODE


def my_training_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("courses:my_training")


def pending_reminders(today):
    """Officers with a course due within 14 days or overdue that they have not been reminded of."""
    sent = ReminderSent.objects.filter(
        obligation=OuterRef("pk"), kind=OuterRef("status"), due_on=OuterRef("due_on")
    )
    rows = (
        with_status(OfficerAssignment.objects.all(), today)
        .filter(
            status__in=[Status.DUE_SOON, Status.OVERDUE],
            user__is_active=True,
            course__isnull=False,
        )
        .exclude(user__email="")
        .annotate(already_sent=Exists(sent))
        .select_related("user__officer_profile", "course")
        .order_by("user_id", "due_on", "pk")
    )
    reminders = {}
    for row in label_statuses(rows):
        reminders.setdefault(row.user_id, Reminder(user=row.user)).obligations.append(row)
    return [reminder for reminder in reminders.values() if reminder.unsent]


def _send(user, subject, template, context):
    language = language_of(user)
    with translation.override(language):
        context = {**context, "user": user, "my_training_url": my_training_url()}
        message = EmailMultiAlternatives(
            subject=str(subject()),
            body=render_to_string(f"compliance/emails/{template}.txt", context),
            to=[user.email],
            headers={"Content-Language": language},
        )
        message.attach_alternative(
            render_to_string(f"compliance/emails/{template}.html", context), "text/html"
        )
        message.send()


def send_reminder(reminder):
    """Record and send one officer's reminder; False if another run got there first."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                ReminderSent(obligation=row, kind=row.status, due_on=row.due_on)
                for row in reminder.unsent
            )
            _send(
                reminder.user,
                lambda: (
                    ngettext(
                        "Training reminder: %(count)s course needs your attention",
                        "Training reminder: %(count)s courses need your attention",
                        len(reminder.obligations),
                    )
                    % {"count": len(reminder.obligations)}
                ),
                "reminder",
                {"obligations": reminder.obligations},
            )
    except IntegrityError:
        return False
    return True


def pending_digests(today):
    """This week's digests not yet sent, one per commander of any unit."""
    week = iso_week(today)
    units_by_commander = defaultdict(list)
    commanded = (
        OrgUnit.objects.filter(commander__is_active=True)
        .exclude(commander__email="")
        .exclude(commander__in=DigestSent.objects.filter(week=week).values("commander"))
        .select_related("commander__officer_profile")
    )
    for unit in commanded:
        units_by_commander[unit.commander].append(unit)
    digests = []
    for commander, units in units_by_commander.items():
        obligations = with_status(
            OfficerAssignment.objects.for_units(OrgUnit.objects.within(*units)), today
        )
        counts = dict(obligations.values_list("status").annotate(count=Count("pk")))
        overdue = (
            obligations.filter(status=Status.OVERDUE)
            .select_related("user__officer_profile__unit", "course")
            .order_by("user__officer_profile__unit__path", "user__last_name", "due_on")
        )
        digests.append(
            Digest(
                commander=commander,
                units=units,
                week=week,
                counts={status: counts.get(status, 0) for status in Status},
                overdue=list(overdue),
            )
        )
    return digests


def send_digest(digest):
    """Record and send one commander's digest; False if another run got there first."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(commander=digest.commander, week=digest.week)
            _send(
                digest.commander,
                lambda: (
                    _("Weekly training digest: %(units)s")
                    % {"units": ", ".join(unit.name for unit in digest.units)}
                ),
                "digest",
                {
                    "digest": digest,
                    "counts": [(status.label, digest.counts[status]) for status in Status],
                },
            )
    except IntegrityError:
        return False
    return True
