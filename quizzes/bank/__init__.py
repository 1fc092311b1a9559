"""Question banks to and from files, in the CSV and JSON formats of docs/question-bank-format.md.

One module per format (``csv_format``, ``json_format``) reads a file into rows and writes
records out; ``validation`` checks rows of either format the same way; ``store`` exports
from and imports into the database. Commands and the admin call the functions below.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from . import csv_format, json_format
from .store import Change, Plan, apply_plan, export_records, import_records, plan_import
from .validation import BankFileError, check_rows

#: The reader/writer module for each file extension.
FORMATS = {"csv": csv_format, "json": json_format}


def format_of(name):
    """The format module for a file name, by its extension."""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise BankFileError(
            [
                _("The file name must end in .csv or .json, not “%(name)s”.")
                % {"name": Path(name).name}
            ]
        )
    return FORMATS[extension]


def read_records(name, data):
    """Checked records from a file's ``name`` (for its format) and its ``data`` (bytes)."""
    reader = format_of(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BankFileError([_("The file is not UTF-8 text.")]) from error
    return check_rows(reader.read(text))


def dumps(name, records):
    """``records`` as the text of a file called ``name``."""
    return format_of(name).dumps(records)


__all__ = [
    "FORMATS",
    "BankFileError",
    "Change",
    "Plan",
    "apply_plan",
    "dumps",
    "export_records",
    "format_of",
    "import_records",
    "plan_import",
    "read_records",
]
