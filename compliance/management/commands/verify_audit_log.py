from django.core.management.base import BaseCommand, CommandError

from compliance.ledger.checkpoint import (
    CheckpointError,
    check_ledger,
    load_public_key,
    verify_signature,
)
from compliance.ledger.walk import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Walk the audit ledger in sequence order and check every entry's hash and its link to "
        "the entry before it. Prints the count and the last hash, or the first broken entry; "
        "exits with status 1 when the chain is broken. With --checkpoint and --public-key, "
        "also checks a signed checkpoint's signature and that the ledger still holds the "
        "checkpointed entry with the same hash."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="A checkpoint written by export_ledger_checkpoint.",
        )
        parser.add_argument(
            "--public-key",
            metavar="PUBKEY_FILE",
            help="The Ed25519 public key (PEM) the checkpoint must be signed with.",
        )

    def handle(self, *args, verbosity=1, checkpoint=None, public_key=None, **options):
        if bool(checkpoint) != bool(public_key):
            raise CommandError("--checkpoint and --public-key go together.")
        signed = None
        if checkpoint:
            signed = self.signed_checkpoint(checkpoint, public_key)

        def progress(count):
            if verbosity >= 1:
                self.stderr.write(f"… {count} entries checked")

        verdict = verify_stored_chain(progress=progress)
        if not verdict.ok:
            raise CommandError(
                f"Audit ledger BROKEN at {verdict.broken}. Verified before it: "
                f"{verdict.count} entries, last good hash {verdict.last_hash}.",
                returncode=1,
            )
        if signed is not None:
            try:
                check_ledger(signed, verdict)
            except CheckpointError as error:
                raise CommandError(
                    f"Audit ledger does NOT MATCH the checkpoint: {error}", returncode=1
                ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit ledger OK: {verdict.count} entries, last hash {verdict.last_hash}"
            )
        )
        if signed is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint OK: signed at {signed['created_at']}; entry "
                    f"{signed['latest_sequence']} still has hash {signed['latest_hash']}"
                )
            )

    def signed_checkpoint(self, path, public_key_path):
        try:
            return verify_signature(path, load_public_key(public_key_path))
        except CheckpointError as error:
            raise CommandError(f"Checkpoint REJECTED: {error}", returncode=1) from error
