"""Concurrency is closed by row locks and constraints; proven on PostgreSQL with two connections.

SQLite ignores ``select_for_update`` (it serialises every write instead), so these run only
when DATABASE_URL names PostgreSQL.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer
from tests.postgres import requires_postgres

from .factories import QuizFactory, true_false

pytestmark = requires_postgres


def race(function, *argument_lists):
    """Run ``function`` once per argument list, each in its own thread and connection, at once."""
    barrier = threading.Barrier(len(argument_lists))
    results = [None] * len(argument_lists)

    def run(index, args):
        try:
            barrier.wait()
            results[index] = function(*args)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, args))
        for index, args in enumerate(argument_lists)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def slow_draw(monkeypatch):
    """Widen the window between counting attempts and saving the new one."""
    draw = services._draw_questions

    def slow(quiz):
        time.sleep(0.5)
        return draw(quiz)

    monkeypatch.setattr(services, "_draw_questions", slow)


@pytest.fixture
def limited_quiz(officer):
    quiz = QuizFactory(max_attempts=2)
    true_false(quiz)
    services.finish_attempt(services.start_attempt(officer, quiz))  # one of two used
    return quiz


def test_two_simultaneous_starts_make_one_attempt(officer, limited_quiz, slow_draw):
    first, second = race(services.start_attempt, (officer, limited_quiz), (officer, limited_quiz))

    assert isinstance(first, Attempt) and isinstance(second, Attempt)
    assert first.pk == second.pk  # the second waited for the lock, then resumed the first
    assert Attempt.objects.filter(user=officer, quiz=limited_quiz).count() == 2


def test_the_unique_attempt_number_holds_even_without_the_lock(
    officer, limited_quiz, slow_draw, monkeypatch
):
    monkeypatch.setattr(services, "_lock_user", lambda user: None)

    results = race(services.start_attempt, (officer, limited_quiz), (officer, limited_quiz))

    attempts = [result for result in results if isinstance(result, Attempt)]
    errors = [result for result in results if isinstance(result, ValidationError)]
    assert len(attempts) == 1 and len(errors) == 1
    assert errors[0].code == "concurrent_start"
    assert Attempt.objects.filter(user=officer, quiz=limited_quiz).count() == 2


def test_a_double_submitted_answer_is_recorded_once(officer):
    quiz = QuizFactory()
    question = true_false(quiz, answer=True)
    attempt = services.start_attempt(officer, quiz)

    def submit():
        return services.submit_answer(
            Attempt.objects.get(pk=attempt.pk), officer, question.pk, {"answer": True}
        )

    results = race(submit, (), ())

    errors = [result for result in results if isinstance(result, Exception)]
    assert len(errors) == 1
    assert errors[0].messages == ["This question has already been answered."]
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1
    assert services.finish_attempt(attempt).score == 1
