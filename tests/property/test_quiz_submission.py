"""Hostile quiz submissions: refused with a message on the page, never a crash, nothing half-kept.

An officer's browser can send anything: wrong types, answer ids of other questions, ids that do
not exist, huge strings, NUL bytes, repeated fields. Each submission is either a proper answer
(recorded whole) or refused (the page explains, the attempt is exactly as it was).
"""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer
from tests.quizzes.factories import QuizFactory, essay, multiple_choice, true_false

from .hostile import hostile_text, rolled_back

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = 'class="form-errors quiz-error-summary" role="alert"'


@pytest.fixture
def world(client, officer):
    """An open attempt at every kind of question (one already answered) and a stranger quiz."""
    quiz = QuizFactory(title="Hostile input", pass_mark=50)
    multiple_choice(quiz, content="One right answer")
    multiple_choice(quiz, content="Two right answers", correct=("A", "B"), wrong=("C",))
    true_false(quiz, answer=False, content="Collective expulsion is allowed.")
    essay(quiz, content="Describe the receipt for a passport.")
    stranger = multiple_choice(QuizFactory(title="Another quiz"), content="Not yours")
    attempt = services.start_attempt(officer, quiz)
    true_false_id = next(q["id"] for q in attempt.questions_as_asked() if q["kind"] == "true_false")
    services.submit_answer(attempt, officer, true_false_id, {"answer": False})
    client.force_login(officer)
    questions = attempt.questions_as_asked()
    own_answer_ids = [answer["id"] for q in questions for answer in q.get("answers", ())]
    return {
        "client": client,
        "attempt": attempt,
        "question_ids": [q["id"] for q in questions],
        "answer_ids": own_answer_ids,
        "stranger_ids": [stranger.pk, *stranger.answers.values_list("pk", flat=True)],
    }


def stored(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    answers = AttemptAnswer.objects.filter(attempt=attempt).order_by("pk")
    return (
        attempt.status,
        attempt.score,
        attempt.percent,
        attempt.submitted_at,
        list(answers.values()),
    )


@st.composite
def submissions(draw, world):
    """A question page to post to, and the form data: a mapping of field names to values, each
    possibly repeated (a browser sends a list when a name appears more than once)."""
    ids = world["question_ids"] + world["stranger_ids"] + world["answer_ids"]
    some_id = st.sampled_from(ids).map(str)
    value = st.one_of(hostile_text, some_id)
    names = st.one_of(
        st.just("question"),
        st.sampled_from(ids).map(lambda pk: f"q{pk}-answer"),
        hostile_text,
    )
    data = draw(st.dictionaries(names, st.lists(value, min_size=0, max_size=4), max_size=5))
    # None: the page with every question; a number: one question's page (0 and past the end
    # included).
    page = draw(st.none() | st.integers(min_value=0, max_value=len(world["question_ids"]) + 1))
    return page, data


def post(world, page, data):
    attempt = world["attempt"]
    if page is None:
        url = reverse("quizzes:attempt", args=[attempt.pk])
    else:
        url = reverse("quizzes:question", args=[attempt.pk, page])
    return world["client"].post(url, data)


def essay_page(world):
    """The number and id of the essay question: its text reaches the database as sent."""
    questions = world["attempt"].questions_as_asked()
    return next((n, q["id"]) for n, q in enumerate(questions, 1) if q["kind"] == "essay")


def test_hostile_submissions_are_refused_cleanly_or_recorded_whole(world):
    attempt = world["attempt"]
    before = stored(attempt)
    number, essay_id = essay_page(world)

    @given(submissions(world))
    @example((number, {"question": [str(essay_id)], f"q{essay_id}-answer": ["a\x00b"]}))
    @example((number, {"question": [str(essay_id)], f"q{essay_id}-answer": ["x" * 20_001]}))
    def check(submission):
        page, data = submission
        with rolled_back():
            response = post(world, page, data)
            after = stored(attempt)
            assert response.status_code in (200, 302, 400, 404), response.status_code
            if response.status_code == 302:
                # Accepted (or sent back to the attempt's page): at most one new answer, to a
                # question of the attempt, and the attempt itself untouched.
                assert after[:4] == before[:4]
                new = after[4][len(before[4]) :]
                assert after[4][: len(before[4])] == before[4]
                assert len(new) <= 1
                assert all(answer["question_id"] in world["question_ids"] for answer in new)
                assert all("\x00" not in answer["essay_text"] for answer in new)
            else:
                assert after == before
                if response.status_code == 200:
                    assert ERROR_SUMMARY in response.content.decode()

    check()
    assert stored(attempt) == before
