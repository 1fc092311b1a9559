"""Marks for tests that need PostgreSQL's row locks; they skip with the reason elsewhere."""

import pytest
from django.db import connection

requires_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (SQLite ignores select_for_update); "
        "run with DATABASE_URL=postgres://... as CI does",
    ),
    # serialized_rollback restores what data migrations created (home page, role groups).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
