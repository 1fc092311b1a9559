"""The rows of the dashboard: one unit of the current level each, with the totals of its subtree."""

from dataclasses import dataclass

from ..jurisdiction import jurisdiction_roots
from .totals import Totals, totals_by_branch


@dataclass
class UnitRow:
    unit: object
    totals: Totals

    @property
    def has_sub_units(self):
        return self.unit.numchild > 0


def level_units(user, parent=None):
    """The units listed under ``parent`` (a unit the caller has checked ``user`` may see), or the
    top of ``user``'s jurisdiction when there is no parent."""
    if parent is None:
        return jurisdiction_roots(user)
    return list(parent.get_children())


def unit_rows(per_unit, units):
    """A :class:`UnitRow` per unit of ``units``, adding up ``per_unit`` totals in its subtree."""
    totals = totals_by_branch(per_unit, units)
    return [UnitRow(unit, totals[unit]) for unit in units]
