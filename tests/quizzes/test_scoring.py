"""Scoring is pure: these tables need no database."""

from decimal import Decimal

import pytest

from quizzes import scoring
from quizzes.scoring import Response, Verdict

ONE_CORRECT = {
    "kind": "multiple_choice",
    "points": 1,
    "answers": [
        {"id": 1, "content": "Consular post", "correct": True},
        {"id": 2, "content": "Employer", "correct": False},
        {"id": 3, "content": "No one", "correct": False},
    ],
}
TWO_CORRECT = {
    "kind": "multiple_choice",
    "points": 1,
    "answers": [
        {"id": 4, "content": "Necessary", "correct": True},
        {"id": 5, "content": "Proportionate", "correct": True},
        {"id": 6, "content": "Convenient", "correct": False},
    ],
}
NONE_CORRECT = {
    "kind": "multiple_choice",
    "points": 1,
    "answers": [{"id": 7, "content": "x", "correct": False}],
}
TRUE_STATEMENT = {"kind": "true_false", "points": 1, "true_false_answer": True, "answers": []}
FALSE_STATEMENT = {"kind": "true_false", "points": 1, "true_false_answer": False, "answers": []}
ESSAY = {"kind": "essay", "points": 1, "answers": []}

RIGHT = Verdict(True, Decimal(1))
WRONG = Verdict(False, Decimal(0))
UNMARKED = Verdict(None, None)


@pytest.mark.parametrize(
    ("question", "response", "verdict"),
    [
        pytest.param(ONE_CORRECT, Response(answer_ids=frozenset({1})), RIGHT, id="mc-right"),
        pytest.param(ONE_CORRECT, Response(answer_ids=frozenset({2})), WRONG, id="mc-wrong"),
        pytest.param(
            ONE_CORRECT, Response(answer_ids=frozenset({1, 2})), WRONG, id="mc-right-plus-wrong"
        ),
        pytest.param(ONE_CORRECT, Response(), WRONG, id="mc-nothing-selected"),
        pytest.param(
            TWO_CORRECT, Response(answer_ids=frozenset({4, 5})), RIGHT, id="mc-both-correct"
        ),
        pytest.param(
            TWO_CORRECT, Response(answer_ids=frozenset({4})), WRONG, id="mc-half-is-nothing"
        ),
        pytest.param(
            TWO_CORRECT, Response(answer_ids=frozenset({4, 5, 6})), WRONG, id="mc-all-selected"
        ),
        pytest.param(
            NONE_CORRECT, Response(answer_ids=frozenset()), WRONG, id="mc-without-correct-answer"
        ),
        pytest.param(TRUE_STATEMENT, Response(boolean=True), RIGHT, id="tf-true-right"),
        pytest.param(TRUE_STATEMENT, Response(boolean=False), WRONG, id="tf-true-wrong"),
        pytest.param(FALSE_STATEMENT, Response(boolean=False), RIGHT, id="tf-false-right"),
        pytest.param(FALSE_STATEMENT, Response(boolean=True), WRONG, id="tf-false-wrong"),
        pytest.param(FALSE_STATEMENT, Response(boolean=None), WRONG, id="tf-no-answer"),
        pytest.param(ESSAY, Response(text="A long answer"), UNMARKED, id="essay-awaits-marking"),
    ],
)
def test_check_gives_the_verdict(question, response, verdict):
    assert scoring.check(question, response) == verdict


def test_a_question_worth_more_points_scores_them():
    question = dict(TRUE_STATEMENT, points=3)
    assert scoring.check(question, Response(boolean=True)) == Verdict(True, Decimal(3))


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown question kind"):
        scoring.check({"kind": "matching"}, Response())


@pytest.mark.parametrize(
    ("selected", "foreign"),
    [({1, 2}, []), ({1, 4}, [4]), ({9, 8, 1}, [8, 9]), (set(), [])],
)
def test_foreign_answer_ids_are_those_not_offered_with_the_question(selected, foreign):
    assert scoring.foreign_answer_ids(ONE_CORRECT, selected) == foreign


@pytest.mark.parametrize(
    ("score", "max_score", "percent"),
    [
        (0, 4, "0.00"),
        (3, 4, "75.00"),
        (4, 4, "100.00"),
        (2, 3, "66.66"),  # truncated, never rounded up
        (Decimal("2.5"), 4, "62.50"),
        (0, 0, "0.00"),
    ],
)
def test_percent(score, max_score, percent):
    assert scoring.percent(score, max_score) == Decimal(percent)


@pytest.mark.parametrize(
    ("percent", "pass_mark", "passes"),
    [
        ("75.00", 75, True),
        ("74.99", 75, False),
        ("100.00", 100, True),
        ("99.99", 100, False),
        ("0.00", 0, True),
        ("66.66", 67, False),
    ],
)
def test_is_pass_compares_percent_with_pass_mark(percent, pass_mark, passes):
    assert scoring.is_pass(Decimal(percent), pass_mark) is passes


def test_a_score_just_under_the_pass_mark_is_never_rounded_into_a_pass():
    # 149/200 is 74.5%: rounding to a whole number would pass it at 75.
    assert not scoring.is_pass(scoring.percent(149, 200), 75)
