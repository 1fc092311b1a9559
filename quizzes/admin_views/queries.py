"""Query expressions the trainer's admin views share.

Everything here runs in the database, so the marking queue and the results reports stay at a
constant number of queries whatever the number of attempts.
"""

from django.db import NotSupportedError
from django.db.models import CharField, Func, TextField
from django.db.models.functions import Cast


class SnapshotQuestionText(Func):
    """The text of a question as it was asked, read from an attempt's snapshot in SQL.

    ``SnapshotQuestionText("attempt__snapshot", "question_id")`` is
    ``snapshot["questions"][str(question_id)]["content"]``: the key is another column, which
    Django's ``KeyTextTransform`` cannot express, so each database gets its own JSON path.
    """

    output_field = TextField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(
            "Reading a question from an attempt's snapshot is written for SQLite and "
            "PostgreSQL only."
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        snapshot, question_id = self.source_expressions
        snapshot_sql, snapshot_params = compiler.compile(snapshot)
        id_sql, id_params = compiler.compile(question_id)
        return (
            f"json_extract({snapshot_sql}, '$.questions.\"' || {id_sql} || '\".content')",
            (*snapshot_params, *id_params),
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        snapshot, question_id = self.source_expressions
        snapshot_sql, snapshot_params = compiler.compile(snapshot)
        id_sql, id_params = compiler.compile(Cast(question_id, CharField()))
        return (
            f"(({snapshot_sql} -> 'questions') -> {id_sql}) ->> 'content'",
            (*snapshot_params, *id_params),
        )
