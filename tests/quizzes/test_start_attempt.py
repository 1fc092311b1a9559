from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes import services
from quizzes.models import Answer, Attempt, Question

from .factories import QuizFactory, multiple_choice, true_false

pytestmark = pytest.mark.django_db


def test_start_records_who_what_and_the_questions_as_asked(officer, quiz):
    attempt = services.start_attempt(officer, quiz)

    assert attempt.user == officer
    assert attempt.user_name == officer.get_full_name()
    assert attempt.quiz == quiz
    assert attempt.quiz_title == "Custody of foreign nationals"
    assert attempt.attempt_number == 1
    assert attempt.pass_mark == 75
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.deadline is None
    pool = list(quiz.questions.order_by("pk").values_list("pk", flat=True))
    assert attempt.question_order == pool
    first = attempt.questions_as_asked()[0]
    assert first["content"] == "Who must be told?"
    assert first["kind"] == "multiple_choice"
    assert first["citation"] == "ICRMW, art. 16"
    assert [a["correct"] for a in first["answers"]] == [True, False, False]
    assert attempt.snapshot["quiz"]["pass_mark"] == 75


def test_the_snapshot_does_not_change_when_the_question_is_edited_later(officer, quiz):
    attempt = services.start_attempt(officer, quiz)
    question = quiz.questions.get(content="Who must be told?")
    before = attempt.question_snapshot(question.pk)

    question.content = "Rewritten question"
    question.explanation = "Rewritten explanation"
    question.save()
    Answer.objects.filter(question=question, correct=True).update(correct=False, content="Gone")
    Answer.objects.create(question=question, content="New option", correct=True)
    quiz.title = "Renamed quiz"
    quiz.pass_mark = 10
    quiz.save()

    attempt.refresh_from_db()
    assert attempt.question_snapshot(question.pk) == before
    assert before["content"] == "Who must be told?"
    assert attempt.quiz_title == "Custody of foreign nationals"
    assert attempt.pass_mark == 75


def test_the_record_survives_deleting_the_question_and_the_quiz(officer, quiz):
    attempt = services.start_attempt(officer, quiz)
    quiz.questions.all().delete()
    quiz.delete()

    attempt.refresh_from_db()
    assert attempt.quiz is None
    assert attempt.quiz_title == "Custody of foreign nationals"
    assert len(attempt.questions_as_asked()) == 4


def test_an_officer_with_attempts_cannot_be_deleted(officer, quiz):
    from django.db.models import ProtectedError

    services.start_attempt(officer, quiz)
    with pytest.raises(ProtectedError):
        officer.delete()


def test_an_attempt_in_progress_is_resumed_not_duplicated(officer, quiz):
    first = services.start_attempt(officer, quiz)
    again = services.start_attempt(officer, quiz)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_attempt_numbers_count_up_per_officer_and_quiz(officer, other_officer, quiz):
    services.finish_attempt(services.start_attempt(officer, quiz))
    second = services.start_attempt(officer, quiz)
    theirs = services.start_attempt(other_officer, quiz)
    assert second.attempt_number == 2
    assert theirs.attempt_number == 1


def test_single_attempt_quiz_refuses_a_second_attempt(officer, quiz):
    quiz.single_attempt = True
    quiz.save()
    services.finish_attempt(services.start_attempt(officer, quiz))

    with pytest.raises(ValidationError) as error:
        services.start_attempt(officer, quiz)
    assert error.value.messages == ["This quiz allows a single attempt, and you have taken it."]
    assert error.value.code == "attempt_limit"
    assert Attempt.objects.count() == 1


def test_max_attempts_is_enforced(officer, quiz):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        services.finish_attempt(services.start_attempt(officer, quiz))

    with pytest.raises(ValidationError) as error:
        services.start_attempt(officer, quiz)
    assert error.value.messages == ["This quiz allows 2 attempts, and you have used them all."]
    assert Attempt.objects.filter(user=officer).count() == 2


def test_attempts_count_towards_the_limit_from_the_allowance_on(officer, other_officer, quiz):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        services.finish_attempt(services.start_attempt(officer, quiz))

    services.count_attempts_from(officer, [quiz.pk, 0], timezone.now())  # 0: a deleted quiz

    third = services.start_attempt(officer, quiz)
    assert third.attempt_number == 3
    services.finish_attempt(third)
    services.finish_attempt(services.start_attempt(officer, quiz))
    with pytest.raises(ValidationError, match="used them all"):
        services.start_attempt(officer, quiz)
    assert services.attempts_count_from(other_officer, quiz) is None


def test_the_limit_is_per_officer(officer, other_officer, quiz):
    quiz.single_attempt = True
    quiz.save()
    services.finish_attempt(services.start_attempt(officer, quiz))
    assert services.start_attempt(other_officer, quiz).attempt_number == 1


def test_a_draft_quiz_cannot_be_taken_by_an_officer(officer, quiz):
    quiz.draft = True
    quiz.save()
    with pytest.raises(ValidationError) as error:
        services.start_attempt(officer, quiz)
    assert error.value.messages == ["This quiz is a draft and cannot be taken yet."]
    assert not Attempt.objects.exists()


def test_an_editor_can_try_a_draft_quiz(trainer, quiz):
    quiz.draft = True
    quiz.save()
    trainer.user_permissions.add(Permission.objects.get(codename="change_quiz"))
    trainer = type(trainer).objects.get(pk=trainer.pk)
    assert services.start_attempt(trainer, quiz).is_open


def test_an_empty_quiz_cannot_be_started(officer):
    with pytest.raises(ValidationError) as error:
        services.start_attempt(officer, QuizFactory())
    assert error.value.messages == ["This quiz has no questions yet."]


def test_anonymous_users_cannot_start(quiz):
    with pytest.raises(PermissionDenied):
        services.start_attempt(AnonymousUser(), quiz)


def test_max_questions_draws_that_many_from_the_pool(db):
    quiz = QuizFactory(max_questions=3)
    pool = {true_false(quiz).pk for _ in range(10)}
    drawn = [set(services.start_attempt(user, quiz).question_order) for user in _users(5)]
    assert all(len(questions) == 3 and questions <= pool for questions in drawn)
    assert len({frozenset(questions) for questions in drawn}) > 1  # 120 possible draws


def test_drawn_questions_keep_the_pool_order_unless_random(officer, monkeypatch):
    quiz = QuizFactory(max_questions=4, random_order=False)
    for _ in range(8):
        true_false(quiz)
    attempt = services.start_attempt(officer, quiz)
    assert attempt.question_order == sorted(attempt.question_order)


def test_random_order_shuffles_the_questions(officer, monkeypatch):
    quiz = QuizFactory(random_order=True)
    pool = [true_false(quiz).pk for _ in range(6)]
    monkeypatch.setattr(services.rng, "shuffle", lambda items: items.reverse())
    attempt = services.start_attempt(officer, quiz)
    assert attempt.question_order == list(reversed(pool))


@pytest.mark.parametrize(
    ("answer_order", "expected"),
    [
        (Question.AnswerOrder.NONE, ["Charlie", "alpha", "Bravo"]),
        (Question.AnswerOrder.CONTENT, ["alpha", "Bravo", "Charlie"]),
        (Question.AnswerOrder.RANDOM, ["Bravo", "alpha", "Charlie"]),
    ],
)
def test_answer_order_is_applied_in_the_snapshot(officer, monkeypatch, answer_order, expected):
    quiz = QuizFactory()
    question = multiple_choice(
        quiz, correct=("Charlie",), wrong=("alpha", "Bravo"), answer_order=answer_order
    )
    monkeypatch.setattr(services.rng, "shuffle", lambda items: items.reverse())
    attempt = services.start_attempt(officer, quiz)
    shown = [a["content"] for a in attempt.question_snapshot(question.pk)["answers"]]
    assert shown == expected


def test_a_time_limit_sets_the_deadline(officer, quiz):
    quiz.time_limit_minutes = 20
    quiz.save()
    now = timezone.now()
    attempt = services.start_attempt(officer, quiz, now=now)
    assert attempt.deadline == now + timedelta(minutes=20)


def test_an_expired_attempt_is_finished_before_the_next_starts(officer, quiz):
    quiz.time_limit_minutes = 10
    quiz.save()
    start = timezone.now() - timedelta(hours=1)
    expired = services.start_attempt(officer, quiz, now=start)

    fresh = services.start_attempt(officer, quiz)

    expired.refresh_from_db()
    assert expired.status == Attempt.Status.FAILED
    assert expired.submitted_at == expired.deadline  # it ended when the time ran out
    assert fresh.attempt_number == 2 and fresh.is_open


def test_starting_is_written_to_the_audit_log(officer, quiz):
    from wagtail.models import ModelLogEntry

    attempt = services.start_attempt(officer, quiz)
    entry = ModelLogEntry.objects.get(action="quizzes.attempt.start")
    assert entry.object_id == str(attempt.pk)
    assert entry.user_id == officer.pk


def _queries_to_start(user, question_count):
    quiz = QuizFactory()
    for _ in range(question_count):
        multiple_choice(quiz)
    with CaptureQueriesContext(connection) as queries:
        services.start_attempt(user, quiz)
    return len(queries)


def test_starting_runs_a_constant_number_of_queries_whatever_the_quiz_size(officer):
    _queries_to_start(officer, 1)  # warms the content-type cache used by the audit log
    assert _queries_to_start(officer, 3) == _queries_to_start(officer, 30)


def _users(count):
    from ..factories import UserFactory

    return [UserFactory() for _ in range(count)]
