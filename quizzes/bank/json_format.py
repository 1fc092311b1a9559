"""The question bank as JSON: ``{"format": ..., "version": 1, "questions": [...]}``.

Each question is an object with the same names as the CSV columns, except that answers are a
list of ``{"content", "correct"}`` objects, the quizzes a list of slugs, and the answer to a
true or false question ``true_false_answer`` (see docs/question-bank-format.md).
"""

import json

from django.utils.translation import gettext as _

from .validation import BankFileError, Row

FORMAT = "question-bank"
VERSION = 1


def dumps(records):
    document = {"format": FORMAT, "version": VERSION, "questions": records}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read(text):
    """The rows of a JSON question bank; raises ``BankFileError`` if the document is unusable."""
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise BankFileError(
            [
                _("The file is not valid JSON: %(message)s at line %(line)d, column %(column)d.")
                % {"message": error.msg, "line": error.lineno, "column": error.colno}
            ]
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("questions"), list):
        raise BankFileError([_("The file must hold an object with a “questions” list.")])
    if document.get("format", FORMAT) != FORMAT:
        raise BankFileError([_("The file's “format” must be “%(format)s”.") % {"format": FORMAT}])
    if document.get("version", VERSION) != VERSION:
        raise BankFileError(
            [_("This site reads version %(version)d of the format.") % {"version": VERSION}]
        )
    rows = []
    for number, data in enumerate(document["questions"], start=1):
        row = Row(_("Question %(n)d") % {"n": number}, data)
        if isinstance(data, dict):
            unknown = sorted(set(data) - KNOWN)
            if unknown:
                row.problems.append(
                    _("unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}
                )
        rows.append(row)
    return rows


KNOWN = {
    "key",
    "kind",
    "category",
    "sub_category",
    "quizzes",
    "content",
    "answers",
    "true_false_answer",
    "answer_order",
    "explanation",
    "cites_instrument",
    "cites_article",
}
