import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError

from compliance.ledger.checkpoint import fingerprint, private_key_pem, public_key_pem


class Command(BaseCommand):
    help = (
        "Generate an Ed25519 key pair for signing ledger checkpoints: write the private key "
        "(PEM, readable by its owner only) to the given file and print the public key (PEM) "
        "to hand to the authority."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "private_key_file", help="Where to write the private key; must not exist yet."
        )

    def handle(self, *args, private_key_file, **options):
        private_key = Ed25519PrivateKey.generate()
        try:
            # O_EXCL: never overwrite a key that signed earlier checkpoints.
            descriptor = os.open(private_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise CommandError(f"Cannot create {private_key_file}: {error.strerror}.") from error
        with os.fdopen(descriptor, "wb") as file:
            file.write(private_key_pem(private_key))
        self.stderr.write(
            f"Private key written to {private_key_file} (mode 0600). Public key, SHA-256 "
            f"{fingerprint(private_key.public_key())}:"
        )
        self.stdout.write(public_key_pem(private_key).decode("ascii"), ending="")
