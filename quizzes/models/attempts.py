from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .questions import Question
from .quizzes import Quiz
from .source import source_key_field, unique_source_key


class Attempt(models.Model):
    """One officer's sitting of a quiz: the record of what was asked, answered and scored.

    Records outlive content. The questions as they were asked (text, options, correct
    answers, explanation, citation) are copied into ``snapshot`` when the attempt starts, so
    later edits to a question never rewrite an officer's history; the officer's name and the
    quiz title are kept as text too. Deleting a quiz keeps its attempts (``SET_NULL``);
    an officer with attempts cannot be deleted (``PROTECT``): deactivate the account instead.

    ``snapshot`` has the shape::

        {"quiz": {"id", "title", "pass_mark", "answers_at_end", "exam_paper", ...},
         "questions": {"<question id>": {"id", "kind", "content", "explanation",
                                          "cites_instrument", "cites_article", "citation",
                                          "category_id", "category", "sub_category",
                                          "figure_id", "points", "true_false_answer",
                                          "answers": [{"id", "content", "correct"}, ...]}}}

    with the answers in the order they are shown in this attempt.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_MARKING = "awaiting_marking", _("Awaiting marking")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
        verbose_name=_("officer"),
    )
    user_name = models.CharField(_("officer's name"), max_length=300)
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("quiz"),
    )
    quiz_title = models.CharField(_("quiz title"), max_length=200)
    attempt_number = models.PositiveIntegerField(_("attempt number"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"))
    question_order = models.JSONField(_("question order"), default=list)
    snapshot = models.JSONField(_("questions as asked"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=0)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, default=0)
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    decided_at = models.DateTimeField(
        _("decided at"),
        null=True,
        blank=True,
        help_text=_("When the result (pass or fail) was decided; later than submission if marked."),
    )
    source_key = source_key_field()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        permissions = [("mark_attempt", _("Can mark essay answers"))]
        constraints = [
            # The attempt limit holds under races: two attempts started at the same moment
            # compute the same number and one of them fails here.
            models.UniqueConstraint(
                fields=["user", "quiz", "attempt_number"], name="quizzes_unique_attempt_number"
            ),
            unique_source_key("attempt"),
        ]
        indexes = [models.Index(fields=["status"], name="quizzes_attempt_status_idx")]

    def __str__(self):
        return _("%(name)s: %(quiz)s, attempt %(number)s") % {
            "name": self.user_name,
            "quiz": self.quiz_title,
            "number": self.attempt_number,
        }

    @property
    def is_open(self):
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_decided(self):
        return self.status in (self.Status.PASSED, self.Status.FAILED)

    @property
    def passed(self):
        """True or False once decided; None while in progress or awaiting marking."""
        if not self.is_decided:
            return None
        return self.status == self.Status.PASSED

    def is_past_deadline(self, now):
        return self.deadline is not None and now > self.deadline

    def question_snapshot(self, question_id):
        """The question as asked in this attempt, or None if it was not asked."""
        return self.snapshot.get("questions", {}).get(str(question_id))

    def questions_as_asked(self):
        """The question snapshots in the order they were asked."""
        questions = self.snapshot.get("questions", {})
        return [questions[str(question_id)] for question_id in self.question_order]


class AttemptAnswer(models.Model):
    """The answer given to one question of an attempt, checked against the attempt's snapshot.

    ``question_id`` is a plain integer, not a foreign key: the question may be edited or
    deleted later, and what counts is the question as asked (in the attempt's snapshot).
    """

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question_id = models.PositiveBigIntegerField(_("question id"))
    kind = models.CharField(_("kind"), max_length=20, choices=Question.Kind.choices)
    selected_answer_ids = models.JSONField(_("selected answers"), default=list, blank=True)
    boolean_answer = models.BooleanField(_("true or false answer"), null=True, blank=True)
    essay_text = models.TextField(_("essay"), blank=True)
    is_correct = models.BooleanField(
        _("correct"), null=True, blank=True, help_text=_("Empty until an essay is marked.")
    )
    awarded_score = models.DecimalField(
        _("awarded score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    marker_comment = models.TextField(_("marker's comment"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marker_name = models.CharField(_("marker's name"), max_length=300, blank=True)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        ordering = ["attempt", "answered_at", "pk"]
        verbose_name = _("answer given")
        verbose_name_plural = _("answers given")
        constraints = [
            # A double-submitted answer is recorded, and counted, once.
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="quizzes_one_answer_per_question"
            ),
        ]

    def __str__(self):
        return _("Answer to question %(question)s in %(attempt)s") % {
            "question": self.question_id,
            "attempt": self.attempt,
        }

    @property
    def awaiting_marking(self):
        return self.kind == Question.Kind.ESSAY and self.marked_at is None


class AttemptAllowance(models.Model):
    """Counts an officer's attempts at a quiz towards its attempt limit only from
    ``counts_from`` on, for instance when a refresher course asks for the quiz again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("officer"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="+", verbose_name=_("quiz")
    )
    counts_from = models.DateTimeField(_("attempts count from"))

    class Meta:
        verbose_name = _("attempt allowance")
        verbose_name_plural = _("attempt allowances")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="unique_attempt_allowance"),
        ]

    def __str__(self):
        return f"{self.user_id}/{self.quiz_id} from {self.counts_from:%Y-%m-%d %H:%M}"
