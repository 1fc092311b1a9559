from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, TranslatableMixin

from .quizzes import Quiz
from .source import source_key_field, unique_source_key
from .taxonomy import Category, SubCategory


class Question(TranslatableMixin, ClusterableModel):
    """A question of any kind, in one table with a ``kind`` column.

    django-quiz-app stores each question type in its own table (multi-table inheritance).
    We do not: with one table a quiz's questions come back in one query whatever their
    types, listings filter and count by kind with plain ``WHERE`` clauses, and the
    number of queries per page stays constant as quizzes grow. The few type-specific fields
    (``answer_order`` for multiple choice, ``true_false_answer`` for true/false) are
    nullable columns checked in ``clean()``.

    A question can sit in several quizzes, or in none (it then waits in the question bank).

    Translatable: a translation carries the question, its explanation, the standard it cites
    (by its official name in that language) and its options' texts in another language.
    Pools, answers given and scores always refer to the question and options in the default
    locale; a translation sits in no pool.
    """

    class Kind(models.TextChoices):
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        ESSAY = "essay", _("Essay")

    class AnswerOrder(models.TextChoices):
        CONTENT = "content", _("Alphabetical")
        RANDOM = "random", _("Random")
        NONE = "none", _("As entered")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MULTIPLE_CHOICE
    )
    quizzes = models.ManyToManyField(
        Quiz,
        blank=True,
        related_name="questions",
        verbose_name=_("quizzes"),
        help_text=_("The quizzes whose pool holds this question; it may be in none."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
    )
    sub_category = models.ForeignKey(
        SubCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("sub-category"),
    )
    figure = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("figure"),
        help_text=_("An optional image shown with the question."),
    )
    content = models.TextField(
        _("question"), max_length=1000, help_text=_("The question as the officer reads it.")
    )
    explanation = models.TextField(
        _("explanation"),
        max_length=2000,
        blank=True,
        help_text=_("Shown after the question has been answered."),
    )
    answer_order = models.CharField(
        _("answer order"),
        max_length=10,
        choices=AnswerOrder.choices,
        default=AnswerOrder.RANDOM,
        blank=True,
        help_text=_("For multiple choice: the order in which the answers are shown."),
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"),
        null=True,
        blank=True,
        help_text=_("For true or false: whether the statement is true."),
    )
    cites_instrument = models.CharField(
        _("cites instrument"),
        max_length=255,
        blank=True,
        help_text=_("The standard this question rests on, e.g. ICRMW."),
    )
    cites_article = models.CharField(
        _("cites article"), max_length=100, blank=True, help_text=_("e.g. art. 16.7")
    )
    source_key = source_key_field()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        unique_together = [("translation_key", "locale")]
        constraints = [unique_source_key("question", per_locale=True)]

    def __str__(self):
        return Truncator(self.content).chars(80)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.TRUE_FALSE:
            if self.true_false_answer is None:
                raise ValidationError(
                    {"true_false_answer": _("Say whether the statement is true or false.")}
                )
        else:
            self.true_false_answer = None
        if self.sub_category_id and self.category_id:
            sub_category = self.sub_category
            if sub_category.category_id not in (None, self.category_id):
                raise ValidationError(
                    {
                        "sub_category": _(
                            "This sub-category belongs to another category (%(category)s)."
                        )
                        % {"category": sub_category.category}
                    }
                )

    @property
    def citation(self):
        """The instrument and article, as one line for feedback ("ICRMW, art. 16.7")."""
        return ", ".join(part for part in (self.cites_instrument, self.cites_article) if part)


class Answer(TranslatableMixin, Orderable):
    """One option of a multiple-choice question; one or more options may be correct.

    Translatable so that wagtail-localize translates each option as its own segment and a
    translated option maps back to its source by ``translation_key``.
    """

    question = ParentalKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    content = models.CharField(_("answer"), max_length=1000)
    correct = models.BooleanField(_("correct"), default=False)
    source_key = source_key_field()

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        unique_together = [("translation_key", "locale")]
        constraints = [unique_source_key("answer", per_locale=True)]

    def __str__(self):
        return Truncator(self.content).chars(80)
