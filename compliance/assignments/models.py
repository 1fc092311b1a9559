"""Assignments and the obligations they create, one per officer.

An :class:`Assignment` is what a training administrator decides ("every constable of the North
region completes this course within 60 days, and again every two years"). Its
:class:`OfficerAssignment` rows are what that means for each officer today: the officer's unit, a
due date, whether they started and, once the course is completed, until when the completion
counts. They are derived from the roster and the officer's records and kept up to date by
``compliance.assignments.sync`` (after an assignment is saved, after a roster import, and by
``manage.py sync_assignments`` from cron, which repairs any drift), by receivers (a certificate
issued or revoked, an officer's unit changed) and by database triggers (a module opened, a new
enrolment cycle: see migration 0007). So a report counts the rows of one table, with no join,
whatever the number of officers.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="assignments",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course title"), max_length=255, editable=False)
    units = models.ManyToManyField(
        "compliance.OrgUnit",
        related_name="assignments",
        verbose_name=_("units"),
        help_text=_("Officers of these units and of every unit under them."),
    )
    ranks = models.ManyToManyField(
        "compliance.Rank",
        blank=True,
        related_name="assignments",
        verbose_name=_("ranks"),
        help_text=_("Only officers of these ranks. Leave empty for every rank."),
    )
    starts_on = models.DateField(
        _("starts on"),
        default=timezone.localdate,
        help_text=_("Officers who were already in the unit count from this date."),
    )
    due_on = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("The same due date for everyone.")
    )
    due_within_days = models.PositiveSmallIntegerField(
        _("due within (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Or: each officer has this many days from the later of the start date and the day "
            "they joined their unit."
        ),
    )
    recertification_months = models.PositiveSmallIntegerField(
        _("recertify every (months)"),
        null=True,
        blank=True,
        help_text=_(
            "A completion counts for this many months; then the course is due again. Leave "
            "empty to follow the expiry of the certificate."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("course assignment")
        verbose_name_plural = _("course assignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=False, due_within_days__isnull=True)
                | models.Q(due_on__isnull=True, due_within_days__isnull=False),
                name="assignment_one_kind_of_due_date",
            ),
        ]

    def __str__(self):
        return self.course_title

    def save(self, *args, **kwargs):
        if self.course is not None:
            self.course_title = self.course.title
        super().save(*args, **kwargs)

    def clean(self):
        if (self.due_on is None) == (self.due_within_days is None):
            raise ValidationError(
                _("Give a due date or a number of days to complete the course: one of the two.")
            )
        if self.due_on is not None and self.due_on < self.starts_on:
            raise ValidationError({"due_on": _("The due date is before the start date.")})


class OfficerAssignmentQuerySet(models.QuerySet):
    def for_units(self, units):
        """Obligations of officers whose current unit is in ``units`` (a queryset of units)."""
        return self.filter(unit__in=units)


class OfficerAssignment(models.Model):
    """One officer's obligation under one assignment."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="officer_assignments",
        verbose_name=_("assignment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_obligations",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    unit = models.ForeignKey(
        "compliance.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The officer's unit, as the roster has it."),
    )
    due_on = models.DateField(_("due on"))
    started = models.BooleanField(
        _("started"),
        default=False,
        help_text=_("Whether the officer has opened a module of the course in this cycle."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("When the completion stops counting; empty while not completed, or forever."),
    )

    objects = OfficerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer's assignment")
        verbose_name_plural = _("officers' assignments")
        permissions = [("view_compliance_reports", _("Can view compliance reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user"], name="one_obligation_per_assignment"
            ),
        ]
        indexes = [models.Index(fields=["user", "course"], name="obligation_user_course_idx")]

    def __str__(self):
        return f"{self.user}: {self.assignment}"
