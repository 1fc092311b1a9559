from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .source import source_key_field, unique_source_key
from .taxonomy import Category


class Quiz(models.Model):
    """A quiz with every django-quiz-app option, plus what an examined course needs.

    The questions come from a pool (``Question.quizzes``); when ``max_questions`` is set, each
    attempt draws that many at random from the pool.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Unique short name used in addresses and imports, e.g. custody-basics."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("category"),
    )
    random_order = models.BooleanField(
        _("random order"),
        default=False,
        help_text=_("Show the questions in a random order instead of the order they were added."),
    )
    max_questions = models.PositiveIntegerField(
        _("maximum questions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Number of questions drawn at random from the pool for each attempt. "
            "Leave empty to ask every question."
        ),
    )
    answers_at_end = models.BooleanField(
        _("answers at end"),
        default=False,
        help_text=_(
            "Do not show the correct answer after each question; show all answers at the end."
        ),
    )
    exam_paper = models.BooleanField(
        _("exam paper"),
        default=False,
        help_text=_("Keep every attempt for review and marking."),
    )
    single_attempt = models.BooleanField(
        _("single attempt"),
        default=False,
        help_text=_("Each officer may take this quiz once only (the same as a maximum of 1)."),
    )
    max_attempts = models.PositiveIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Answers given after the limit are refused by the server. Leave empty for no limit."
        ),
    )
    one_question_per_page = models.BooleanField(
        _("one question per page"),
        default=True,
        help_text=_("Show one question per page; untick to show every question on one page."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percentage of the marks needed to pass, from 0 to 100."),
    )
    success_text = models.TextField(_("success text"), blank=True, help_text=_("Shown on a pass."))
    fail_text = models.TextField(_("fail text"), blank=True, help_text=_("Shown on a fail."))
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("A draft quiz is hidden from officers; only editors can take it."),
    )
    source_key = source_key_field()

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [unique_source_key("quiz")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Keep the two ways of saying "one attempt" in step, whoever saves the quiz.
        if self.single_attempt:
            self.max_attempts = 1
        elif self.max_attempts == 1:
            self.single_attempt = True
        super().save(*args, **kwargs)

    @property
    def attempt_limit(self):
        """The number of attempts an officer may start, or None for unlimited."""
        return 1 if self.single_attempt else self.max_attempts

    def clean(self):
        super().clean()
        if self.single_attempt and self.max_attempts not in (None, 1):
            raise ValidationError(
                {
                    "max_attempts": _(
                        "A single-attempt quiz allows exactly one attempt: "
                        "clear this field or untick “single attempt”."
                    )
                }
            )
