"""Scoring: pure functions over a question's snapshot, with no database access.

A question snapshot is the dictionary stored in ``Attempt.snapshot["questions"]`` (see
``quizzes.snapshots``). Every question is worth ``points`` (1, as in django-quiz-app).
Multiple choice is all-or-nothing: the selected set must equal the set of correct answers.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

MULTIPLE_CHOICE = "multiple_choice"
TRUE_FALSE = "true_false"
ESSAY = "essay"

#: Points a question is worth unless its snapshot says otherwise.
DEFAULT_POINTS = 1

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Response:
    """What an officer answered, already read from the submission."""

    answer_ids: frozenset = field(default_factory=frozenset)
    boolean: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class Verdict:
    """``is_correct`` and ``score`` are None when a person must mark the answer."""

    is_correct: bool | None
    score: Decimal | None

    @property
    def awaiting_marking(self):
        return self.is_correct is None


def points(question):
    return Decimal(question.get("points", DEFAULT_POINTS))


def answer_ids(question):
    return {answer["id"] for answer in question.get("answers", ())}


def correct_answer_ids(question):
    return {answer["id"] for answer in question.get("answers", ()) if answer["correct"]}


def foreign_answer_ids(question, selected):
    """The selected ids that are not options of this question, sorted (empty if all belong)."""
    return sorted(set(selected) - answer_ids(question))


def check_multiple_choice(question, response):
    correct = correct_answer_ids(question)
    return bool(correct) and set(response.answer_ids) == correct


def check_true_false(question, response):
    expected = question.get("true_false_answer")
    return expected is not None and response.boolean is expected


def check_essay(question, response):
    return None


#: One checker per question kind; a checker returns True, False or None (a person marks it).
CHECKERS = {
    MULTIPLE_CHOICE: check_multiple_choice,
    TRUE_FALSE: check_true_false,
    ESSAY: check_essay,
}


def check(question, response):
    """The verdict on one response; essays get ``Verdict(None, None)`` (awaiting marking)."""
    checker = CHECKERS.get(question["kind"])
    if checker is None:
        raise ValueError(f"Unknown question kind {question['kind']!r}.")
    is_correct = checker(question, response)
    if is_correct is None:
        return Verdict(None, None)
    return Verdict(is_correct, points(question) if is_correct else Decimal(0))


def percent(score, max_score):
    """Score as a percentage, truncated to hundredths so that rounding never lifts a fail.

    The pass mark is a whole number, so comparing the truncated percent with it gives the
    same answer as comparing the exact fraction.
    """
    score, max_score = Decimal(score), Decimal(max_score)
    if max_score <= 0:
        return Decimal(0).quantize(HUNDREDTH)
    return (score * 100 / max_score).quantize(HUNDREDTH, rounding=ROUND_DOWN)


def is_pass(percent_value, pass_mark):
    return Decimal(percent_value) >= Decimal(pass_mark)


def model_payload(question, *, correct=True, essay_text=""):
    """A submission for ``question`` (a snapshot) that is right, or wrong when ``correct`` is
    False, in the form ``services.submit_answer`` takes. Demo data and tests answer with it."""
    if question["kind"] == TRUE_FALSE:
        return {"answer": question["true_false_answer"] == correct}
    if question["kind"] == ESSAY:
        return {"text": essay_text}
    right = correct_answer_ids(question)
    if correct:
        return {"answer_ids": sorted(right)}
    return {"answer_ids": sorted(answer_ids(question) - right)[:1]}
