"""The quiz engine in Wagtail's admin: question banks, quizzes and categories as snippets, the
essay marking queue, the results reports and the audit log's quiz actions.

Registering Quiz as a snippet is also what lets a course module choose one with
``SnippetChooserBlock("quizzes.Quiz")``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views.bank_import import IMPORT_URL_NAME, QuestionBankImportView, QuestionIndexView
from .admin_views.choosers import PermissionCheckedSnippetChooserViewSet
from .admin_views.marking import MarkingViewSet
from .admin_views.reports import (
    MISSED_URL_NAME,
    RESULTS_URL_NAME,
    MissedQuestionsReportView,
    QuizResultsReportView,
    results_policy,
)
from .admin_views.translations import QuestionFilterSet, TranslatableIndexView
from .forms import QuestionForm
from .models import Category, Question, Quiz, SubCategory


class QuizViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Quiz
    index_view_class = TranslatableIndexView
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "category", "pass_mark", "draft"]
    list_filter = ["category", "draft"]
    search_fields = ["title", "description"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldRowPanel([FieldPanel("single_attempt"), FieldPanel("max_attempts")]),
                FieldPanel("time_limit_minutes"),
                FieldPanel("exam_paper"),
            ],
            heading=_("Examination"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_questions"),
                FieldPanel("random_order"),
                FieldPanel("one_question_per_page"),
                FieldPanel("answers_at_end"),
            ],
            heading=_("Questions"),
        ),
        MultiFieldPanel(
            [FieldPanel("success_text"), FieldPanel("fail_text")], heading=_("Result texts")
        ),
        FieldPanel("draft"),
    ]


class QuestionViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    """The question bank: every question, filterable by category, kind and quiz."""

    model = Question
    index_view_class = QuestionIndexView
    icon = "help"
    menu_label = _("Question bank")
    list_display = ["__str__", "kind", "category", "sub_category"]
    filterset_class = QuestionFilterSet
    search_fields = ["content", "explanation", "cites_instrument"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("content"),
            FieldPanel("figure"),
            FieldPanel("quizzes"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("sub_category")]),
            MultiFieldPanel(
                [FieldPanel("answer_order"), InlinePanel("answers", label=_("Answer"))],
                heading=_("Multiple choice"),
            ),
            FieldPanel("true_false_answer", heading=_("True or false")),
            FieldPanel("explanation"),
            FieldRowPanel(
                [FieldPanel("cites_instrument"), FieldPanel("cites_article")],
                heading=_("Standard cited in feedback"),
            ),
        ],
        base_form_class=QuestionForm,
    )

    def get_queryset(self, request):
        return Question.objects.select_related("category", "sub_category__category")


class CategoryViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Category
    icon = "folder"
    menu_label = _("Categories")
    list_display = ["name"]
    search_fields = ["name"]
    panels = [FieldPanel("name")]


class SubCategoryViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = SubCategory
    icon = "folder-open-1"
    menu_label = _("Sub-categories")
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("category")]

    def get_queryset(self, request):
        return SubCategory.objects.select_related("category")


class QuizzesViewSetGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, CategoryViewSet, SubCategoryViewSet)
    menu_label = _("Quizzes")
    menu_icon = "tasks"
    menu_order = 300


register_snippet(QuizzesViewSetGroup)


@hooks.register("register_admin_viewset")
def register_marking_viewset():
    return MarkingViewSet()


@hooks.register("register_admin_urls")
def register_question_bank_import_url():
    return [
        path(
            "quizzes/question-bank/import/",
            QuestionBankImportView.as_view(),
            name=IMPORT_URL_NAME,
        )
    ]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/quiz-results/", QuizResultsReportView.as_view(), name=RESULTS_URL_NAME),
        path(
            "reports/quiz-results/results/",
            QuizResultsReportView.as_view(results_only=True),
            name=f"{RESULTS_URL_NAME}_results",
        ),
        path(
            "reports/missed-questions/",
            MissedQuestionsReportView.as_view(),
            name=MISSED_URL_NAME,
        ),
        path(
            "reports/missed-questions/results/",
            MissedQuestionsReportView.as_view(results_only=True),
            name=f"{MISSED_URL_NAME}_results",
        ),
    ]


class ResultsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return results_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return ResultsReportMenuItem(
        _("Quiz results"),
        reverse(RESULTS_URL_NAME),
        name="quiz-results",
        icon_name="tasks",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_missed_questions_menu_item():
    return ResultsReportMenuItem(
        _("Most missed questions"),
        reverse(MISSED_URL_NAME),
        name="missed-questions",
        icon_name="help",
        order=1310,
    )


class MarkEssayLogFormatter(LogFormatter):
    """Says which question was marked and with what score (kept in the entry's data)."""

    label = _("Mark essay")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if "score" not in data:
            return _("Marked an essay answer")
        return _("Marked the essay answering question %(question)s: %(score)s") % {
            "question": data.get("question_id", "?"),
            "score": data["score"],
        }


@hooks.register("register_log_actions")
def register_attempt_log_actions(actions):
    actions.register_action(
        "quizzes.attempt.start", _("Start quiz attempt"), _("Started a quiz attempt")
    )
    actions.register_action(
        "quizzes.attempt.finish", _("Finish quiz attempt"), _("Finished a quiz attempt")
    )
    actions.register_action("quizzes.attempt.mark")(MarkEssayLogFormatter)
    actions.register_action(
        "quizzes.attempt.notify",
        _("Tell officer of result"),
        _("Emailed the officer that the marked result is ready"),
    )


@hooks.register("register_log_actions")
def register_question_bank_log_actions(actions):
    actions.register_action(
        "quizzes.question.import",
        _("Import question"),
        _("Created or updated from a question bank file"),
    )
