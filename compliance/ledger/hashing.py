"""The ledger's canonical serialisation and hash: pure functions, no database.

docs/audit-ledger.md describes the same rules for auditors who re-compute the chain themselves;
change one and you must change the other (and every existing entry would stop verifying).
"""

import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

#: The fields an entry's hash covers, in the order the CSV export writes them.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "recorded_at",
    "action",
    "actor_id",
    "actor_name",
    "subject_id",
    "subject_name",
    "subject_service_number",
    "unit_path",
    "details",
    "previous_hash",
)

#: The ``previous_hash`` of the first entry.
GENESIS_HASH = "0" * 64


def timestamp(value):
    """A moment as the ledger writes it: UTC, microseconds, e.g. 2026-11-26T17:16:11.000123Z."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _refuse_float(text):
    raise TypeError(
        f"Ledger details cannot hold the number {text}: write decimals as strings, so that "
        "every database gives back exactly the value that was hashed."
    )


def plain_details(details):
    """``details`` as plain JSON values (decimals, dates and UUIDs become strings).

    Floats are refused: PostgreSQL's jsonb may write them back differently (1e2 as 100), which
    would change the hash of an entry that nobody touched.
    """
    text = json.dumps(details or {}, cls=DjangoJSONEncoder)
    return json.loads(text, parse_float=_refuse_float, parse_constant=_refuse_float)


def canonical_bytes(content):
    """UTF-8 JSON of ``content`` with sorted keys and no whitespace."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_hash(content):
    """SHA-256, in lowercase hex, of the canonical serialisation of ``content``."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()
