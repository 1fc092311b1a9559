"""Roster import: read a CSV or XLSX roster, plan the changes, apply them in one transaction.

The command (``manage.py import_roster``) and any future admin view call these three functions;
the rules live here, not in either caller.
"""

from .planning import Change, ImportPlan, RowError, apply, plan_import
from .reading import COLUMNS, RosterFileError, RosterRow, read_roster

__all__ = [
    "COLUMNS",
    "Change",
    "ImportPlan",
    "RosterFileError",
    "RosterRow",
    "RowError",
    "apply",
    "plan_import",
    "read_roster",
]
