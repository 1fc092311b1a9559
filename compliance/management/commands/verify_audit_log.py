from contextlib import closing

from django.core.management.base import BaseCommand, CommandError

from compliance.ledger import LedgerEntry, verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit ledger in sequence order and check every entry's hash and its link to "
        "the entry before it. Prints the count and the last hash, or the first broken entry; "
        "exits with status 1 when the chain is broken."
    )

    def handle(self, *args, verbosity=1, **options):
        entries = LedgerEntry.objects.order_by("sequence").iterator(chunk_size=2000)

        def progress(count):
            if verbosity >= 1:
                self.stderr.write(f"… {count} entries checked")

        # Closed here, not when garbage-collected: stopping at a broken entry leaves
        # PostgreSQL's server-side cursor open, and it must be closed inside its transaction.
        with closing(entries):
            verdict = verify_chain(entries, progress=progress)
        if not verdict.ok:
            raise CommandError(
                f"Audit ledger BROKEN at {verdict.broken}. Verified before it: "
                f"{verdict.count} entries, last good hash {verdict.last_hash}.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit ledger OK: {verdict.count} entries, last hash {verdict.last_hash}"
            )
        )
