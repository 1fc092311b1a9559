"""Walking the chain: pure logic over any iterable of entries, in sequence order."""

from dataclasses import dataclass, field

from .hashing import GENESIS_HASH


@dataclass
class Break:
    """The first entry at which the chain does not hold, and what differs there."""

    sequence: int
    problems: list = field(default_factory=list)

    def __str__(self):
        return f"entry {self.sequence}: " + "; ".join(self.problems)


@dataclass
class Verdict:
    count: int
    last_hash: str
    broken: Break | None = None

    @property
    def ok(self):
        return self.broken is None


def verify_chain(entries, *, progress=None):
    """Check each entry's own hash, its link to the one before and that no number is missing.

    Stops at the first broken entry. ``progress``, if given, is called with the number of
    entries checked every 10,000 entries.
    """
    expected_sequence, previous_hash, count = 1, GENESIS_HASH, 0
    for entry in entries:
        problems = []
        if entry.sequence != expected_sequence:
            problems.append(
                f"sequence gap: expected {expected_sequence}, found {entry.sequence} "
                "(entries are missing)"
            )
        if entry.previous_hash != previous_hash:
            problems.append(
                f"broken link: its previous_hash {entry.previous_hash} is not the hash of the "
                f"entry before it ({previous_hash})"
            )
        computed = entry.compute_hash()
        if computed != entry.entry_hash:
            problems.append(
                f"content hash mismatch: stored {entry.entry_hash}, computed {computed} "
                "(the entry's content was changed)"
            )
        if problems:
            broken = Break(entry.sequence, problems)
            return Verdict(count=count, last_hash=previous_hash, broken=broken)
        count += 1
        expected_sequence, previous_hash = entry.sequence + 1, entry.entry_hash
        if progress is not None and count % 10_000 == 0:
            progress(count)
    return Verdict(count=count, last_hash=previous_hash)
