"""What officers did: enrolments, module progress and completions.

Records outlive content: they point at pages and users with SET_NULL and keep text snapshots
(officer name, course and module titles), so moving, unpublishing or deleting a page, or deleting
a user, never deletes a training record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentQuerySet(models.QuerySet):
    def current(self):
        """Enrolments in the officer's current cycle of each course (not superseded by a
        refresher)."""
        return self.filter(superseded_at__isnull=True)


class Enrolment(models.Model):
    """An officer's enrolment in one cycle of a course.

    Each officer has at most one current enrolment per course. Starting a refresher course
    supersedes it (``superseded_at``) and opens a new one, so the records of earlier cycles
    (progress, completion, certificate) stay as they were.
    """

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        ASSIGNMENT = "assignment", _("Assigned")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="course_enrolments",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    user_name = models.CharField(_("officer name"), max_length=255)
    course_title = models.CharField(_("course title"), max_length=255)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    superseded_at = models.DateTimeField(
        _("superseded by a refresher at"), null=True, blank=True, editable=False
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_enrolment",
            ),
        ]

    def __str__(self):
        return f"{self.user_name}: {self.course_title}"


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    module_title = models.CharField(_("module title"), max_length=255)
    opened_at = models.DateTimeField(_("first opened at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision studied"),
        help_text=_("The published revision of the module when the officer completed it."),
    )

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="unique_module_progress"),
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.module_title}"


class CourseCompletion(models.Model):
    """A course completed, recorded once per enrolment, with what exactly was studied."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="completion")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.SET_NULL, null=True, related_name="completions"
    )
    user_name = models.CharField(_("officer name"), max_length=255)
    course_title = models.CharField(_("course title"), max_length=255)
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")

    def __str__(self):
        return f"{self.user_name}: {self.course_title} ({self.completed_at:%Y-%m-%d})"


class StudiedRevision(models.Model):
    """The exact revision of one module that an officer studied for a completion."""

    completion = models.ForeignKey(
        CourseCompletion, on_delete=models.CASCADE, related_name="studied_revisions"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    module_title = models.CharField(_("module title"), max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("module completed at"))

    class Meta:
        verbose_name = _("studied revision")
        verbose_name_plural = _("studied revisions")

    def __str__(self):
        return f"{self.module_title} (revision {self.revision_id})"
