"""Signed ledger checkpoints: generate a key, export a checkpoint, verify the ledger against it.

A checkpoint catches what the chain alone cannot: the whole table rewritten and chained again.
"""

import json
import re
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.system_tools import require_tool

from .helpers import record_some, tamper

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-ledger.md"


def run(command, *args):
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(command, *args):
    with pytest.raises(CommandError) as failure:
        run(command, *args)
    return failure.value


def generate_key(directory, name="signing"):
    private = directory / f"{name}.pem"
    public_pem, _ = run("generate_ledger_key", str(private))
    public = directory / f"{name}-public.pem"
    public.write_text(public_pem)
    return private, public


def verify(checkpoint, public):
    return run("verify_audit_log", "--checkpoint", str(checkpoint), "--public-key", str(public))[0]


def verify_failing(checkpoint, public):
    error = failing(
        "verify_audit_log", "--checkpoint", str(checkpoint), "--public-key", str(public)
    )
    assert error.returncode == 1
    return str(error)


@pytest.fixture
def key(tmp_path):
    return generate_key(tmp_path)


@pytest.fixture
def entries(org_tree):
    return record_some(5)


@pytest.fixture
def checkpoint(tmp_path, key, entries):
    path = tmp_path / "checkpoint.json"
    run("export_ledger_checkpoint", "--key", str(key[0]), "--output", str(path))
    return path


def rewrite_ledger(count):
    """Replace every entry with a new, consistently chained ledger, as an intruder could."""
    tamper("DELETE FROM {table}")
    return record_some(count)


def test_generate_ledger_key_writes_a_private_key_only_its_owner_can_read(tmp_path):
    private, public = generate_key(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_generate_ledger_key_never_overwrites_a_key(tmp_path, key):
    before = key[0].read_bytes()
    assert "File exists" in str(failing("generate_ledger_key", str(key[0])))
    assert key[0].read_bytes() == before


def test_a_checkpoint_names_the_head_of_the_ledger_and_the_installation(checkpoint, entries):
    document = json.loads(checkpoint.read_text())
    content = document["checkpoint"]
    assert content["entry_count"] == content["latest_sequence"] == 5
    assert content["latest_hash"] == entries[-1].entry_hash
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", content["created_at"])
    assert content["agencies"] == [{"code": "tp", "name": "Test Police"}]
    assert content["site"]["name"]
    assert document["signature"]["algorithm"] == "Ed25519"


def test_a_checkpoint_signs_and_verifies(checkpoint, key, entries):
    output = verify(checkpoint, key[1])
    assert f"Audit ledger OK: 5 entries, last hash {entries[-1].entry_hash}" in output
    assert "Checkpoint OK: signed at " in output
    assert f"entry 5 still has hash {entries[-1].entry_hash}" in output


def test_entries_recorded_after_the_checkpoint_still_verify(checkpoint, key, entries):
    later = record_some(3)
    output = verify(checkpoint, key[1])
    assert f"Audit ledger OK: 8 entries, last hash {later[-1].entry_hash}" in output
    assert "entry 5 still has hash" in output


@pytest.mark.parametrize(
    "field, value",
    [("latest_hash", "0" * 64), ("entry_count", 4), ("latest_sequence", 4), ("agencies", [])],
)
def test_a_tampered_checkpoint_is_rejected(checkpoint, key, field, value):
    document = json.loads(checkpoint.read_text())
    document["checkpoint"][field] = value
    checkpoint.write_text(json.dumps(document))
    message = verify_failing(checkpoint, key[1])
    assert message == (
        "Checkpoint REJECTED: The checkpoint's signature does not verify: the checkpoint was "
        "changed after it was signed."
    )


def test_a_checkpoint_with_a_forged_signature_is_rejected(checkpoint, key):
    document = json.loads(checkpoint.read_text())
    document["signature"]["value"] = "A" * 86 + "=="
    checkpoint.write_text(json.dumps(document))
    assert "changed after it was signed" in verify_failing(checkpoint, key[1])


def test_another_public_key_is_rejected(checkpoint, tmp_path):
    _, other_public = generate_key(tmp_path, "other")
    message = verify_failing(checkpoint, other_public)
    assert message.startswith("Checkpoint REJECTED: The checkpoint's signature does not verify: ")
    assert "names another key" in message


def test_a_ledger_rewritten_and_chained_again_does_not_match_an_older_checkpoint(
    checkpoint, key, entries
):
    forged = rewrite_ledger(6)
    # The forged chain is consistent: without the checkpoint nothing looks wrong.
    assert run("verify_audit_log")[0].startswith("Audit ledger OK: 6 entries")

    message = verify_failing(checkpoint, key[1])

    assert message.startswith("Audit ledger does NOT MATCH the checkpoint: entry 5 has hash ")
    assert forged[4].entry_hash in message
    assert f"signed {entries[-1].entry_hash}" in message


def test_a_ledger_replaced_by_a_shorter_one_does_not_match(checkpoint, key):
    rewrite_ledger(3)
    message = verify_failing(checkpoint, key[1])
    assert message.startswith(
        "Audit ledger does NOT MATCH the checkpoint: entry 5 is missing: the ledger has 3 entries"
    )


def test_a_broken_chain_is_reported_before_the_checkpoint(checkpoint, key):
    tamper("UPDATE {table} SET action = 'forged' WHERE sequence = 2")
    assert verify_failing(checkpoint, key[1]).startswith(
        "Audit ledger BROKEN at entry 2: content hash mismatch"
    )


def test_no_checkpoint_is_signed_for_a_broken_ledger(tmp_path, key, entries):
    tamper("UPDATE {table} SET action = 'forged' WHERE sequence = 2")
    output = tmp_path / "checkpoint.json"
    error = failing("export_ledger_checkpoint", "--key", str(key[0]), "--output", str(output))
    assert str(error).startswith("No checkpoint written: the audit ledger is BROKEN at entry 2")
    assert not output.exists()


def test_no_checkpoint_is_signed_for_an_empty_ledger(db, key):
    error = failing("export_ledger_checkpoint", "--key", str(key[0]))
    assert str(error) == "No checkpoint written: the audit ledger is empty."


def test_the_checkpoint_goes_to_standard_output_without_output(key, entries):
    output, _ = run("export_ledger_checkpoint", "--key", str(key[0]))
    assert json.loads(output)["checkpoint"]["latest_hash"] == entries[-1].entry_hash


def test_an_existing_checkpoint_file_is_not_overwritten(checkpoint, key):
    before = checkpoint.read_text()
    error = failing("export_ledger_checkpoint", "--key", str(key[0]), "--output", str(checkpoint))
    assert "File exists" in str(error)
    assert checkpoint.read_text() == before


def test_a_file_that_is_not_a_key_gets_a_clear_message(tmp_path, checkpoint, entries):
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello")
    assert "is not an unencrypted PEM private key" in str(
        failing("export_ledger_checkpoint", "--key", str(not_a_key))
    )
    assert "is not a PEM public key" in verify_failing(checkpoint, not_a_key)
    assert "Cannot read the private key" in str(
        failing("export_ledger_checkpoint", "--key", str(tmp_path / "missing.pem"))
    )


def test_a_file_that_is_not_a_checkpoint_gets_a_clear_message(tmp_path, key, entries):
    not_a_checkpoint = tmp_path / "checkpoint.json"
    not_a_checkpoint.write_text('{"checkpoint": {}}')
    assert "is not a ledger checkpoint" in verify_failing(not_a_checkpoint, key[1])


def test_checkpoint_and_public_key_go_together(checkpoint):
    message = str(failing("verify_audit_log", "--checkpoint", str(checkpoint)))
    assert message == "--checkpoint and --public-key go together."


def test_the_existing_command_still_works_without_a_checkpoint(entries):
    output, _ = run("verify_audit_log")
    assert output.strip() == f"Audit ledger OK: 5 entries, last hash {entries[-1].entry_hash}"


def test_a_key_made_by_openssl_signs_checkpoints(tmp_path, entries):
    openssl = require_tool("openssl", "openssl")
    private, public = tmp_path / "key.pem", tmp_path / "public.pem"
    subprocess.run([openssl, "genpkey", "-algorithm", "ed25519", "-out", private], check=True)
    subprocess.run([openssl, "pkey", "-in", private, "-pubout", "-out", public], check=True)
    path = tmp_path / "checkpoint.json"
    run("export_ledger_checkpoint", "--key", str(private), "--output", str(path))
    assert "Checkpoint OK" in verify(path, public)


def checkpoint_script():
    section = DOC.read_text().split("### Checking independently", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def check_independently(tmp_path, client, admin, checkpoint, public):
    """The documented steps: the script on the checkpoint and a CSV export, then OpenSSL."""
    openssl = require_tool("openssl", "openssl")
    client.force_login(admin)
    response = client.get(reverse("compliance_ledger"), {"export": "csv"})
    (tmp_path / "audit-ledger.csv").write_bytes(b"".join(response.streaming_content))
    (tmp_path / "check_checkpoint.py").write_text(checkpoint_script())
    script = subprocess.run(
        [sys.executable, "check_checkpoint.py", str(checkpoint), "audit-ledger.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    signature = subprocess.run(
        [
            openssl,
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            str(public),
            "-rawin",
            "-in",
            "checkpoint.payload",
            "-sigfile",
            "checkpoint.sig",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return script, signature


def test_the_documented_steps_verify_a_checkpoint_without_our_code(
    tmp_path, client, training_admin, checkpoint, key
):
    record_some(2)
    script, signature = check_independently(tmp_path, client, training_admin, checkpoint, key[1])
    assert script.returncode == 0, script.stderr
    assert script.stdout.startswith("Entry 5 matches the checkpoint of ")
    assert signature.returncode == 0
    assert "Signature Verified Successfully" in signature.stdout


def test_the_documented_steps_find_a_rewritten_ledger_and_a_tampered_checkpoint(
    tmp_path, client, training_admin, checkpoint, key
):
    rewrite_ledger(5)
    document = json.loads(checkpoint.read_text())
    document["checkpoint"]["entry_count"] = 6
    checkpoint.write_text(json.dumps(document))
    script, signature = check_independently(tmp_path, client, training_admin, checkpoint, key[1])
    assert script.returncode == 1
    assert script.stderr.startswith("MISMATCH: entry 5 of the export is not the checkpointed ")
    assert signature.returncode != 0
    assert "Signature Verified Successfully" not in signature.stdout
