"""Appending to the ledger: the one function that writes an entry."""

from django.db import connections, router, transaction
from django.utils import timezone

from courses.services import display_name

from .hashing import GENESIS_HASH, plain_details
from .models import LedgerEntry


def _clip(value, field_name):
    """``value`` cut to the column's length, so what is stored is exactly what was hashed."""
    return (value or "")[: LedgerEntry._meta.get_field(field_name).max_length]


def _subject_snapshot(subject):
    from compliance.models import OfficerProfile

    if subject is None:
        return {"subject_name": "", "subject_service_number": "", "unit_path": ""}
    profile = (
        OfficerProfile.objects.filter(user_id=subject.pk)
        .values_list("service_number", "unit__path")
        .first()
    )
    service_number, unit_path = profile or ("", "")
    return {
        "subject_name": _clip(display_name(subject), "subject_name"),
        "subject_service_number": _clip(service_number, "subject_service_number"),
        "unit_path": _clip(unit_path, "unit_path"),
    }


def _lock_ledger(using):
    """Serialise appends until the surrounding transaction ends.

    On PostgreSQL the table lock conflicts only with itself and with writers, so readers (the
    export, ``verify_audit_log``) are never blocked. SQLite serialises every write anyway. The
    unique ``previous_hash`` backs this up: two entries can never follow the same entry.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(LedgerEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def record(action, *, actor=None, subject=None, details=None, occurred_at=None):
    """Append an entry for ``action`` (a dotted code such as ``"courses.enrol"``).

    ``actor`` is who did it (None for the system), ``subject`` the officer it concerns; both
    are users, snapshotted by name (and the subject by service number and unit) as they are
    now. ``details`` holds JSON values (no floats: pass decimals as strings).

    Call it inside the transaction of the event it records, so both commit or neither does,
    and as late in it as you can: the ledger lock is held until that transaction ends, so
    taking it last keeps the wait short and the lock order the same everywhere (no deadlocks).
    """
    now = timezone.now()
    if actor is not None and not actor.is_authenticated:
        actor = None
    entry = LedgerEntry(
        occurred_at=occurred_at or now,
        recorded_at=now,
        action=_clip(action, "action"),
        actor_id=actor.pk if actor is not None else None,
        actor_name=_clip(display_name(actor), "actor_name") if actor is not None else "",
        subject_id=subject.pk if subject is not None else None,
        details=plain_details(details),
        **_subject_snapshot(subject),
    )
    using = router.db_for_write(LedgerEntry)
    with transaction.atomic(using=using):
        _lock_ledger(using)
        last = (
            LedgerEntry.objects.using(using)
            .order_by("-sequence")
            .values_list("sequence", "entry_hash")
            .first()
        )
        entry.sequence, entry.previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        entry.entry_hash = entry.compute_hash()
        entry.save(using=using)
    return entry
