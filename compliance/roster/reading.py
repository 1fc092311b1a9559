"""Reading roster files into rows numbered as a spreadsheet numbers them (the header is row 1)."""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

#: The columns a roster file must have, in the order the documentation lists them.
COLUMNS = (
    "service_number",
    "first_name",
    "last_name",
    "email",
    "rank",
    "unit_code",
    "preferred_language",
    "active",
)


class RosterFileError(ValueError):
    """The file as a whole cannot be read as a roster (as opposed to one bad row)."""


@dataclass(frozen=True)
class RosterRow:
    #: The row number a spreadsheet shows, so people can find the row in their file.
    number: int
    #: Every column of ``COLUMNS`` as a stripped string ("" when the cell is empty).
    values: dict


def read_roster(path):
    """Rows of a CSV or XLSX roster file on disk (see ``parse_roster``)."""
    path = Path(path)
    reader = _reader(path.name)
    return _rows(reader(path.read_bytes()))


def parse_roster(name, data):
    """Rows of a roster given as bytes: CSV (UTF-8, with or without BOM) or XLSX, told apart by
    the extension of ``name``; blank rows are skipped."""
    return _rows(_reader(name)(data))


def _reader(name):
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return _csv_records
    if suffix == ".xlsx":
        return _xlsx_records
    raise RosterFileError(
        _("Roster files must be CSV or XLSX, not %(suffix)s.") % {"suffix": suffix or name}
    )


def _csv_records(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError(
            _("The roster file could not be read: %(error)s") % {"error": error}
        ) from error
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_records(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise RosterFileError(
            _("The roster file could not be read: %(error)s") % {"error": error}
        ) from error
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell(value):
    """A cell as text: spreadsheets give numbers and booleans, CSV gives strings."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(records):
    if not records or not any(_cell(value) for value in records[0]):
        raise RosterFileError(_("The roster has no header row."))
    header = [_cell(value).lower() for value in records[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise RosterFileError(
            _("The roster lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    positions = {column: header.index(column) for column in COLUMNS}
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [_cell(value) for value in record]
        if not any(cells):
            continue
        values = {
            column: cells[position] if position < len(cells) else ""
            for column, position in positions.items()
        }
        rows.append(RosterRow(number=number, values=values))
    return rows
