"""The question page and the result page run the same few queries whatever the quiz's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import QuizFactory, essay, multiple_choice, true_false
from .view_helpers import answer, attempt_url, finish_url, question_url, result_url, start

pytestmark = pytest.mark.django_db

#: DESIGN.md's budget for the officer's pages.
MAX_OFFICER_PAGE_QUERIES = 12


def build_quiz(size, **options):
    """A quiz of ``size`` questions of every kind."""
    quiz = QuizFactory(title=f"Quiz of {size}", **options)
    for number in range(size):
        kind = number % 3
        if kind == 0:
            multiple_choice(quiz, correct=("A", "B") if number % 2 else ("A",))
        elif kind == 1:
            true_false(quiz, answer=bool(number % 2))
        else:
            essay(quiz)
    return quiz


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response
    return len(queries)


def answered_attempt(client, quiz, answered):
    attempt = start(client, quiz)
    for number in range(1, answered + 1):
        answer(client, attempt, number)
    return attempt


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def test_question_page_queries_do_not_grow_with_the_quiz(signed_in):
    small = answered_attempt(signed_in, build_quiz(3), answered=2)
    large = answered_attempt(signed_in, build_quiz(30), answered=20)
    counts = {
        "small unanswered": count_queries(signed_in, question_url(small, 3)),
        "large unanswered": count_queries(signed_in, question_url(large, 25)),
        "small feedback": count_queries(signed_in, question_url(small, 1)),
        "large feedback": count_queries(signed_in, question_url(large, 19)),
    }
    assert len(set(counts.values())) == 1, counts
    assert counts["large unanswered"] <= MAX_OFFICER_PAGE_QUERIES


def test_one_page_quiz_queries_do_not_grow_with_the_quiz(signed_in):
    small = answered_attempt(signed_in, build_quiz(3, one_question_per_page=False), 0)
    large = answered_attempt(signed_in, build_quiz(30, one_question_per_page=False), 0)
    small_count = count_queries(signed_in, attempt_url(small))
    assert small_count == count_queries(signed_in, attempt_url(large))
    assert small_count <= MAX_OFFICER_PAGE_QUERIES


def test_result_page_queries_do_not_grow_with_the_quiz(signed_in):
    small = answered_attempt(signed_in, build_quiz(3), answered=3)
    large = answered_attempt(signed_in, build_quiz(30), answered=30)
    for attempt in (small, large):
        signed_in.post(finish_url(attempt))
    small_count = count_queries(signed_in, result_url(small))
    assert small_count == count_queries(signed_in, result_url(large))
    assert small_count <= MAX_OFFICER_PAGE_QUERIES


def test_start_page_queries_do_not_grow_with_attempts_or_questions(signed_in):
    small = build_quiz(3)
    large = build_quiz(30)
    for _ in range(3):
        signed_in.post(finish_url(start(signed_in, large)))
    small_count = count_queries(signed_in, f"/quizzes/{small.slug}/")
    assert small_count == count_queries(signed_in, f"/quizzes/{large.slug}/")
    assert small_count <= MAX_OFFICER_PAGE_QUERIES
