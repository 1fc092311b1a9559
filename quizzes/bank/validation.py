"""The checks every question-bank file passes through, whatever its format.

Each format's reader turns its file into ``Row`` objects holding the same plain shape (see
``FIELDS``); this module checks them all and turns them into ``QuestionRecord`` objects. Every
problem is collected, with the row it is in, so one run names every bad row; any problem
means nothing is imported.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Question

KINDS = [choice.value for choice in Question.Kind]
ANSWER_ORDERS = [choice.value for choice in Question.AnswerOrder]

#: The longest text each field takes (the model's limits).
MAX_LENGTHS = {
    "key": 200,
    "content": 1000,
    "explanation": 2000,
    "category": 250,
    "sub_category": 250,
    "cites_instrument": 255,
    "cites_article": 100,
    "answer": 1000,
}

#: The text fields of a question record; all but ``key``, ``kind`` and ``content`` may be blank.
TEXT_FIELDS = [
    "key",
    "kind",
    "category",
    "sub_category",
    "content",
    "explanation",
    "cites_instrument",
    "cites_article",
    "answer_order",
]
REQUIRED = {"key", "kind", "content"}


class BankFileError(Exception):
    """The file cannot be imported; ``problems`` names every bad row and why, one sentence each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Row:
    """One question as a reader found it: ``data`` in the shape of ``QuestionRecord``.

    ``label`` names it in messages ("Row 3", "Question 2"); ``problems`` holds what the reader
    itself could not make sense of (an answer number out of range, say).
    """

    label: str
    data: dict
    problems: list = field(default_factory=list)


@dataclass
class AnswerRecord:
    content: str
    correct: bool


@dataclass
class QuestionRecord:
    """A question as the file states it, checked and ready to compare with the database.

    ``quizzes`` is None when the file does not say (the question's quizzes are then left as
    they are); an empty list takes the question out of every quiz.
    """

    key: str
    kind: str
    content: str
    category: str = ""
    sub_category: str = ""
    explanation: str = ""
    cites_instrument: str = ""
    cites_article: str = ""
    answer_order: str = Question.AnswerOrder.RANDOM.value
    true_false_answer: bool | None = None
    answers: list = field(default_factory=list)
    quizzes: list | None = None
    label: str = ""

    def as_data(self):
        """The record in the plain shape the writers take (``label`` left out)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "category": self.category,
            "sub_category": self.sub_category,
            "quizzes": self.quizzes,
            "content": self.content,
            "answers": [{"content": a.content, "correct": a.correct} for a in self.answers],
            "true_false_answer": self.true_false_answer,
            "answer_order": self.answer_order,
            "explanation": self.explanation,
            "cites_instrument": self.cites_instrument,
            "cites_article": self.cites_article,
        }


def _where(row):
    key = row.data.get("key") if isinstance(row.data, dict) else None
    if isinstance(key, str) and key.strip():
        return _("%(row)s (key %(key)s)") % {"row": row.label, "key": key.strip()}
    return row.label


def _check_row(row):
    """The record for ``row``, or None; problems are added to ``row.problems``."""
    data = row.data
    problems = row.problems
    if not isinstance(data, dict):
        problems.append(_("it is not an object."))
        return None

    values = {}
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(_("“%(field)s” must be text.") % {"field": name})
            continue
        value = value.strip()
        if name in REQUIRED and not value:
            problems.append(_("“%(field)s” is empty.") % {"field": name})
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            problems.append(
                _("“%(field)s” is %(length)d characters long; the limit is %(limit)d.")
                % {"field": name, "length": len(value), "limit": limit}
            )
        values[name] = value

    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        problems.append(
            _("the kind “%(kind)s” is not one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    answer_order = values.get("answer_order") or Question.AnswerOrder.RANDOM.value
    if answer_order not in ANSWER_ORDERS:
        problems.append(
            _("the answer order “%(order)s” is not one of %(orders)s.")
            % {"order": answer_order, "orders": ", ".join(ANSWER_ORDERS)}
        )
    if values.get("sub_category") and not values.get("category"):
        problems.append(_("a sub-category is given without its category."))

    quizzes = data.get("quizzes")
    if quizzes is not None:
        if not isinstance(quizzes, list) or not all(isinstance(q, str) for q in quizzes):
            problems.append(_("“quizzes” must be a list of quiz slugs."))
            quizzes = None
        else:
            quizzes = sorted({q.strip() for q in quizzes if q.strip()})

    answers = _check_answers(data.get("answers"), problems)
    true_false_answer = data.get("true_false_answer")
    if true_false_answer is not None and not isinstance(true_false_answer, bool):
        problems.append(_("“true_false_answer” must be true, false or null."))
        true_false_answer = None

    if kind == Question.Kind.MULTIPLE_CHOICE:
        if answers is not None and len(answers) < 2:
            problems.append(_("a multiple-choice question needs at least two answers."))
        elif answers and not any(answer.correct for answer in answers):
            problems.append(_("no answer is marked correct."))
        if true_false_answer is not None:
            problems.append(_("only a true or false question has a true or false answer."))
    elif kind in (Question.Kind.TRUE_FALSE, Question.Kind.ESSAY):
        if answers:
            problems.append(
                _("only multiple-choice questions have answers; this one is %(kind)s.")
                % {"kind": kind}
            )
        if kind == Question.Kind.TRUE_FALSE and true_false_answer is None:
            problems.append(_("say whether the statement is true or false."))
        if kind == Question.Kind.ESSAY and true_false_answer is not None:
            problems.append(_("an essay has no correct answer."))

    if problems:
        return None
    return QuestionRecord(
        key=values["key"],
        kind=kind,
        content=values["content"],
        category=values["category"],
        sub_category=values["sub_category"],
        explanation=values["explanation"],
        cites_instrument=values["cites_instrument"],
        cites_article=values["cites_article"],
        answer_order=answer_order,
        true_false_answer=true_false_answer,
        answers=answers or [],
        quizzes=quizzes,
        label=row.label,
    )


def _check_answers(answers, problems):
    if answers is None:
        return []
    if not isinstance(answers, list):
        problems.append(_("“answers” must be a list."))
        return None
    checked = []
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict):
            problems.append(_("answer %(n)d must be an object.") % {"n": number})
            continue
        content = answer.get("content")
        correct = answer.get("correct", False)
        if not isinstance(content, str) or not content.strip():
            problems.append(_("answer %(n)d has no text.") % {"n": number})
            continue
        if len(content.strip()) > MAX_LENGTHS["answer"]:
            problems.append(
                _("answer %(n)d is longer than %(limit)d characters.")
                % {"n": number, "limit": MAX_LENGTHS["answer"]}
            )
        if not isinstance(correct, bool):
            problems.append(_("answer %(n)d: “correct” must be true or false.") % {"n": number})
            continue
        checked.append(AnswerRecord(content.strip(), correct))
    return checked


def check_rows(rows):
    """The checked records of ``rows``; raises ``BankFileError`` naming every bad row."""
    if not rows:
        raise BankFileError([_("The file holds no questions.")])
    records = []
    problems = []
    first_row_of_key = {}
    for row in rows:
        record = _check_row(row)
        key = row.data.get("key") if isinstance(row.data, dict) else None
        if isinstance(key, str) and key.strip():
            key = key.strip()
            if key in first_row_of_key:
                row.problems.append(
                    _("the key is used already by %(row)s.") % {"row": first_row_of_key[key]}
                )
                record = None
            else:
                first_row_of_key[key] = row.label
        if row.problems:
            where = _where(row)
            problems.extend(f"{where}: {problem}" for problem in row.problems)
        elif record is not None:
            records.append(record)
    if problems:
        raise BankFileError(problems)
    return records
