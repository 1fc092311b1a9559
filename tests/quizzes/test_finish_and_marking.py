from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from quizzes import services
from quizzes.models import Attempt, CategoryProgress
from quizzes.signals import attempt_finished, attempt_marked

from ..factories import UserFactory
from .factories import CategoryFactory, QuizFactory, correct_ids, essay, true_false

pytestmark = pytest.mark.django_db


def answer_all(attempt, user, right):
    """Answer every question of the attempt; ``right`` is how many to get right, in order."""
    for index, question in enumerate(attempt.questions_as_asked()):
        correct = index < right
        if question["kind"] == "multiple_choice":
            ids = [a["id"] for a in question["answers"] if a["correct"] is correct]
            payload = {"answer_ids": ids[:1] if not correct else ids}
        elif question["kind"] == "true_false":
            payload = {"answer": question["true_false_answer"] is correct}
        else:
            payload = {"text": "My answer."}
        services.submit_answer(attempt, user, question["id"], payload)


@pytest.fixture
def signals():
    received = []

    def receiver(signal, **kwargs):
        # The status as it was when the signal was sent, before anything else changed it.
        received.append((signal, dict(kwargs, status=kwargs["attempt"].status)))

    attempt_finished.connect(receiver, weak=False)
    attempt_marked.connect(receiver, weak=False)
    yield received
    attempt_finished.disconnect(receiver)
    attempt_marked.disconnect(receiver)


@pytest.mark.parametrize(
    ("right", "status", "percent"),
    [
        (4, Attempt.Status.PASSED, "100.00"),
        (3, Attempt.Status.PASSED, "75.00"),  # exactly the pass mark
        (2, Attempt.Status.FAILED, "50.00"),
        (0, Attempt.Status.FAILED, "0.00"),
    ],
)
def test_finishing_scores_and_decides_against_the_pass_mark(officer, quiz, right, status, percent):
    attempt = services.start_attempt(officer, quiz)
    answer_all(attempt, officer, right)

    services.finish_attempt(attempt, user=officer)

    attempt.refresh_from_db()
    assert attempt.status == status
    assert attempt.score == Decimal(right)
    assert attempt.max_score == Decimal(4)
    assert attempt.percent == Decimal(percent)
    assert attempt.submitted_at is not None and attempt.decided_at is not None


def test_unanswered_questions_score_nothing(officer, quiz):
    attempt = services.start_attempt(officer, quiz)
    first = attempt.questions_as_asked()[0]
    services.submit_answer(
        attempt,
        officer,
        first["id"],
        {"answer_ids": correct_ids(quiz.questions.get(pk=first["id"]))},
    )
    services.finish_attempt(attempt)
    assert (attempt.score, attempt.max_score, attempt.status) == (1, 4, Attempt.Status.FAILED)


def test_the_pass_mark_at_the_start_of_the_attempt_applies(officer, quiz):
    attempt = services.start_attempt(officer, quiz)
    answer_all(attempt, officer, 2)
    quiz.pass_mark = 50
    quiz.save()
    services.finish_attempt(attempt)
    assert attempt.status == Attempt.Status.FAILED  # 50% < 75%, the pass mark when it began


def test_finishing_twice_changes_nothing_the_second_time(officer, quiz, signals):
    attempt = services.start_attempt(officer, quiz)
    answer_all(attempt, officer, 4)
    services.finish_attempt(attempt)
    first_submission = attempt.submitted_at

    services.finish_attempt(attempt)

    assert attempt.submitted_at == first_submission
    assert len(signals) == 1


def test_only_the_officer_can_finish_their_attempt(officer, other_officer, quiz):
    attempt = services.start_attempt(officer, quiz)
    with pytest.raises(ValidationError) as error:
        services.finish_attempt(attempt, user=other_officer)
    assert error.value.messages == ["This attempt belongs to someone else."]
    attempt.refresh_from_db()
    assert attempt.is_open


def test_finishing_sends_attempt_finished_and_logs(officer, quiz, signals):
    attempt = services.start_attempt(officer, quiz)
    answer_all(attempt, officer, 4)
    services.finish_attempt(attempt, user=officer)

    [(signal, kwargs)] = signals
    assert signal is attempt_finished
    assert kwargs["sender"] is Attempt
    assert kwargs["attempt"].pk == attempt.pk and kwargs["attempt"].passed is True
    assert ModelLogEntry.objects.filter(
        action="quizzes.attempt.finish", object_id=str(attempt.pk)
    ).exists()


def test_category_progress_adds_up_over_attempts(officer):
    detention = CategoryFactory(name="detention")
    force = CategoryFactory(name="force")
    quiz = QuizFactory()
    true_false(quiz, answer=True, category=detention)
    true_false(quiz, answer=True, category=detention)
    true_false(quiz, answer=True, category=force)
    true_false(quiz, answer=True)  # no category

    for right in (3, 1):
        attempt = services.start_attempt(officer, quiz)
        answer_all(attempt, officer, right)
        services.finish_attempt(attempt)

    progress = {p.category.name: (p.score, p.possible) for p in CategoryProgress.objects.all()}
    assert progress == {"detention": (3, 4), "force": (1, 2)}


# Essays


def test_an_attempt_with_essays_awaits_marking(officer, essay_quiz, signals):
    attempt = services.start_attempt(officer, essay_quiz)
    answer_all(attempt, officer, 1)
    services.finish_attempt(attempt)

    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert attempt.percent is None and attempt.passed is None
    assert attempt.score == 1 and attempt.max_score == 3
    assert signals[0][1]["status"] == Attempt.Status.AWAITING_MARKING


def _essays(attempt):
    return list(attempt.answers.filter(kind="essay").order_by("question_id"))


def test_marking_every_essay_decides_the_attempt(officer, essay_quiz, marker, signals):
    attempt = services.start_attempt(officer, essay_quiz)
    answer_all(attempt, officer, 1)
    services.finish_attempt(attempt)
    first, second = _essays(attempt)

    services.mark_essay(first, marker, 1, "Clear and correct.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert attempt.score == 2

    services.mark_essay(second, marker, "0.5", "Mentions the receipt, not its details.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED
    assert attempt.score == Decimal("2.5")
    assert attempt.percent == Decimal("83.33")

    first.refresh_from_db()
    assert first.is_correct is True and first.awarded_score == 1
    assert first.marker_comment == "Clear and correct."
    assert first.marked_by == marker and first.marker_name == marker.get_full_name()
    second.refresh_from_db()
    assert second.is_correct is False

    marked = [kwargs for signal, kwargs in signals if signal is attempt_marked]
    assert [kwargs["status"] for kwargs in marked] == [
        Attempt.Status.AWAITING_MARKING,
        Attempt.Status.PASSED,
    ]
    assert marked[1]["answer"].pk == second.pk and marked[1]["marker"] == marker


def test_low_essay_marks_fail_the_attempt(officer, essay_quiz, marker):
    attempt = services.start_attempt(officer, essay_quiz)
    answer_all(attempt, officer, 0)
    services.finish_attempt(attempt)
    for answer in _essays(attempt):
        services.mark_essay(answer, marker, 0, "")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FAILED
    assert attempt.percent == 0


def test_an_unanswered_essay_needs_no_marking(officer, essay_quiz):
    attempt = services.start_attempt(officer, essay_quiz)
    mc = attempt.questions_as_asked()[0]
    services.submit_answer(
        attempt, officer, mc["id"], {"answer_ids": [a["id"] for a in mc["answers"] if a["correct"]]}
    )
    services.finish_attempt(attempt)
    assert attempt.status == Attempt.Status.FAILED  # 1 of 3 < 50%


def test_marked_essays_count_in_category_progress(officer, marker):
    detention = CategoryFactory(name="detention")
    quiz = QuizFactory()
    essay(quiz, category=detention)
    attempt = services.start_attempt(officer, quiz)
    answer_all(attempt, officer, 0)
    services.finish_attempt(attempt)
    assert not CategoryProgress.objects.exists()

    services.mark_essay(_essays(attempt)[0], marker, 1)
    progress = CategoryProgress.objects.get()
    assert (progress.score, progress.possible) == (1, 1)


@pytest.fixture
def awaiting(officer, essay_quiz):
    attempt = services.start_attempt(officer, essay_quiz)
    answer_all(attempt, officer, 1)
    services.finish_attempt(attempt)
    return attempt


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (2, "Give a score from 0 to 1."),
        (-1, "Give a score from 0 to 1."),
        ("lots", "Give a score from 0 to 1."),
    ],
)
def test_a_score_out_of_range_is_refused(awaiting, marker, score, message):
    answer = _essays(awaiting)[0]
    with pytest.raises(ValidationError) as error:
        services.mark_essay(answer, marker, score)
    assert error.value.messages == [message]
    answer.refresh_from_db()
    assert answer.marked_at is None and answer.awarded_score is None


def test_an_officer_cannot_mark(awaiting, other_officer):
    with pytest.raises(PermissionDenied):
        services.mark_essay(_essays(awaiting)[0], other_officer, 1)


def test_a_marker_cannot_mark_their_own_attempt(essay_quiz, marker):
    attempt = services.start_attempt(marker, essay_quiz)
    answer_all(attempt, marker, 3)
    services.finish_attempt(attempt)
    with pytest.raises(ValidationError) as error:
        services.mark_essay(_essays(attempt)[0], marker, 1)
    assert error.value.messages == ["You cannot mark your own attempt."]


def test_an_essay_is_marked_once(awaiting, marker):
    answer = _essays(awaiting)[0]
    services.mark_essay(answer, marker, 1)
    with pytest.raises(ValidationError) as error:
        services.mark_essay(answer, marker, 0)
    assert error.value.messages == ["This answer has already been marked."]
    answer.refresh_from_db()
    assert answer.awarded_score == 1


def test_only_essays_are_marked(awaiting, marker):
    auto = awaiting.answers.get(kind="multiple_choice")
    with pytest.raises(ValidationError) as error:
        services.mark_essay(auto, marker, 0)
    assert error.value.messages == ["Only essay answers are marked by a person."]


def test_an_essay_in_an_open_attempt_cannot_be_marked(officer, essay_quiz, marker):
    attempt = services.start_attempt(officer, essay_quiz)
    answer_all(attempt, officer, 3)
    with pytest.raises(ValidationError) as error:
        services.mark_essay(_essays(attempt)[0], marker, 1)
    assert error.value.messages == ["This attempt is not awaiting marking."]


def test_a_superuser_may_mark(awaiting):
    admin = UserFactory(username="root", is_superuser=True)
    answer = services.mark_essay(_essays(awaiting)[0], admin, 1)
    assert answer.marked_by == admin
