"""The tamper-evident audit ledger of training events (see docs/audit-ledger.md)."""

from .hashing import GENESIS_HASH, HASHED_FIELDS, canonical_bytes, content_hash, timestamp
from .models import LedgerAppendOnlyError, LedgerEntry, LedgerEntryQuerySet
from .services import record
from .verification import Break, Verdict, verify_chain

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "Break",
    "LedgerAppendOnlyError",
    "LedgerEntry",
    "LedgerEntryQuerySet",
    "Verdict",
    "canonical_bytes",
    "content_hash",
    "record",
    "timestamp",
    "verify_chain",
]
