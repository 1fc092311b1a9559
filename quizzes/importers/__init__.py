"""Importers that bring question banks and results from other systems into the quiz engine."""
