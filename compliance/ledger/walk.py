"""Walking the stored ledger, streaming, for the management commands."""

from contextlib import closing

from .models import LedgerEntry
from .verification import verify_chain


def verify_stored_chain(*, progress=None):
    """``verify_chain`` over every stored entry, read in chunks (constant memory)."""
    entries = LedgerEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    # Closed here, not when garbage-collected: stopping at a broken entry leaves PostgreSQL's
    # server-side cursor open, and it must be closed inside its transaction.
    with closing(entries):
        return verify_chain(entries, progress=progress)
