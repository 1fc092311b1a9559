"""The ledger is a gap-free hash chain that the application can only append to."""

import datetime
import threading

import pytest
from django.db import DatabaseError, connection, transaction

from compliance.ledger import (
    GENESIS_HASH,
    LedgerAppendOnlyError,
    LedgerEntry,
    canonical_bytes,
    content_hash,
    record,
    timestamp,
    verify_chain,
)
from tests.factories import OfficerProfileFactory, UserFactory
from tests.postgres import requires_postgres

from .helpers import raw, record_some


@pytest.fixture
def entries(db):
    return record_some(3)


def test_entries_are_numbered_from_one_and_each_links_to_the_one_before(entries):
    assert [entry.sequence for entry in entries] == [1, 2, 3]
    assert entries[0].previous_hash == GENESIS_HASH
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    assert verify_chain(LedgerEntry.objects.order_by("sequence")).ok


def test_the_hash_is_sha256_of_sorted_compact_json_of_the_content_and_previous_hash(entries):
    stored = LedgerEntry.objects.get(sequence=2)
    content = {
        "sequence": 2,
        "occurred_at": timestamp(stored.occurred_at),
        "recorded_at": timestamp(stored.recorded_at),
        "action": "tests.event",
        "actor_id": None,
        "actor_name": "",
        "subject_id": None,
        "subject_name": "",
        "subject_service_number": "",
        "unit_path": "",
        "details": {"note": "café", "number": 2},
        "previous_hash": entries[0].entry_hash,
    }
    assert stored.entry_hash == content_hash(content)
    assert canonical_bytes({"b": 1, "a": [None, "é"]}) == '{"a":[null,"é"],"b":1}'.encode()


def test_timestamps_are_written_in_utc_with_microseconds():
    moment = datetime.datetime(
        2026, 3, 1, 14, 5, 6, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=3))
    )
    assert timestamp(moment) == "2026-03-01T11:05:06.000007Z"


def test_an_entry_snapshots_actor_and_officer_with_service_number_and_unit(org_tree):
    profile = OfficerProfileFactory(
        user__first_name="Amina",
        user__last_name="Diallo",
        service_number="N-0042",
        unit=org_tree["north_1"],
    )
    trainer = UserFactory(first_name="Tom", last_name="Marker")
    moment = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)

    entry = record(
        "tests.event", actor=trainer, subject=profile.user, details={"x": "1"}, occurred_at=moment
    )

    entry = LedgerEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_name) == (trainer.pk, "Tom Marker")
    assert (entry.subject_id, entry.subject_name) == (profile.user.pk, "Amina Diallo")
    assert entry.subject_service_number == "N-0042"
    org_tree["north_1"].refresh_from_db()
    assert entry.unit_path == org_tree["north_1"].path
    assert entry.occurred_at == moment
    assert entry.recorded_at > moment
    assert entry.compute_hash() == entry.entry_hash


def test_deleting_a_user_leaves_their_entries_untouched(db):
    officer = UserFactory()
    entry = record("tests.event", actor=officer, subject=officer)
    officer_id = officer.pk
    officer.delete()
    entry = LedgerEntry.objects.get(pk=entry.pk)
    assert entry.actor_id == entry.subject_id == officer_id
    assert verify_chain(LedgerEntry.objects.all()).ok


def test_floats_in_details_are_refused_so_the_hash_survives_the_database(db):
    with pytest.raises(TypeError, match="decimals as strings"):
        record("tests.event", details={"score": 0.5})
    assert not LedgerEntry.objects.exists()


def test_an_entry_cannot_be_saved_again(entries):
    entry = LedgerEntry.objects.get(sequence=1)
    entry.details = {"number": 99}
    with pytest.raises(LedgerAppendOnlyError):
        entry.save()
    with pytest.raises(LedgerAppendOnlyError):
        entry.save(update_fields=["details"])
    assert LedgerEntry.objects.get(sequence=1).details == {"number": 1, "note": "café"}


def test_an_entry_cannot_be_deleted(entries):
    with pytest.raises(LedgerAppendOnlyError):
        entries[0].delete()
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.filter(sequence=1).delete()
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.count() == 3


def test_the_queryset_refuses_bulk_changes(entries):
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.update(action="forged")
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.filter(sequence=2).update(details={})
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.bulk_update(entries, ["action"])
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.update_or_create(sequence=1, defaults={"action": "forged"})
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.bulk_create([LedgerEntry(sequence=4)])
    assert set(LedgerEntry.objects.values_list("action", flat=True)) == {"tests.event"}


def test_an_entry_cannot_be_written_outside_record(entries):
    forged = LedgerEntry(
        sequence=4,
        occurred_at=entries[-1].occurred_at,
        recorded_at=entries[-1].recorded_at,
        action="forged",
        previous_hash=entries[-1].entry_hash,
        entry_hash="f" * 64,
    )
    with pytest.raises(LedgerAppendOnlyError):
        forged.save()
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.create(sequence=5, action="forged")
    assert LedgerEntry.objects.count() == 3


def test_an_entry_rolled_back_with_its_event_leaves_no_gap(db):
    record("tests.event")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("tests.event")
        raise RuntimeError("the event failed")
    assert record("tests.event").sequence == 2


def test_there_is_no_permission_to_add_change_or_delete_entries(db):
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__model="ledgerentry").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_ledgerentry"}


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no trigger")
def test_on_sqlite_raw_sql_is_not_refused_but_is_detected(entries):
    assert raw("UPDATE {table} SET action = 'forged' WHERE sequence = 2") == 1
    verdict = verify_chain(LedgerEntry.objects.order_by("sequence"))
    assert verdict.broken.sequence == 2


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET action = 'forged' WHERE sequence = 2",
        "UPDATE {table} SET details = '{{}}'",
        "DELETE FROM {table} WHERE sequence = 3",
        "DELETE FROM {table}",
    ],
)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's trigger")
def test_on_postgresql_the_database_refuses_update_and_delete(entries, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert LedgerEntry.objects.count() == 3
    assert set(LedgerEntry.objects.values_list("action", flat=True)) == {"tests.event"}
    assert verify_chain(LedgerEntry.objects.order_by("sequence")).ok


class TestConcurrentAppends:
    pytestmark = requires_postgres

    def test_writers_appending_at_once_make_one_gap_free_chain(self):
        writers, per_writer = 6, 5
        barrier = threading.Barrier(writers)
        errors = []

        def write():
            try:
                barrier.wait()
                for _ in range(per_writer):
                    with transaction.atomic():
                        record("tests.event", details={"thread": threading.get_ident()})
            except Exception as error:  # reported by the assertion below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=write) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        sequences = list(
            LedgerEntry.objects.order_by("sequence").values_list("sequence", flat=True)
        )
        assert sequences == list(range(1, writers * per_writer + 1))
        verdict = verify_chain(LedgerEntry.objects.order_by("sequence"))
        assert verdict.ok and verdict.count == writers * per_writer
