import json

from django.core.management.base import BaseCommand, CommandError

from compliance.ledger.checkpoint import CheckpointError, build, load_private_key, sign
from compliance.ledger.walk import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Verify the audit ledger, then write a checkpoint of its head (entry count, latest "
        "entry and hash, time, site and agencies) signed with an Ed25519 private key, for an "
        "authority to keep. Refuses when the chain is broken or empty."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--key",
            required=True,
            metavar="PRIVATE_KEY_FILE",
            help="Ed25519 private key, unencrypted PEM (generate_ledger_key or openssl genpkey).",
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Where to write the checkpoint (JSON); standard output when left out. "
            "An existing file is not overwritten.",
        )

    def handle(self, *args, key, output=None, verbosity=1, **options):
        try:
            private_key = load_private_key(key)
        except CheckpointError as error:
            raise CommandError(str(error)) from error

        def progress(count):
            if verbosity >= 1:
                self.stderr.write(f"… {count} entries checked")

        verdict = verify_stored_chain(progress=progress)
        if not verdict.ok:
            raise CommandError(
                f"No checkpoint written: the audit ledger is BROKEN at {verdict.broken}. "
                "Run verify_audit_log and investigate first.",
                returncode=1,
            )
        if verdict.count == 0:
            raise CommandError("No checkpoint written: the audit ledger is empty.")
        text = json.dumps(sign(build(verdict), private_key), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "x", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        if verbosity >= 1:
            self.stderr.write(
                f"Checkpoint of {verdict.count} entries (last hash {verdict.last_hash}) "
                f"written to {output}"
            )
