"""The ledger in the admin: who may see and download it, and that the CSV verifies on its own."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from compliance.ledger import LedgerEntry, record
from compliance.ledger.views import CSV_COLUMNS
from tests.factories import OfficerProfileFactory, UserFactory

from .helpers import record_some, tamper

LEDGER = reverse("compliance_ledger")
DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-ledger.md"


def download(client):
    response = client.get(LEDGER, {"export": "csv"})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


def doc_script():
    return re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL).group(1)


def run_doc_script(tmp_path, text):
    (tmp_path / "verify_ledger.py").write_text(doc_script())
    (tmp_path / "audit-ledger.csv").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "verify_ledger.py", "audit-ledger.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def ledger(officer, trainer):
    """Entries with awkward content: formulas, apostrophes, non-ASCII, nested details."""
    nasty = OfficerProfileFactory(
        user__first_name='=HYPERLINK("x")',
        user__last_name="أمينة",
        service_number="-42",
    ).user
    record_some(2, actor=trainer, subject=officer)
    record(
        "tests.event",
        actor=trainer,
        subject=nasty,
        details={"reason": "'quoted", "n": [1, {"b": None}]},
    )
    return LedgerEntry.objects.order_by("sequence")


def test_anonymous_visitor_is_sent_to_the_admin_login(client, ledger):
    for params in ({}, {"export": "csv"}):
        response = client.get(LEDGER, params)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_officers_and_trainers_cannot_see_or_download_it(client, role_users, ledger, role):
    client.force_login(role_users[role])
    for params in ({}, {"export": "csv"}):
        response = client.get(LEDGER, params)
        assert response.status_code in (302, 403)
        assert not isinstance(response, StreamingHttpResponse)
        assert ledger.last().entry_hash[:16].encode() not in response.content


def test_training_administrator_sees_the_entries_and_the_download_button(
    client, training_admin, officer, ledger
):
    client.force_login(training_admin)
    response = client.get(LEDGER)
    assert response.status_code == 200
    html = response.content.decode()
    assert officer.get_full_name() in html
    assert ledger.first().entry_hash[:16] in html
    assert "Download CSV with hashes" in html
    assert "Download XLSX" not in html


def test_the_listing_runs_the_same_queries_however_long_the_ledger(client, training_admin, ledger):
    client.force_login(training_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(LEDGER)
    record_some(30)
    with CaptureQueriesContext(connection) as many:
        client.get(LEDGER)
    assert len(many) == len(few)


def test_the_export_streams_every_column_with_the_hashes(client, training_admin, ledger):
    client.force_login(training_admin)
    response, text = download(client)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv"
    assert 'filename="audit-ledger.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    for row, entry in zip(rows[1:], ledger, strict=True):
        assert row[-1] == entry.entry_hash
        assert row[-2] == entry.previous_hash
    last = dict(zip(CSV_COLUMNS, rows[-1], strict=True))
    assert last["subject_name"] == '\'=HYPERLINK("x") أمينة'  # a spreadsheet will not run it
    assert last["subject_service_number"] == "'-42"
    assert last["details"] == '{"n":[1,{"b":null}],"reason":"\'quoted"}'


def test_the_export_reads_the_ledger_with_an_iterator(client, training_admin, ledger, monkeypatch):
    chunk_sizes = []
    queryset_class = type(LedgerEntry.objects.all())
    original = queryset_class.iterator

    def spy(self, *args, **kwargs):
        chunk_sizes.append(kwargs.get("chunk_size"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(queryset_class, "iterator", spy)
    client.force_login(training_admin)
    download(client)
    assert chunk_sizes == [2000]


def test_each_download_is_recorded_in_wagtails_audit_log(client, training_admin, ledger):
    client.force_login(training_admin)
    download(client)
    entry = ModelLogEntry.objects.get(action="compliance.ledger_export")
    assert entry.user == training_admin
    assert entry.data == {"up_to_sequence": 3, "last_hash": ledger.last().entry_hash}


def test_xlsx_is_not_offered(client, training_admin, ledger):
    client.force_login(training_admin)
    assert client.get(LEDGER, {"export": "xlsx"}).status_code == 404


def test_the_documented_script_verifies_the_export(client, training_admin, ledger, tmp_path):
    client.force_login(training_admin)
    _response, text = download(client)
    result = run_doc_script(tmp_path, text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"OK: 3 entries, last hash {ledger.last().entry_hash}"


def test_the_documented_script_finds_a_tampered_entry(client, training_admin, ledger, tmp_path):
    tamper("UPDATE {table} SET subject_name = 'Someone else' WHERE sequence = 2")
    client.force_login(training_admin)
    _response, text = download(client)
    result = run_doc_script(tmp_path, text)
    assert result.returncode == 1
    assert result.stderr.strip() == "BROKEN at entry 2: content hash mismatch"


def test_the_documented_script_finds_an_edited_csv(client, training_admin, ledger, tmp_path):
    client.force_login(training_admin)
    _response, text = download(client)
    result = run_doc_script(tmp_path, text.replace("tests.event", "tests.other", 1))
    assert result.returncode == 1
    assert result.stderr.strip() == "BROKEN at entry 1: content hash mismatch"


def test_the_menu_item_shows_for_auditors_and_training_administrators(client, role_users):
    for role, shown in [("trainer", False), ("auditor", True), ("training administrator", True)]:
        client.force_login(role_users[role])
        assert (LEDGER in client.get(reverse("wagtailadmin_home")).content.decode()) is shown


def test_a_superuser_can_download_it(client, ledger):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    _response, text = download(client)
    assert text.count("\n") == 4


def test_the_results_view_is_scoped_like_the_listing(client, role_users, ledger):
    results = reverse("compliance_ledger_results")
    client.force_login(role_users["trainer"])
    assert client.get(results).status_code in (302, 403)
    client.force_login(role_users["auditor"])  # no jurisdiction, no entries
    assert ledger.last().entry_hash[:16] not in client.get(results).content.decode()
    client.force_login(role_users["training administrator"])
    response = client.get(results)
    assert response.status_code == 200
    assert ledger.last().entry_hash[:16] in response.content.decode()
