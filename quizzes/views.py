"""The officer's side of taking a quiz: start, answer, hand in, see the result.

Small class-based views that call ``quizzes.services`` and nothing else that changes data.
Every page works without JavaScript (plain forms, POST-redirect-GET) and reads the attempt's
snapshot, never the live questions. Access rules:

* anonymous users are sent to log in;
* a quiz's start page is open to any signed-in user, except a draft quiz, which only editors
  (``quizzes.change_quiz``) see: everyone else gets 404, as if it did not exist;
* an attempt is seen and answered by its owner only: anyone else, trainers and auditors
  included, gets 404 (not 403) so attempt ids cannot be probed. Trainers mark essays in
  the Wagtail admin.
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.images import get_image_model

from . import localization, services, taking
from .models import Attempt

#: The rendition used for question figures (quizzes/includes/figure.html uses the same).
FIGURE_FILTER = "max-800x600"

EDIT_QUIZ_PERMISSION = "quizzes.change_quiz"


def error_messages(error):
    """The messages of a ``ValidationError``, formatted with its parameters."""
    return list(error.messages)


class NextUrlMixin:
    """Carries a validated ``next`` address through the quiz so the officer can go back.

    A course module links to the quiz with ``?next=<the module's address>``; every page of the
    quiz passes it on, and the start and result pages link back to it. Addresses on other
    hosts or schemes are ignored.
    """

    def get_next_url(self):
        url = self.request.GET.get("next", "")
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return ""

    @property
    def next_query(self):
        url = self.get_next_url()
        return "?" + urlencode({"next": url}) if url else ""

    def url(self, name, *args):
        return reverse(f"quizzes:{name}", args=args) + self.next_query

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next_url=self.get_next_url(), next_query=self.next_query, **kwargs
        )


# Starting


class QuizStartView(LoginRequiredMixin, NextUrlMixin, TemplateView):
    """What the quiz asks of the officer, their attempts so far, and a "Start" button (POST)."""

    template_name = "quizzes/quiz_start.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # The address names the quiz in the default locale; its translations share its slug.
        self.quiz = get_object_or_404(
            localization.with_quiz_texts(localization.source_quiz_queryset()), slug=kwargs["slug"]
        )
        if self.quiz.draft and not request.user.has_perm(EDIT_QUIZ_PERMISSION):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        quiz = self.quiz
        attempts = list(
            Attempt.objects.filter(user=self.request.user, quiz=quiz).only(
                "pk", "status", "attempt_number", "started_at", "deadline", "percent"
            )
        )
        pool_size = localization.in_default_locale(quiz.questions.all()).count()
        limit = quiz.attempt_limit
        counts_from = services.attempts_count_from(self.request.user, quiz) if limit else None
        used = sum(1 for a in attempts if counts_from is None or a.started_at >= counts_from)
        in_progress = next((a for a in attempts if a.is_open), None)
        finished = [a for a in attempts if not a.is_open]
        return super().get_context_data(
            quiz=quiz,
            shown=localization.quiz_texts(quiz),
            question_count=min(pool_size, quiz.max_questions or pool_size),
            attempts_used=used,
            attempt_limit=limit,
            in_progress=in_progress,
            last_finished=finished[0] if finished else None,
            may_start=in_progress is None and (limit is None or used < limit),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            attempt = services.start_attempt(request.user, self.quiz)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error_messages(error)))
        return redirect(self.url("attempt", attempt.pk))


# Taking an attempt


class OwnAttemptMixin(LoginRequiredMixin, NextUrlMixin):
    """Finds the attempt among the signed-in user's own: anyone else's is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.attempt = get_object_or_404(
            Attempt.objects.select_related("quiz"), pk=kwargs["pk"], user=request.user
        )
        self.now = timezone.now()
        return super().dispatch(request, *args, **kwargs)

    def answers(self):
        return {answer.question_id: answer for answer in self.attempt.answers.all()}

    @cached_property
    def texts(self):
        """The attempt's texts in the reader's language (one query, none in the default)."""
        return localization.attempt_texts(self.attempt)

    @cached_property
    def shown_quiz(self):
        quiz = self.attempt.snapshot.get("quiz", {})
        return self.texts.quiz({**quiz, "title": quiz.get("title") or self.attempt.quiz_title})

    def figures(self, numbers=None):
        """The figures of the questions shown, in one query (and one for their renditions)."""
        ids = taking.figure_ids(self.attempt, numbers)
        if not ids:
            return {}
        images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(FIGURE_FILTER)
        return {image.pk: image for image in images}

    def items(self, *, data=None, numbers=None):
        return taking.question_items(
            self.attempt,
            self.answers(),
            now=self.now,
            data=data,
            numbers=numbers,
            figures=self.figures(numbers),
            texts=self.texts,
        )

    def get_context_data(self, **kwargs):
        attempt = self.attempt
        return super().get_context_data(
            attempt=attempt,
            quiz_title=self.shown_quiz["title"],
            quiz_title_lang=self.shown_quiz.get("title_lang", ""),
            question_total=len(attempt.question_order),
            accepts_answers=taking.accepts_answers(attempt, self.now),
            time_is_up=attempt.is_open and attempt.is_past_deadline(self.now),
            feedback_after_each_question=taking.feedback_after_each_question(attempt),
            **kwargs,
        )

    def submit(self, question_ids, *, skip_blank):
        """Submit the answers to ``question_ids`` from the POST, all or none.

        Returns ``(errors, forms)``: page-level messages, and the bound forms of the
        questions the service refused (with its messages added). When anything is refused,
        every answer of this submission is rolled back, so a page of answers is recorded whole
        or not at all.
        """
        errors, forms, submitted = [], {}, 0
        # A page never holds more questions than the attempt: ignore repeats and extras.
        question_ids = list(dict.fromkeys(question_ids))[: len(self.attempt.question_order)]
        with transaction.atomic():
            for raw_id in question_ids:
                try:
                    question = self.attempt.question_snapshot(int(raw_id))
                except (TypeError, ValueError):
                    question = None
                form = None
                if question is not None:
                    form = taking.AnswerForm(
                        taking.public_question(question), data=self.request.POST
                    )
                    if skip_blank and form.is_blank():
                        continue
                submitted += 1
                try:
                    services.submit_answer(
                        self.attempt,
                        self.request.user,
                        raw_id,
                        form.payload() if form is not None else {},
                        now=self.now,
                    )
                except ValidationError as error:
                    if form is not None and error.code in taking.QUESTION_ERROR_CODES:
                        form.add_error("answer", error)
                        forms[question["id"]] = form
                    else:
                        errors.extend(m for m in error_messages(error) if m not in errors)
                    if error.code in taking.ATTEMPT_ERROR_CODES:
                        break
            if not submitted and not errors:
                errors.append(_("Answer at least one question before submitting your answers."))
            if errors or forms:
                transaction.set_rollback(True)
        if errors or forms:
            self.attempt.refresh_from_db()
        return errors, forms

    def with_refused_forms(self, items, forms):
        """Put the refused forms (bound, with the service's messages) in their items."""
        for item in items:
            if item.form is not None and item.question["id"] in forms:
                item.form = forms[item.question["id"]]
        return items

    def refused_context(self, errors, forms, numbers=None):
        items = self.with_refused_forms(self.items(data=self.request.POST, numbers=numbers), forms)
        summary = list(errors)
        # A refused answer whose question is not shown here (or no longer takes answers)
        # still gets its message, at the top of the page.
        placed = {item.question["id"] for item in items if item.form is not None}
        for question_id, form in forms.items():
            if question_id not in placed:
                summary.extend(m for m in form.errors.get("answer", ()) if m not in summary)
        links = [
            (item.form.anchor_id, message)
            for item in items
            if item.form is not None and item.form.errors
            for message in item.form.errors.get("answer", ())
        ]
        return {"items": items, "errors": summary, "error_links": links}


class AttemptView(OwnAttemptMixin, TemplateView):
    """The attempt: every question on one page, or a redirect to the next one to answer."""

    template_name = "quizzes/attempt_page.html"

    def get(self, request, *args, **kwargs):
        attempt = self.attempt
        if not attempt.is_open:
            return redirect(self.url("result", attempt.pk))
        if taking.one_question_per_page(attempt):
            answered = set(attempt.answers.values_list("question_id", flat=True))
            for number, question_id in enumerate(attempt.question_order, start=1):
                if question_id not in answered:
                    return redirect(self.url("question", attempt.pk, number))
            return redirect(self.url("finish", attempt.pk))
        return self.render_to_response(self.get_context_data(items=self.items()))

    def post(self, request, *args, **kwargs):
        if taking.one_question_per_page(self.attempt):
            return redirect(self.url("attempt", self.attempt.pk))
        errors, forms = self.submit(request.POST.getlist("question"), skip_blank=True)
        if errors or forms:
            return self.render_to_response(
                self.get_context_data(**self.refused_context(errors, forms))
            )
        return redirect(self.url("attempt", self.attempt.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = context.get("items", ())
        context["unanswered_count"] = sum(1 for item in items if not item.answered)
        return context


class QuestionView(OwnAttemptMixin, TemplateView):
    """One question of the attempt: its form, or once answered, the feedback on it."""

    template_name = "quizzes/attempt_question.html"

    def number(self):
        number = self.kwargs["number"]
        if not 1 <= number <= len(self.attempt.question_order):
            raise Http404
        return number

    def get(self, request, *args, **kwargs):
        attempt = self.attempt
        number = self.number()
        if not attempt.is_open:
            return redirect(self.url("result", attempt.pk))
        if not taking.one_question_per_page(attempt):
            return redirect(self.url("attempt", attempt.pk) + f"#question-{self.question_id()}")
        return self.render_to_response(
            self.get_context_data(items=self.items(numbers={number}), number=number)
        )

    def question_id(self):
        return self.attempt.question_order[self.number() - 1]

    def post(self, request, *args, **kwargs):
        attempt = self.attempt
        number = self.number()
        question_ids = request.POST.getlist("question")[:1] or [self.question_id()]
        errors, forms = self.submit(question_ids, skip_blank=False)
        if errors or forms:
            return self.render_to_response(
                self.get_context_data(
                    number=number, **self.refused_context(errors, forms, numbers={number})
                )
            )
        if taking.feedback_after_each_question(attempt):
            return redirect(self.url("question", attempt.pk, number))
        return redirect(self.next_url_after(number))

    def next_url_after(self, number):
        """The next question still to answer (after this one, then from the start), or the
        page to hand the attempt in."""
        answered = set(self.attempt.answers.values_list("question_id", flat=True))
        order = self.attempt.question_order
        numbers = [*range(number + 1, len(order) + 1), *range(1, number)]
        for candidate in numbers:
            if order[candidate - 1] not in answered:
                return self.url("question", self.attempt.pk, candidate)
        return self.url("finish", self.attempt.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = context["number"]
        total = len(self.attempt.question_order)
        context["next_link"] = (
            self.url("question", self.attempt.pk, number + 1)
            if number < total
            else self.url("finish", self.attempt.pk)
        )
        context["is_last"] = number == total
        return context


class FinishView(OwnAttemptMixin, TemplateView):
    """Hand the attempt in: a confirmation page (GET) and the finish itself (POST)."""

    template_name = "quizzes/attempt_finish.html"

    def get(self, request, *args, **kwargs):
        if not self.attempt.is_open:
            return redirect(self.url("result", self.attempt.pk))
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        try:
            services.finish_attempt(self.attempt, user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error_messages(error)))
        return redirect(self.url("result", self.attempt.pk))

    def get_context_data(self, **kwargs):
        answered = set(self.attempt.answers.values_list("question_id", flat=True))
        unanswered = [
            number
            for number, question_id in enumerate(self.attempt.question_order, start=1)
            if question_id not in answered
        ]
        return super().get_context_data(
            unanswered=unanswered,
            answered_count=len(self.attempt.question_order) - len(unanswered),
            **kwargs,
        )


class ResultView(OwnAttemptMixin, TemplateView):
    """Score, pass or fail, the quiz's success or fail text and, once handed in, the review."""

    template_name = "quizzes/attempt_result.html"

    def get(self, request, *args, **kwargs):
        if self.attempt.is_open:
            return redirect(self.url("attempt", self.attempt.pk))
        return self.render_to_response(self.get_context_data(items=self.items()))

    def get_context_data(self, **kwargs):
        attempt = self.attempt
        quiz = self.shown_quiz
        result_text = result_text_lang = ""
        if attempt.passed is not None:
            name = "success_text" if attempt.passed else "fail_text"
            result_text = quiz.get(name, "")
            result_text_lang = quiz.get(f"{name}_lang", "")
        live_quiz = attempt.quiz
        quiz_is_visible = live_quiz is not None and (
            not live_quiz.draft or self.request.user.has_perm(EDIT_QUIZ_PERMISSION)
        )
        return super().get_context_data(
            result_text=result_text,
            result_text_lang=result_text_lang,
            quiz_url=self.url("start", live_quiz.slug) if quiz_is_visible else "",
            **kwargs,
        )
