"""Every change to an attempt goes through one function here (as Oscar's order processing does).

Each function checks who may do it, works inside ``transaction.atomic()`` under a row lock,
writes the audit log entry and sends the signal, in one place. Views, the admin, commands and
tests all call these; no rule about attempts lives anywhere else. Rejections are
``ValidationError`` (bad input, with a message for the officer) or ``PermissionDenied``, and
leave the database as it was.
"""

import random
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import log

from . import scoring
from .localization import in_default_locale, source_quiz_queryset
from .models import (
    Attempt,
    AttemptAllowance,
    AttemptAnswer,
    Category,
    CategoryProgress,
    Question,
    Quiz,
)
from .signals import attempt_finished, attempt_marked
from .snapshots import attempt_snapshot

#: Draws questions and shuffles answers. Unpredictable by default; tests may replace it.
rng = random.SystemRandom()

#: The longest essay accepted, in characters.
ESSAY_MAX_LENGTH = 20_000

MARK_PERMISSION = "quizzes.mark_attempt"

FOREIGN_ANSWERS = ngettext_lazy(
    "The answer %(answers)s does not belong to this question.",
    "The answers %(answers)s do not belong to this question.",
    "count",
)


def _display_name(user):
    return user.get_full_name() or user.get_username()


def _lock_user(user):
    """Serialise attempt starts per user (PostgreSQL; SQLite serialises all writes anyway).

    Locking the user's row rather than the quiz's keeps officers taking the same final
    assessment from queueing behind one another. The unique (user, quiz, attempt number)
    constraint backs this up should a caller forget the lock.
    """
    queryset = get_user_model()._default_manager.select_for_update().filter(pk=user.pk)
    list(queryset.values_list("pk", flat=True))


def _lock_attempt(attempt):
    """Lock the attempt's row and reload the caller's instance with what is now stored."""
    list(Attempt.objects.select_for_update().filter(pk=attempt.pk).values_list("pk", flat=True))
    attempt.refresh_from_db()


def _reject(message, code, **params):
    raise ValidationError(message, code=code, params=params or None)


# Starting


def attempts_count_from(user, quiz):
    """From when ``user``'s attempts at ``quiz`` count towards its attempt limit; None: all."""
    allowances = AttemptAllowance.objects.filter(user=user, quiz=quiz)
    return allowances.values_list("counts_from", flat=True).first()


def count_attempts_from(user, quiz_ids, moment):
    """Count ``user``'s attempts at each quiz of ``quiz_ids`` towards its attempt limit only
    from ``moment`` on (a refresher course starting, for instance). Ids of deleted quizzes are
    ignored."""
    quizzes = Quiz.objects.filter(pk__in=quiz_ids)
    AttemptAllowance.objects.bulk_create(
        [AttemptAllowance(user=user, quiz=quiz, counts_from=moment) for quiz in quizzes],
        update_conflicts=True,
        unique_fields=["user", "quiz"],
        update_fields=["counts_from"],
    )


def _draw_questions(quiz):
    """The questions of one attempt: all of the pool, or ``max_questions`` drawn at random.

    Without ``random_order`` the drawn questions keep the pool's order (the order they were
    added to the bank).
    """
    pool = list(
        in_default_locale(quiz.questions.all())
        .select_related("category", "sub_category")
        .prefetch_related("answers")
        .order_by("pk")
    )
    if not pool:
        _reject(_("This quiz has no questions yet."), "empty")
    if quiz.max_questions and quiz.max_questions < len(pool):
        chosen = rng.sample(pool, quiz.max_questions)
        if not quiz.random_order:
            chosen.sort(key=lambda question: question.pk)
        return chosen
    if quiz.random_order:
        rng.shuffle(pool)
    return pool


def start_attempt(user, quiz, *, now=None):
    """Start the user's next attempt at ``quiz``, or return the one still in progress.

    An attempt in progress whose time is up, or begun before the attempts started counting
    afresh (:func:`count_attempts_from`), is finished as it stands first. Refuses a draft
    quiz (except to editors), an empty quiz, and a user who has used every allowed attempt.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to take a quiz."))
    now = now or timezone.now()
    with transaction.atomic():
        _lock_user(user)
        # Attempts belong to the quiz in the default locale, whichever translation was opened.
        quiz = source_quiz_queryset().get(translation_key=quiz.translation_key)
        if quiz.draft and not user.has_perm("quizzes.change_quiz"):
            _reject(_("This quiz is a draft and cannot be taken yet."), "draft")

        attempts = Attempt.objects.filter(user=user, quiz=quiz)
        counts_from = attempts_count_from(user, quiz)
        in_progress = attempts.filter(status=Attempt.Status.IN_PROGRESS).first()
        if in_progress is not None:
            # One begun before the attempts started counting afresh (a refresher course
            # began since) belongs to the earlier cycle: it is handed in as it stands too.
            earlier_cycle = counts_from is not None and in_progress.started_at < counts_from
            if not in_progress.is_past_deadline(now) and not earlier_cycle:
                return in_progress
            _finish(in_progress, now, user)

        limit = quiz.attempt_limit
        counted = attempts.filter(started_at__gte=counts_from) if counts_from else attempts
        if limit is not None and counted.count() >= limit:
            if limit == 1:
                _reject(
                    _("This quiz allows a single attempt, and you have taken it."),
                    "attempt_limit",
                )
            _reject(
                ngettext_lazy(
                    "This quiz allows %(limit)s attempt, and you have used it.",
                    "This quiz allows %(limit)s attempts, and you have used them all.",
                    "limit",
                ),
                "attempt_limit",
                limit=limit,
            )

        # Numbered before the (slower) draw, so two starts that slipped past the limit check
        # together take the same number and the unique constraint refuses the second.
        number = (attempts.aggregate(highest=Max("attempt_number"))["highest"] or 0) + 1
        questions = _draw_questions(quiz)
        attempt = Attempt(
            user=user,
            user_name=_display_name(user),
            quiz=quiz,
            quiz_title=quiz.title,
            attempt_number=number,
            pass_mark=quiz.pass_mark,
            question_order=[question.pk for question in questions],
            snapshot=attempt_snapshot(quiz, questions, rng),
            started_at=now,
            deadline=(
                now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            ),
        )
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError as error:
            raise ValidationError(
                _("Another attempt at this quiz was started at the same moment. Try again."),
                code="concurrent_start",
            ) from error
        log(instance=attempt, action="quizzes.attempt.start", user=user)
    return attempt


# Answering


def _read_multiple_choice(question, payload):
    selected = payload.get("answer_ids")
    if isinstance(selected, (str, int)):
        selected = [selected]
    if not selected:
        _reject(_("Choose at least one answer."), "no_answer")
    ids = set()
    for value in selected:
        try:
            if isinstance(value, bool):
                raise TypeError
            ids.add(int(value))
        except (TypeError, ValueError):
            _reject(FOREIGN_ANSWERS, "foreign_answer", answers=str(value), count=1)
    foreign = scoring.foreign_answer_ids(question, ids)
    if foreign:
        _reject(
            FOREIGN_ANSWERS,
            "foreign_answer",
            answers=", ".join(str(answer_id) for answer_id in foreign),
            count=len(foreign),
        )
    return scoring.Response(answer_ids=frozenset(ids))


def _read_true_false(question, payload):
    value = payload.get("answer")
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.strip().lower())
    if not isinstance(value, bool):
        _reject(_("Answer true or false."), "no_answer")
    return scoring.Response(boolean=value)


def _read_essay(question, payload):
    text = payload.get("text")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        _reject(_("Write your answer before submitting it."), "no_answer")
    if "\x00" in text:
        _reject(
            _("Your answer contains a character that cannot be stored (NUL): remove it."),
            "invalid_text",
        )
    if len(text) > ESSAY_MAX_LENGTH:
        _reject(
            _("Your answer is too long: keep it under %(limit)s characters."),
            "too_long",
            limit=ESSAY_MAX_LENGTH,
        )
    return scoring.Response(text=text)


#: One reader per question kind: turns a submitted payload into a ``scoring.Response``.
RESPONSE_READERS = {
    Question.Kind.MULTIPLE_CHOICE: _read_multiple_choice,
    Question.Kind.TRUE_FALSE: _read_true_false,
    Question.Kind.ESSAY: _read_essay,
}


def submit_answer(attempt, user, question_id, payload, *, now=None):
    """Record and score ``user``'s answer to one question of their attempt.

    ``payload`` is ``{"answer_ids": [...]}`` for multiple choice, ``{"answer": True}`` for
    true/false and ``{"text": "..."}`` for an essay. Each question is answered once. Scoring
    uses the attempt's snapshot only: answers are checked against the question as it was asked.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_attempt(attempt)
        if attempt.user_id != user.pk:
            _reject(_("This attempt belongs to someone else."), "not_owner")
        if not attempt.is_open:
            _reject(_("This attempt is closed: no more answers can be given."), "closed")
        if attempt.is_past_deadline(now):
            _reject(
                _("The time limit for this attempt has passed: the answer was not recorded."),
                "time_up",
            )
        try:
            question = attempt.question_snapshot(int(question_id))
        except (TypeError, ValueError):
            question = None
        if question is None:
            _reject(_("This question is not part of this attempt."), "not_in_attempt")
        response = RESPONSE_READERS[question["kind"]](question, payload)
        if attempt.answers.filter(question_id=question["id"]).exists():
            _reject(_("This question has already been answered."), "already_answered")

        verdict = scoring.check(question, response)
        answer = AttemptAnswer(
            attempt=attempt,
            question_id=question["id"],
            kind=question["kind"],
            selected_answer_ids=sorted(response.answer_ids),
            boolean_answer=response.boolean,
            essay_text=response.text,
            is_correct=verdict.is_correct,
            awarded_score=verdict.score,
            answered_at=now,
        )
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as error:
            raise ValidationError(
                _("This question has already been answered."), code="already_answered"
            ) from error
    return answer


# Finishing and marking


def _add_progress(user_id, totals):
    """Add ``{category_id: [score, possible]}`` to the user's per-category progress."""
    existing = Category.objects.filter(pk__in=list(totals)).values_list("pk", flat=True)
    for category_id in existing:
        score, possible = totals[category_id]
        progress, _created = CategoryProgress.objects.get_or_create(
            user_id=user_id, category_id=category_id
        )
        CategoryProgress.objects.filter(pk=progress.pk).update(
            score=F("score") + score, possible=F("possible") + possible
        )


def _decide(attempt, now):
    attempt.percent = scoring.percent(attempt.score, attempt.max_score)
    passed = scoring.is_pass(attempt.percent, attempt.pass_mark)
    attempt.status = Attempt.Status.PASSED if passed else Attempt.Status.FAILED
    attempt.decided_at = now


def _finish(attempt, now, user):
    """Score a locked, open attempt; unanswered questions score nothing."""
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    questions = attempt.questions_as_asked()
    attempt.max_score = sum((scoring.points(question) for question in questions), Decimal(0))
    attempt.score = sum(
        (a.awarded_score for a in answers.values() if a.awarded_score is not None), Decimal(0)
    )
    # An attempt closed after its time ran out ended when it ran out.
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now

    progress = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for question in questions:
        answer = answers.get(question["id"])
        if answer is not None and answer.awaiting_marking:
            continue  # counted when it is marked
        if question.get("category_id"):
            totals = progress[question["category_id"]]
            totals[0] += (answer.awarded_score or 0) if answer is not None else 0
            totals[1] += scoring.points(question)
    _add_progress(attempt.user_id, progress)

    if any(answer.awaiting_marking for answer in answers.values()):
        attempt.status = Attempt.Status.AWAITING_MARKING
        attempt.percent = None
    else:
        _decide(attempt, now)
    attempt.save()
    log(instance=attempt, action="quizzes.attempt.finish", user=user)
    attempt_finished.send(sender=Attempt, attempt=attempt)


def finish_attempt(attempt, *, user=None, now=None):
    """Hand in an attempt: score it and pass or fail it, or leave it awaiting marking.

    Pass ``user`` to check that it is theirs (views do). Finishing an attempt that is already
    finished changes nothing and returns it as it is, so a double click is harmless.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_attempt(attempt)
        if user is not None and attempt.user_id != user.pk:
            _reject(_("This attempt belongs to someone else."), "not_owner")
        if attempt.is_open:
            _finish(attempt, now, user)
    return attempt


def mark_essay(answer, marker, score, comment="", *, now=None):
    """Record a marker's score and comment for one essay answer.

    When it was the attempt's last unmarked essay, the attempt is passed or failed.
    """
    if not marker.has_perm(MARK_PERMISSION):
        raise PermissionDenied(_("You are not allowed to mark essay answers."))
    now = now or timezone.now()
    with transaction.atomic():
        attempt = answer.attempt
        _lock_attempt(attempt)
        answer.refresh_from_db()
        if answer.kind != Question.Kind.ESSAY:
            _reject(_("Only essay answers are marked by a person."), "not_essay")
        if attempt.user_id == marker.pk:
            _reject(_("You cannot mark your own attempt."), "own_attempt")
        if attempt.status != Attempt.Status.AWAITING_MARKING:
            _reject(_("This attempt is not awaiting marking."), "not_awaiting_marking")
        if answer.marked_at is not None:
            _reject(_("This answer has already been marked."), "already_marked")

        question = attempt.question_snapshot(answer.question_id)
        maximum = scoring.points(question)
        try:
            score = Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError):
            score = None
        if score is None or not 0 <= score <= maximum:
            _reject(_("Give a score from 0 to %(maximum)s."), "invalid_score", maximum=maximum)

        answer.awarded_score = score
        answer.is_correct = score == maximum
        answer.marker_comment = comment.strip()
        answer.marked_by = marker
        answer.marker_name = _display_name(marker)
        answer.marked_at = now
        answer.save()
        if question.get("category_id"):
            _add_progress(attempt.user_id, {question["category_id"]: [score, maximum]})

        answers = list(attempt.answers.all())
        attempt.score = sum(
            (a.awarded_score for a in answers if a.awarded_score is not None), Decimal(0)
        )
        if not any(a.awaiting_marking for a in answers):
            _decide(attempt, now)
        attempt.save()
        log(
            instance=attempt,
            action="quizzes.attempt.mark",
            user=marker,
            data={"question_id": answer.question_id, "score": str(score)},
        )
        attempt_marked.send(sender=Attempt, attempt=attempt, answer=answer, marker=marker)
    return answer
