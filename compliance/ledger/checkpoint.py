"""Signed checkpoints of the ledger's head, for an authority to keep (see docs/audit-ledger.md).

The hash chain detects any change *inside* the ledger, but not a ledger rewritten from its first
entry on and chained again consistently. A checkpoint closes that gap: the count and last hash
at one moment, signed with Ed25519 and kept outside the platform. As long as the chain is intact
and its entry at the checkpoint's position still has the checkpoint's hash, every entry up to it
is the one that was there when the checkpoint was signed.
"""

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from .hashing import canonical_bytes, timestamp
from .models import LedgerEntry

#: Names the layout of the signed document; a new layout gets a new number.
FORMAT = "decent-treatment-training/ledger-checkpoint/1"
ALGORITHM = "Ed25519"


class CheckpointError(Exception):
    """A key or checkpoint that cannot be used, or a ledger that does not match a checkpoint."""


def private_key_pem(private_key):
    """The key as unencrypted PKCS#8 PEM, as ``openssl genpkey -algorithm ed25519`` writes it."""
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_pem(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(public_key):
    """SHA-256 of the raw 32-byte public key, in hex: names the key in a checkpoint."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _read(path, what):
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise CheckpointError(f"Cannot read the {what} {path}: {error.strerror}.") from error


def load_private_key(path):
    try:
        key = serialization.load_pem_private_key(_read(path, "private key"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise CheckpointError(f"{path} is not an unencrypted PEM private key ({error}).") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key.")
    return key


def load_public_key(path):
    try:
        key = serialization.load_pem_public_key(_read(path, "public key"))
    except (ValueError, UnsupportedAlgorithm) as error:
        raise CheckpointError(f"{path} is not a PEM public key ({error}).") from error
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} is not an Ed25519 public key.")
    return key


def _identity():
    """Which installation the checkpoint is of: the site and the agencies it serves."""
    from wagtail.models import Site

    from compliance.models import OrgUnit

    site = Site.objects.filter(is_default_site=True).values("site_name", "hostname").first()
    return {
        "site": {
            "name": (site and site["site_name"]) or settings.WAGTAIL_SITE_NAME,
            "hostname": site["hostname"] if site else "",
        },
        "agencies": list(OrgUnit.objects.agencies().order_by("code").values("code", "name")),
    }


def build(verdict):
    """The checkpoint of an intact chain, as returned by ``verify_chain``."""
    return {
        "format": FORMAT,
        "created_at": timestamp(timezone.now()),
        "entry_count": verdict.count,
        "latest_sequence": verdict.count,
        "latest_hash": verdict.last_hash,
        **_identity(),
    }


def sign(checkpoint, private_key):
    """The document to hand over: the checkpoint and a signature over its canonical JSON."""
    signature = private_key.sign(canonical_bytes(checkpoint))
    return {
        "checkpoint": checkpoint,
        "signature": {
            "algorithm": ALGORITHM,
            "public_key_sha256": fingerprint(private_key.public_key()),
            "value": base64.b64encode(signature).decode("ascii"),
        },
    }


def load_document(path):
    try:
        document = json.loads(_read(path, "checkpoint"))
        checkpoint, signature = document["checkpoint"], document["signature"]
        value = base64.b64decode(signature["value"], validate=True)
        latest_sequence, latest_hash = checkpoint["latest_sequence"], checkpoint["latest_hash"]
    except (ValueError, TypeError, KeyError) as error:
        raise CheckpointError(f"{path} is not a ledger checkpoint ({error!r}).") from error
    if checkpoint.get("format") != FORMAT or signature.get("algorithm") != ALGORITHM:
        raise CheckpointError(f"{path} is not a checkpoint in the format {FORMAT}.")
    if type(latest_sequence) is not int or not isinstance(latest_hash, str):
        raise CheckpointError(f"{path} does not name its latest entry and hash.")
    return checkpoint, signature, value


def verify_signature(path, public_key):
    """The checkpoint in the file at ``path``, once its signature is proven by ``public_key``."""
    checkpoint, signature, value = load_document(path)
    try:
        public_key.verify(value, canonical_bytes(checkpoint))
    except InvalidSignature:
        signed_by = signature.get("public_key_sha256")
        if signed_by != fingerprint(public_key):
            raise CheckpointError(
                f"The checkpoint's signature does not verify: it names another key "
                f"({signed_by}) than the public key given ({fingerprint(public_key)})."
            ) from None
        raise CheckpointError(
            "The checkpoint's signature does not verify: the checkpoint was changed after it "
            "was signed."
        ) from None
    return checkpoint


def check_ledger(checkpoint, verdict):
    """Raise unless the (intact) chain of ``verdict`` still holds the checkpointed entry."""
    sequence, expected = checkpoint["latest_sequence"], checkpoint["latest_hash"]
    signed_at = checkpoint.get("created_at")
    if sequence == 0:
        return
    stored = (
        LedgerEntry.objects.filter(sequence=sequence).values_list("entry_hash", flat=True).first()
        if sequence <= verdict.count
        else None
    )
    if stored is None:
        raise CheckpointError(
            f"entry {sequence} is missing: the ledger has {verdict.count} entries, fewer than "
            f"the checkpoint of {signed_at} counted (it was cut short or replaced)."
        )
    if stored != expected:
        raise CheckpointError(
            f"entry {sequence} has hash {stored}, but the checkpoint of {signed_at} signed "
            f"{expected} (the ledger was rewritten up to that entry)."
        )
