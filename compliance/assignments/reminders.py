"""The record of reminders and digests sent, so that none is ever sent twice.

A row is written in the same transaction that sends the email: if sending fails, the row goes
with the transaction and the next run tries again; if two runs race, the unique constraint lets
only one of them write the row (and so send).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .status import Status


class ReminderSent(models.Model):
    """One reminder about one obligation, of one kind, for one due date."""

    class Kind(models.TextChoices):
        DUE_SOON = Status.DUE_SOON.value, Status.DUE_SOON.label
        OVERDUE = Status.OVERDUE.value, Status.OVERDUE.label

    obligation = models.ForeignKey(
        "compliance.OfficerAssignment",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("obligation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    #: The due date the reminder was about: a new due date (a new cycle) is reminded again.
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "kind", "due_on"], name="one_reminder_per_obligation_kind"
            ),
        ]

    def __str__(self):
        return f"{self.obligation}: {self.get_kind_display()} ({self.due_on})"


class DigestSent(models.Model):
    """The weekly digest of one commander, for one ISO week ("2030-W24")."""

    commander = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("commander"),
    )
    week = models.CharField(_("ISO week"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["commander", "week"], name="one_digest_per_week"),
        ]

    def __str__(self):
        return f"{self.commander}: {self.week}"


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"
