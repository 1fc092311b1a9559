"""The essay marking queue: every essay awaiting a marker, oldest first, and its marking form.

The views only read and present; ``services.mark_essay`` checks the permission, the score
and who may mark what, and decides the attempt after its last essay.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .. import services
from ..localization import source_quiz_queryset
from ..models import Attempt, AttemptAnswer, Question
from .forms import MarkEssayForm
from .notifications import notify_result_ready
from .queries import SnapshotQuestionText

#: Who may open the queue and mark: ``quizzes.mark_attempt``, as ``services.mark_essay`` checks.
marking_policy = ModelPermissionPolicy(Attempt)
MARK = "mark"

INDEX_URL_NAME = "quiz_marking:index"
RESULTS_URL_NAME = "quiz_marking:index_results"
MARK_URL_NAME = "quiz_marking:mark"


def essays_awaiting_marking():
    """Essay answers of handed-in attempts that no one has marked yet."""
    return AttemptAnswer.objects.filter(
        kind=Question.Kind.ESSAY,
        marked_at__isnull=True,
        attempt__status=Attempt.Status.AWAITING_MARKING,
    )


class MarkingQueueFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"),
        field_name="attempt__quiz",
        queryset=source_quiz_queryset().order_by("title"),
    )

    class Meta:
        model = AttemptAnswer
        fields = ["quiz"]


class MarkingQueueView(PermissionCheckedMixin, BaseListingView):
    """Oldest hand-in first, so no officer waits behind later ones; one query per page."""

    permission_policy = marking_policy
    permission_required = MARK
    page_title = _("Essays to mark")
    header_icon = "edit"
    paginate_by = 50
    index_url_name = INDEX_URL_NAME
    index_results_url_name = RESULTS_URL_NAME
    filterset_class = MarkingQueueFilterSet
    verbose_name_plural = _("essays awaiting marking")
    columns = [
        TitleColumn(
            "question_text",
            label=_("Question"),
            get_url=lambda answer: reverse(MARK_URL_NAME, args=[answer.pk]),
        ),
        Column("officer_name", label=_("Officer")),
        Column("quiz_title", label=_("Quiz")),
        Column("attempt_number", label=_("Attempt")),
        DateColumn("submitted_at", label=_("Submitted")),
    ]

    def get_queryset(self):
        queryset = (
            essays_awaiting_marking()
            .annotate(
                officer_name=F("attempt__user_name"),
                quiz_title=F("attempt__quiz_title"),
                attempt_number=F("attempt__attempt_number"),
                submitted_at=F("attempt__submitted_at"),
                question_text=SnapshotQuestionText("attempt__snapshot", "question_id"),
            )
            .only("pk", "attempt_id", "question_id")
            .order_by("attempt__submitted_at", "attempt_id", "question_id")
        )
        return self.filter_queryset(queryset)


class MarkEssayView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One essay with the question as the officer read it, and the score and comment form."""

    permission_policy = marking_policy
    permission_required = MARK
    template_name = "quizzes/admin/mark_essay.html"
    form_class = MarkEssayForm
    page_title = _("Mark an essay")
    header_icon = "edit"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = pk

    @cached_property
    def answer(self):
        return get_object_or_404(
            AttemptAnswer.objects.select_related("attempt"),
            pk=self.pk,
            kind=Question.Kind.ESSAY,
        )

    @cached_property
    def question(self):
        return self.answer.attempt.question_snapshot(self.answer.question_id) or {}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("Essays to mark")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return self.answer.attempt.user_name

    def dispatch(self, request, *args, **kwargs):
        # Permission first (PermissionCheckedMixin), then whether there is anything to mark.
        if not marking_policy.user_has_permission(request.user, MARK):
            return super().dispatch(request, *args, **kwargs)
        if not self.answer.awaiting_marking:
            messages.warning(
                request,
                _("This essay was marked by %(marker)s: its score cannot be changed here.")
                % {"marker": self.answer.marker_name or _("someone else")},
            )
            return redirect(INDEX_URL_NAME)
        if self.answer.attempt.status != Attempt.Status.AWAITING_MARKING:
            messages.warning(request, _("This attempt is not awaiting marking."))
            return redirect(INDEX_URL_NAME)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "maximum": self.question.get("points", 1)}

    def get_context_data(self, **kwargs):
        attempt = self.answer.attempt
        return super().get_context_data(
            answer=self.answer,
            attempt=attempt,
            question=self.question,
            own_attempt=attempt.user_id == self.request.user.pk,
            action_url=self.request.path,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            answer = services.mark_essay(
                self.answer,
                self.request.user,
                form.cleaned_data["score"],
                form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if error.code == "invalid_score":
                form.add_error("score", error)
                return self.form_invalid(form)
            messages.error(self.request, " ".join(error.messages))
            return redirect(INDEX_URL_NAME)

        attempt = answer.attempt
        if attempt.is_decided:
            transaction.on_commit(lambda: self._tell_officer(attempt))
        else:
            remaining = attempt.answers.filter(
                kind=Question.Kind.ESSAY, marked_at__isnull=True
            ).count()
            messages.success(
                self.request,
                ngettext(
                    "Essay marked. %(count)d more essay in this attempt awaits marking.",
                    "Essay marked. %(count)d more essays in this attempt await marking.",
                    remaining,
                )
                % {"count": remaining},
            )
        return redirect(INDEX_URL_NAME)

    def _tell_officer(self, attempt):
        context = {"name": attempt.user_name, "result": attempt.get_status_display().lower()}
        if notify_result_ready(attempt, marker=self.request.user, request=self.request):
            message = _(
                "Essay marked. The attempt is decided (%(result)s) and %(name)s has been "
                "emailed that the result is ready."
            )
            messages.success(self.request, message % context)
        else:
            message = _(
                "Essay marked. The attempt is decided (%(result)s), but %(name)s could not be "
                "emailed (no address, or the mail server refused it): tell them another way."
            )
            messages.warning(self.request, message % context)


class MarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return marking_policy.user_has_permission(request.user, MARK)


class MarkingViewSet(ViewSet):
    """The marking queue's admin URLs and its menu item, shown only to markers."""

    name = "quiz_marking"
    url_prefix = "quizzes/marking"
    icon = "edit"
    menu_label = _("Essays to mark")
    menu_name = "quiz-marking"
    menu_order = 301
    add_to_admin_menu = True
    menu_item_class = MarkingMenuItem

    def get_urlpatterns(self):
        return [
            path("", MarkingQueueView.as_view(), name="index"),
            path("results/", MarkingQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", MarkEssayView.as_view(), name="mark"),
        ]
