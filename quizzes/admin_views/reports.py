"""Per-quiz results for trainers, as Wagtail reports with CSV and XLSX export.

Both reports are one grouped SQL query (plus Wagtail's count for pagination): attempts are
never loaded and looped over in Python, so the page costs the same for ten attempts or ten
thousand. Attempts still in progress are left out; a quiz deleted since keeps its results
under the title its attempts recorded.
"""

import django_filters
from django.db.models import Avg, Count, DecimalField, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, Round
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from ..localization import source_quiz_queryset
from ..models import Attempt, AttemptAnswer, Category, Question, Quiz
from .queries import SnapshotQuestionText

RESULTS_URL_NAME = "quizzes_results_report"
MISSED_URL_NAME = "quizzes_missed_questions_report"

#: Who sees results: anyone who may view quizzes (the Trainer role).
results_policy = ModelPermissionPolicy(Quiz)
VIEW = "view"

HANDED_IN = [Attempt.Status.AWAITING_MARKING, Attempt.Status.PASSED, Attempt.Status.FAILED]


def _rate(part, whole):
    """``part`` as a percentage of ``whole`` to one decimal, or NULL when ``whole`` is 0."""
    return Round(
        part * Value(100.0) / NullIf(whole, 0),
        1,
        output_field=DecimalField(max_digits=5, decimal_places=1),
    )


def _percent_for_csv(value):
    return "" if value is None else f"{value:.1f}"


def _percent_for_xlsx(value):
    return None if value is None else float(value)


#: Percentages export with one decimal in CSV and as numbers in XLSX, whatever the database.
PERCENT_EXPORT = {
    ReportView.FORMAT_CSV: _percent_for_csv,
    ReportView.FORMAT_XLSX: _percent_for_xlsx,
}


class PercentColumn(Column):
    """A percentage with one decimal, or a dash when there is nothing to divide by."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["value"] = "—" if value is None else f"{number_format(value, 1)} %"
        return context


# Results per quiz


class QuizResultsFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"), queryset=source_quiz_queryset().order_by("title")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="quiz__category", queryset=Category.objects.all()
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Handed in"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Attempt
        fields = ["quiz", "category", "submitted_at"]


def _missed_questions_url(row):
    if row["quiz_id"] is None:
        return None
    return reverse(MISSED_URL_NAME) + "?" + urlencode({"quiz": row["quiz_id"]})


class QuizResultsReportView(ReportView):
    """One row per quiz: attempts handed in, pass rate and average percent of decided ones."""

    page_title = _("Quiz results")
    header_icon = "tasks"
    index_url_name = RESULTS_URL_NAME
    index_results_url_name = RESULTS_URL_NAME + "_results"
    filterset_class = QuizResultsFilterSet
    permission_policy = results_policy
    permission_required = VIEW
    verbose_name_plural = _("quiz results")
    columns = [
        TitleColumn("title", label=_("Quiz"), get_url=_missed_questions_url),
        Column("attempts", label=_("Attempts")),
        Column("awaiting_marking", label=_("Awaiting marking")),
        Column("passed", label=_("Passed")),
        Column("failed", label=_("Failed")),
        PercentColumn("pass_rate", label=_("Pass rate")),
        PercentColumn("average_percent", label=_("Average score")),
    ]
    list_export = [
        "title",
        "attempts",
        "awaiting_marking",
        "passed",
        "failed",
        "pass_rate",
        "average_percent",
    ]
    export_headings = {
        "title": _("Quiz"),
        "attempts": _("Attempts"),
        "awaiting_marking": _("Awaiting marking"),
        "passed": _("Passed"),
        "failed": _("Failed"),
        "pass_rate": _("Pass rate (%)"),
        "average_percent": _("Average score (%)"),
    }

    custom_field_preprocess = {"pass_rate": PERCENT_EXPORT, "average_percent": PERCENT_EXPORT}

    def get_filename(self):
        return "quiz-results"

    def get_queryset(self):
        passed = Count("pk", filter=Q(status=Attempt.Status.PASSED))
        failed = Count("pk", filter=Q(status=Attempt.Status.FAILED))
        return (
            Attempt.objects.filter(status__in=HANDED_IN)
            .values("quiz_id", title=Coalesce(F("quiz__title"), F("quiz_title")))
            .annotate(
                attempts=Count("pk"),
                awaiting_marking=Count("pk", filter=Q(status=Attempt.Status.AWAITING_MARKING)),
                passed=passed,
                failed=failed,
                pass_rate=_rate(passed, passed + failed),
                average_percent=Round(
                    Avg("percent"), 1, output_field=DecimalField(max_digits=5, decimal_places=1)
                ),
            )
            .order_by("title", "quiz_id")
        )


# The questions most often missed


class MissedQuestionsFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"),
        field_name="attempt__quiz",
        queryset=source_quiz_queryset().order_by("title"),
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Handed in"), field_name="attempt__submitted_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = AttemptAnswer
        fields = ["quiz", "submitted_at"]


def _kind_label(value):
    try:
        return str(Question.Kind(value).label)
    except ValueError:
        return value


class MissedQuestionsReportView(ReportView):
    """One row per question and quiz, the most often missed first.

    A question counts as missed when its answer was not given full marks (``is_correct`` is
    false); essays count once marked. The text is the question's current wording, or the
    wording its attempts recorded if it has been deleted since.
    """

    page_title = _("Most missed questions")
    header_icon = "help"
    index_url_name = MISSED_URL_NAME
    index_results_url_name = MISSED_URL_NAME + "_results"
    filterset_class = MissedQuestionsFilterSet
    permission_policy = results_policy
    permission_required = VIEW
    verbose_name_plural = _("answered questions")
    columns = [
        Column("question_text", label=_("Question")),
        Column("kind", label=_("Kind"), accessor=lambda row: _kind_label(row["kind"])),
        Column("quiz_title", label=_("Quiz")),
        Column("answered", label=_("Answers marked")),
        Column("missed", label=_("Missed")),
        PercentColumn("miss_rate", label=_("Miss rate")),
    ]
    list_export = [
        "question_id",
        "question_text",
        "kind",
        "quiz_title",
        "answered",
        "missed",
        "miss_rate",
    ]
    export_headings = {
        "question_id": _("Question ID"),
        "question_text": _("Question"),
        "kind": _("Kind"),
        "quiz_title": _("Quiz"),
        "answered": _("Answers marked"),
        "missed": _("Missed"),
        "miss_rate": _("Miss rate (%)"),
    }
    custom_field_preprocess = {
        "miss_rate": PERCENT_EXPORT,
        "kind": {
            ReportView.FORMAT_CSV: _kind_label,
            ReportView.FORMAT_XLSX: _kind_label,
        },
    }

    def get_filename(self):
        return "most-missed-questions"

    def get_queryset(self):
        answered = Count("pk")
        missed = Count("pk", filter=Q(is_correct=False))
        live_text = Question.objects.filter(pk=OuterRef("question_id")).values("content")[:1]
        return (
            AttemptAnswer.objects.filter(attempt__status__in=HANDED_IN, is_correct__isnull=False)
            .values(
                "question_id",
                "kind",
                quiz_id=F("attempt__quiz_id"),
                quiz_title=Coalesce(F("attempt__quiz__title"), F("attempt__quiz_title")),
            )
            .annotate(
                answered=answered,
                missed=missed,
                miss_rate=_rate(missed, answered),
                question_text=Coalesce(
                    Subquery(live_text),
                    Max(SnapshotQuestionText("attempt__snapshot", "question_id")),
                ),
            )
            .order_by("-missed", "-miss_rate", "quiz_title", "question_id")
        )
