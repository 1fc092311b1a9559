"""Helpers for ledger tests: raw SQL behind the application's back, as an intruder would."""

from django.db import connection

from compliance.ledger import LedgerEntry, record

TABLE = LedgerEntry._meta.db_table
TRIGGER = "compliance_ledgerentry_append_only"


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(TABLE)), params)
        return cursor.rowcount


def tamper(sql, params=()):
    """Run ``sql`` on the ledger table; on PostgreSQL with the trigger disabled first, as a
    superuser could, and enabled again after."""
    if connection.vendor != "postgresql":
        return raw(sql, params)
    raw(f"ALTER TABLE {{table}} DISABLE TRIGGER {TRIGGER}")
    try:
        return raw(sql, params)
    finally:
        raw(f"ALTER TABLE {{table}} ENABLE TRIGGER {TRIGGER}")


def record_some(count, **kwargs):
    return [
        record("tests.event", details={"number": number, "note": "café"}, **kwargs)
        for number in range(1, count + 1)
    ]
