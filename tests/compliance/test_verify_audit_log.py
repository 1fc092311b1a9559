"""``manage.py verify_audit_log``: OK with the count and last hash, or the first broken entry."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from compliance.ledger import LedgerEntry

from .helpers import record_some, tamper

# On PostgreSQL the tests disable the trigger inside their transaction, as a superuser could.


def verify():
    out = StringIO()
    call_command("verify_audit_log", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_failing():
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_log", stdout=StringIO(), stderr=StringIO())
    assert failure.value.returncode == 1
    return str(failure.value)


@pytest.fixture
def entries(db):
    return record_some(5)


def test_an_empty_ledger_verifies(db):
    assert verify().strip() == f"Audit ledger OK: 0 entries, last hash {'0' * 64}"


def test_an_intact_chain_verifies_with_its_count_and_last_hash(entries):
    assert verify().strip() == f"Audit ledger OK: 5 entries, last hash {entries[-1].entry_hash}"


def test_changing_one_entry_is_detected_at_that_entry(entries):
    assert tamper("UPDATE {table} SET details = %s WHERE sequence = 3", ['{"number": 30}']) == 1

    message = verify_failing()

    assert message.startswith("Audit ledger BROKEN at entry 3: content hash mismatch")
    assert f"stored {entries[2].entry_hash}" in message
    assert f"Verified before it: 2 entries, last good hash {entries[1].entry_hash}." in message


@pytest.mark.parametrize("column", ["action", "actor_name", "subject_service_number", "unit_path"])
def test_changing_any_hashed_column_is_detected(entries, column):
    tamper(f"UPDATE {{table}} SET {column} = 'forged' WHERE sequence = 4")
    assert verify_failing().startswith("Audit ledger BROKEN at entry 4: content hash mismatch")


def test_changing_the_time_of_an_entry_is_detected(entries):
    moved = entries[1].occurred_at.replace(year=2020)
    tamper("UPDATE {table} SET occurred_at = %s WHERE sequence = 2", [moved])
    assert verify_failing().startswith("Audit ledger BROKEN at entry 2: content hash mismatch")


def test_rewriting_an_entry_with_a_fresh_hash_breaks_the_next_link(entries):
    forged = LedgerEntry.objects.get(sequence=3)
    forged.details = {"number": 30}
    tamper(
        "UPDATE {table} SET details = %s, entry_hash = %s WHERE sequence = 3",
        ['{"number": 30}', forged.compute_hash()],
    )
    message = verify_failing()
    assert message.startswith("Audit ledger BROKEN at entry 4: broken link")
    assert "content hash" not in message


def test_deleting_an_entry_is_detected_where_it_was(entries):
    tamper("DELETE FROM {table} WHERE sequence = 2")
    message = verify_failing()
    assert message.startswith("Audit ledger BROKEN at entry 3: sequence gap: expected 2, found 3")
    assert "broken link" in message


def test_the_command_streams_the_ledger(entries, monkeypatch):
    """It reads with iterator(), so memory stays flat whatever the ledger's size."""
    calls = []
    original = LedgerEntry.objects.none().__class__.iterator

    def spy(self, *args, **kwargs):
        calls.append(kwargs.get("chunk_size"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LedgerEntry.objects.none().__class__, "iterator", spy)
    verify()
    assert calls == [2000]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.postgres
def test_the_trigger_is_enabled_again_after_tampering(entries):
    tamper("UPDATE {table} SET action = 'forged' WHERE sequence = 1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'compliance_ledgerentry_append_only'"
        )
        assert cursor.fetchone() == ("O",)


def test_a_long_walk_reports_progress(db, monkeypatch):
    from compliance.ledger import verification

    class Entry:
        def __init__(self, sequence, previous):
            self.sequence, self.previous_hash = sequence, previous
            self.entry_hash = f"{sequence:064d}"

        def compute_hash(self):
            return self.entry_hash

    def chain(count):
        previous = "0" * 64
        for sequence in range(1, count + 1):
            entry = Entry(sequence, previous)
            previous = entry.entry_hash
            yield entry

    seen = []
    verdict = verification.verify_chain(chain(25_000), progress=seen.append)
    assert verdict.ok and verdict.count == 25_000
    assert seen == [10_000, 20_000]
