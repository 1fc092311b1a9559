"""Roster import: read a CSV or XLSX roster, plan the changes, apply them in one transaction.

The command (``manage.py import_roster``) and the admin view (``views.py``) call these
functions; the rules live here, not in either caller.
"""

from .planning import IMPORT_LOG_ACTION, Change, ImportPlan, RowError, apply, plan_import
from .reading import COLUMNS, RosterFileError, RosterRow, parse_roster, read_roster

__all__ = [
    "COLUMNS",
    "IMPORT_LOG_ACTION",
    "Change",
    "ImportPlan",
    "RosterFileError",
    "RosterRow",
    "RowError",
    "apply",
    "parse_roster",
    "plan_import",
    "read_roster",
]
