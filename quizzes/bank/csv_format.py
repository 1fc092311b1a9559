"""The question bank as CSV: one question a row, for editing in a spreadsheet.

Columns (see docs/question-bank-format.md): ``key``, ``kind``, ``category``,
``sub_category``, ``quizzes`` (slugs separated by ``|``), ``content``, ``answer_1`` …
``answer_N``, ``correct`` (the numbers of the correct answers separated by ``|`` for multiple
choice, ``true`` or ``false`` for true or false, empty for an essay), ``answer_order``,
``explanation``, ``cites_instrument``, ``cites_article``. Files are UTF-8; a byte-order mark
is written so spreadsheets detect it, and accepted on reading.
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from ..models import Question
from .validation import BankFileError, Row

LIST_SEPARATOR = "|"
#: Answer columns written at least, so a spreadsheet has room for new answers.
MIN_ANSWER_COLUMNS = 4
LEADING = ["key", "kind", "category", "sub_category", "quizzes", "content"]
TRAILING = ["correct", "answer_order", "explanation", "cites_instrument", "cites_article"]
REQUIRED = ["key", "kind", "content"]
ANSWER_COLUMN = re.compile(r"^answer_([1-9][0-9]*)$")
#: A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _protect(value):
    """Written cells that a spreadsheet would run as a formula get a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _unprotect(value):
    """Reading undoes ``_protect``, so an exported bank imports unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _split(value):
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def write(records, stream):
    """Write ``records`` (``QuestionRecord.as_data()`` dicts) to a text stream."""
    count = max([MIN_ANSWER_COLUMNS, *(len(r["answers"]) for r in records)])
    answer_columns = [f"answer_{n}" for n in range(1, count + 1)]
    writer = csv.DictWriter(stream, fieldnames=[*LEADING, *answer_columns, *TRAILING])
    writer.writeheader()
    for record in records:
        row = {name: record[name] for name in LEADING if name != "quizzes"}
        row["quizzes"] = LIST_SEPARATOR.join(record["quizzes"] or [])
        for number, answer in enumerate(record["answers"], start=1):
            row[f"answer_{number}"] = answer["content"]
        if record["kind"] == Question.Kind.MULTIPLE_CHOICE:
            row["correct"] = LIST_SEPARATOR.join(
                str(n) for n, a in enumerate(record["answers"], start=1) if a["correct"]
            )
        elif record["kind"] == Question.Kind.TRUE_FALSE:
            row["correct"] = "true" if record["true_false_answer"] else "false"
        for name in TRAILING[1:]:
            row[name] = record[name]
        writer.writerow({name: _protect(value) for name, value in row.items()})


def dumps(records):
    stream = io.StringIO()
    write(records, stream)
    return "\ufeff" + stream.getvalue()


def _read_correct(kind, value, answers, problems):
    """Apply the ``correct`` cell to the row's data: flags on answers, or the true/false."""
    value = value.strip()
    if kind == Question.Kind.TRUE_FALSE:
        truth = {"true": True, "false": False}.get(value.lower())
        if truth is None:
            problems.append(_("“correct” must be true or false for a true or false question."))
        return truth
    if kind == Question.Kind.ESSAY:
        if value:
            problems.append(_("an essay has no correct answer: leave “correct” empty."))
        return None
    if kind != Question.Kind.MULTIPLE_CHOICE:
        return None  # the kind itself is reported by the shared checks
    for part in _split(value):
        if not part.isdigit() or int(part) not in answers:
            problems.append(
                _("“correct” names answer %(part)s, but there is no such answer.") % {"part": part}
            )
        else:
            answers[int(part)]["correct"] = True
    return None


def read(text):
    """The rows of a CSV question bank; raises ``BankFileError`` if its header is unusable."""
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames
    if not header:
        raise BankFileError([_("The file is empty: it needs a header row and one row a question.")])
    header = [name.strip() if name else "" for name in header]
    known = set(LEADING) | set(TRAILING)
    answer_numbers = {}
    problems = []
    for name in header:
        match = ANSWER_COLUMN.match(name)
        if match:
            answer_numbers[name] = int(match.group(1))
        elif name not in known:
            problems.append(
                _("The column “%(column)s” is not one of the format's.") % {"column": name}
            )
    if len(set(header)) != len(header):
        problems.append(_("A column appears twice in the header."))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if problems:
        raise BankFileError(problems)
    reader.fieldnames = header

    rows = []
    for number, cells in enumerate(reader, start=2):  # row 1 is the header, as spreadsheets count
        if None in cells:
            row = Row(_("Row %(n)d") % {"n": number}, {"key": cells.get("key")})
            row.problems.append(_("it has more cells than the header has columns."))
            rows.append(row)
            continue
        cells = {name: _unprotect(value or "") for name, value in cells.items()}
        if not any(value.strip() for value in cells.values()):
            continue  # a blank line
        answers = {
            n: {"content": cells[name].strip(), "correct": False}
            for name, n in sorted(answer_numbers.items(), key=lambda item: item[1])
            if cells[name].strip()
        }
        data = {name: cells.get(name, "") for name in LEADING if name != "quizzes"}
        data.update({name: cells.get(name, "") for name in TRAILING[1:]})
        data["quizzes"] = _split(cells["quizzes"]) if "quizzes" in cells else None
        row = Row(_("Row %(n)d") % {"n": number}, data)
        kind = data["kind"].strip()
        data["true_false_answer"] = _read_correct(
            kind, cells.get("correct", ""), answers, row.problems
        )
        data["answers"] = list(answers.values())
        rows.append(row)
    return rows
