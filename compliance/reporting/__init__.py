"""Compliance reports: counts of training status per unit, computed in the database."""
