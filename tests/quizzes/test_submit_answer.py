"""Scoring happens on the server; a tampered or late submission is refused and changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer

from .factories import QuizFactory, correct_ids, essay, multiple_choice, true_false, wrong_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(officer, other_officer):
    quiz = QuizFactory(time_limit_minutes=30)
    mc = multiple_choice(quiz)
    tf = true_false(quiz, answer=False)
    text = essay(quiz)
    elsewhere = multiple_choice(QuizFactory())
    attempt = services.start_attempt(officer, quiz)
    return {
        "quiz": quiz,
        "mc": mc,
        "tf": tf,
        "essay": text,
        "elsewhere": elsewhere,
        "attempt": attempt,
        "officer": officer,
        "other_officer": other_officer,
    }


def stored_state(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    return {
        "attempt": (attempt.status, attempt.score, attempt.snapshot, attempt.submitted_at),
        "answers": list(AttemptAnswer.objects.values()),
    }


def test_a_correct_multiple_choice_answer_scores(setup):
    answer = services.submit_answer(
        setup["attempt"], setup["officer"], setup["mc"].pk, {"answer_ids": correct_ids(setup["mc"])}
    )
    assert answer.is_correct is True
    assert answer.awarded_score == Decimal(1)
    assert answer.selected_answer_ids == correct_ids(setup["mc"])


def test_a_wrong_multiple_choice_answer_scores_nothing(setup):
    answer = services.submit_answer(
        setup["attempt"],
        setup["officer"],
        setup["mc"].pk,
        {"answer_ids": wrong_ids(setup["mc"])[:1]},
    )
    assert answer.is_correct is False
    assert answer.awarded_score == Decimal(0)


def test_answer_ids_from_a_form_arrive_as_strings(setup):
    ids = [str(pk) for pk in correct_ids(setup["mc"])]
    answer = services.submit_answer(
        setup["attempt"], setup["officer"], str(setup["mc"].pk), {"answer_ids": ids}
    )
    assert answer.is_correct is True


@pytest.mark.parametrize(("value", "correct"), [(False, True), ("False", True), ("true", False)])
def test_true_false_answers(setup, value, correct):
    answer = services.submit_answer(
        setup["attempt"], setup["officer"], setup["tf"].pk, {"answer": value}
    )
    assert answer.is_correct is correct


def test_an_essay_is_stored_awaiting_marking(setup):
    answer = services.submit_answer(
        setup["attempt"], setup["officer"], setup["essay"].pk, {"text": "  I would ask.  "}
    )
    assert answer.essay_text == "I would ask."
    assert answer.is_correct is None and answer.awarded_score is None
    assert answer.awaiting_marking


def test_scoring_uses_the_question_as_asked_not_as_edited(setup):
    """A trainer changes the correct answer mid-attempt: the officer is scored as asked."""
    mc = setup["mc"]
    asked_correct = correct_ids(mc)
    mc.answers.update(correct=True)
    answer = services.submit_answer(
        setup["attempt"], setup["officer"], mc.pk, {"answer_ids": asked_correct}
    )
    assert answer.is_correct is True


REJECTIONS = {
    "answer of another question": (
        lambda s: (s["mc"].pk, {"answer_ids": correct_ids(s["elsewhere"])}),
        "The answer {foreign} does not belong to this question.",
        "foreign_answer",
    ),
    "right answer plus another question's answer": (
        lambda s: (s["mc"].pk, {"answer_ids": correct_ids(s["mc"]) + correct_ids(s["elsewhere"])}),
        "The answer {foreign} does not belong to this question.",
        "foreign_answer",
    ),
    "answer id that is not a number": (
        lambda s: (s["mc"].pk, {"answer_ids": ["1 OR 1=1"]}),
        "The answer 1 OR 1=1 does not belong to this question.",
        "foreign_answer",
    ),
    "question not in the attempt": (
        lambda s: (s["elsewhere"].pk, {"answer_ids": correct_ids(s["elsewhere"])}),
        "This question is not part of this attempt.",
        "not_in_attempt",
    ),
    "question id that is not a number": (
        lambda s: ("first", {"answer_ids": correct_ids(s["mc"])}),
        "This question is not part of this attempt.",
        "not_in_attempt",
    ),
    "no answer chosen": (
        lambda s: (s["mc"].pk, {"answer_ids": []}),
        "Choose at least one answer.",
        "no_answer",
    ),
    "true or false missing": (
        lambda s: (s["tf"].pk, {"answer": "maybe"}),
        "Answer true or false.",
        "no_answer",
    ),
    "empty essay": (
        lambda s: (s["essay"].pk, {"text": "   "}),
        "Write your answer before submitting it.",
        "no_answer",
    ),
}


@pytest.mark.parametrize("case", REJECTIONS)
def test_a_bad_submission_is_rejected_and_changes_nothing(setup, case):
    make, message, code = REJECTIONS[case]
    question_id, payload = make(setup)
    before = stored_state(setup["attempt"])

    with pytest.raises(ValidationError) as error:
        services.submit_answer(setup["attempt"], setup["officer"], question_id, payload)

    foreign = ", ".join(str(pk) for pk in correct_ids(setup["elsewhere"]))
    assert error.value.messages == [message.format(foreign=foreign)]
    assert error.value.code == code
    assert stored_state(setup["attempt"]) == before


def test_another_officers_attempt_is_rejected_and_unchanged(setup):
    before = stored_state(setup["attempt"])
    with pytest.raises(ValidationError) as error:
        services.submit_answer(
            setup["attempt"],
            setup["other_officer"],
            setup["mc"].pk,
            {"answer_ids": correct_ids(setup["mc"])},
        )
    assert error.value.messages == ["This attempt belongs to someone else."]
    assert stored_state(setup["attempt"]) == before


def test_a_closed_attempt_is_rejected_and_unchanged(setup):
    services.finish_attempt(setup["attempt"])
    before = stored_state(setup["attempt"])
    with pytest.raises(ValidationError) as error:
        services.submit_answer(
            setup["attempt"],
            setup["officer"],
            setup["mc"].pk,
            {"answer_ids": correct_ids(setup["mc"])},
        )
    assert error.value.messages == ["This attempt is closed: no more answers can be given."]
    assert stored_state(setup["attempt"]) == before


def test_an_answer_after_the_time_limit_is_rejected_and_unchanged(setup):
    before = stored_state(setup["attempt"])
    late = setup["attempt"].deadline + timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        services.submit_answer(
            setup["attempt"],
            setup["officer"],
            setup["mc"].pk,
            {"answer_ids": correct_ids(setup["mc"])},
            now=late,
        )
    assert error.value.messages == [
        "The time limit for this attempt has passed: the answer was not recorded."
    ]
    assert stored_state(setup["attempt"]) == before


def test_an_answer_just_before_the_deadline_counts(setup):
    answer = services.submit_answer(
        setup["attempt"],
        setup["officer"],
        setup["mc"].pk,
        {"answer_ids": correct_ids(setup["mc"])},
        now=setup["attempt"].deadline,
    )
    assert answer.is_correct


def test_a_double_submitted_answer_is_counted_once(setup):
    payload = {"answer_ids": correct_ids(setup["mc"])}
    services.submit_answer(setup["attempt"], setup["officer"], setup["mc"].pk, payload)
    before = stored_state(setup["attempt"])

    with pytest.raises(ValidationError) as error:
        services.submit_answer(setup["attempt"], setup["officer"], setup["mc"].pk, payload)
    assert error.value.messages == ["This question has already been answered."]
    assert stored_state(setup["attempt"]) == before

    finished = services.finish_attempt(setup["attempt"])
    assert finished.score == Decimal(1)


def test_the_database_refuses_a_second_answer_to_the_same_question(setup):
    """The constraint behind "counted once", for writers that bypass the service."""
    from django.db import IntegrityError, transaction

    services.submit_answer(setup["attempt"], setup["officer"], setup["tf"].pk, {"answer": False})
    with pytest.raises(IntegrityError), transaction.atomic():
        AttemptAnswer.objects.create(
            attempt=setup["attempt"],
            question_id=setup["tf"].pk,
            kind="true_false",
            answered_at=timezone.now(),
        )
