import random

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, PreviewableMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from .source import source_key_field, unique_source_key
from .taxonomy import Category


class Quiz(PreviewableMixin, TranslatableMixin, models.Model):
    """A quiz with every django-quiz-app option, plus what an examined course needs.

    The questions come from a pool (``Question.quizzes``); when ``max_questions`` is set, each
    attempt draws that many at random from the pool.

    Trainers preview a quiz in the admin (Wagtail's snippet preview): by default as an officer
    sees its questions, with nothing that says which answer is correct, and in a second mode
    with the answers, explanations and standards cited.

    Translatable (Wagtail's localisation): a translation carries the quiz's texts in another
    language and nothing else. The quiz in the default locale is the quiz: its pool, its
    options and every attempt belong to it (see ``quizzes.localization``).
    """

    #: The slug is the quiz's address in every language, so it is copied, not translated.
    override_translatable_fields = [SynchronizedField("slug")]

    #: The preview mode that shows the correct answers; the default mode ("") never does.
    PREVIEW_WITH_ANSWERS = "with_answers"

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
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
        unique_together = [("translation_key", "locale")]
        constraints = [
            # A translation shares its source's slug.
            models.UniqueConstraint(
                fields=["slug", "locale"], name="quizzes_quiz_unique_slug_per_locale"
            ),
            unique_source_key("quiz", per_locale=True),
        ]

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
        # The (slug, locale) constraint is not checked by forms, which leave out the locale.
        locale_id = self.locale_id or Locale.get_default().pk
        if (
            self.slug
            and Quiz.objects.filter(slug=self.slug, locale_id=locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"slug": _("Another quiz already has this slug.")})
        if self.single_attempt and self.max_attempts not in (None, 1):
            raise ValidationError(
                {
                    "max_attempts": _(
                        "A single-attempt quiz allows exactly one attempt: "
                        "clear this field or untick “single attempt”."
                    )
                }
            )

    # Preview in the admin

    @property
    def preview_modes(self):
        return [
            ("", _("As an officer sees it")),
            (self.PREVIEW_WITH_ANSWERS, _("With answers")),
        ]

    def get_preview_template(self, request, mode_name):
        if mode_name == self.PREVIEW_WITH_ANSWERS:
            return "quizzes/preview_answers.html"
        return "quizzes/preview.html"

    def get_preview_context(self, request, mode_name):
        """The quiz's whole pool, built as an attempt would build it.

        Each question goes through the attempt's snapshot (``quizzes.snapshots``), so the preview
        shows what an attempt started now would ask. In the officer's mode only its public copy
        (``taking.public_question``) reaches the template, as on the officer's own pages.
        """
        # Imported here: these modules import the models package.
        from ..localization import default_language, texts_for
        from ..snapshots import question_snapshot
        from ..taking import AnswerForm, QuestionItem, citation, public_question

        questions, texts = [], None
        if self.pk is not None:  # a quiz being added has no pool yet
            source = self
            language = self.locale.language_code if self.locale_id else default_language()
            if language != default_language():
                # A translation has no pool: show its source's, in the translation's language.
                source = (
                    Quiz.objects.filter(
                        translation_key=self.translation_key,
                        locale__language_code=default_language(),
                    ).first()
                    or self
                )
            questions = list(
                source.questions.filter(locale_id=source.locale_id)
                .select_related("category", "sub_category", "figure")
                .prefetch_related("answers")
                .order_by("pk")
            )
            if source is not self:
                texts = texts_for(
                    question_ids=[question.pk for question in questions],
                    answer_ids=[a.pk for question in questions for a in question.answers.all()],
                    language=language,
                )
        rng = random.Random()
        total = len(questions)
        items = []
        for number, question in enumerate(questions, start=1):
            snapshot = question_snapshot(question, rng)
            if texts is not None:
                snapshot = texts.question(snapshot)
            if mode_name == self.PREVIEW_WITH_ANSWERS:
                items.append(
                    {
                        "number": number,
                        "total": total,
                        "question": snapshot,
                        "citation": citation(snapshot),
                        "figure": question.figure,
                    }
                )
            else:
                public = public_question(snapshot)
                items.append(
                    QuestionItem(
                        number=number,
                        total=total,
                        question=public,
                        answered=False,
                        form=AnswerForm(public),
                        figure=question.figure,
                    )
                )
        return {
            **super().get_preview_context(request, mode_name),
            "quiz": self,
            "items": items,
            "question_count": min(total, self.max_questions or total),
            "pool_size": total,
        }
