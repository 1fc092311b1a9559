"""The quiz engine in Wagtail's admin: question banks, quizzes and categories as snippets.

Registering Quiz as a snippet is also what lets a course module choose one with
``SnippetChooserBlock("quizzes.Quiz")``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import QuestionForm
from .models import Category, Question, Quiz, SubCategory


class QuizViewSet(SnippetViewSet):
    model = Quiz
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
    """The question bank: every question, filterable by category, kind and quiz."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    list_display = ["__str__", "kind", "category", "sub_category"]
    list_filter = ["category", "kind", "quizzes"]
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
    model = Category
    icon = "folder"
    menu_label = _("Categories")
    list_display = ["name"]
    search_fields = ["name"]
    panels = [FieldPanel("name")]


class SubCategoryViewSet(SnippetViewSet):
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


@hooks.register("register_log_actions")
def register_attempt_log_actions(actions):
    actions.register_action(
        "quizzes.attempt.start", _("Start quiz attempt"), _("Started a quiz attempt")
    )
    actions.register_action(
        "quizzes.attempt.finish", _("Finish quiz attempt"), _("Finished a quiz attempt")
    )
    actions.register_action("quizzes.attempt.mark", _("Mark essay"), _("Marked an essay answer"))
