"""An auditor reads and downloads the ledger entries of their jurisdiction, and only those."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from wagtail.models import ModelLogEntry

from compliance.jurisdiction import Jurisdiction
from compliance.ledger import LedgerEntry, record

from ..factories import OfficerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

LEDGER = reverse("compliance_ledger")
LEDGER_RESULTS = reverse("compliance_ledger_results")
DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-ledger.md"


@pytest.fixture
def north_auditor(org_tree):
    auditor = UserFactory(username="north-auditor", role="Auditor")
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    return auditor


@pytest.fixture
def people(org_tree, trainer):
    return {
        "north_1": OfficerProfileFactory(unit=org_tree["north_1"], service_number="N-1").user,
        "north_2": OfficerProfileFactory(unit=org_tree["north_2"], service_number="N-2").user,
        "south": OfficerProfileFactory(unit=org_tree["south_1"], service_number="S-1").user,
        "trainer": trainer,
    }


@pytest.fixture
def ledger(people):
    """Entries 1-6: north_1, south, (system), north_2, south, north_1."""
    record("tests.event", subject=people["north_1"], details={"n": 1})
    record("tests.event", subject=people["south"], details={"n": 2})
    record("tests.system", details={"n": 3})
    record("tests.event", actor=people["trainer"], subject=people["north_2"], details={"n": 4})
    record("tests.event", subject=people["south"], details={"n": 5})
    record("tests.event", subject=people["north_1"], details={"n": 6})
    return LedgerEntry.objects.order_by("sequence")


def download(client):
    response = client.get(LEDGER, {"export": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def sequences(text):
    return [int(row["sequence"]) for row in csv.DictReader(io.StringIO(text))]


def scoped_script():
    section = DOC.read_text().split("## Scoped exports for auditors", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def run_scoped_script(tmp_path, text):
    (tmp_path / "verify_scoped_ledger.py").write_text(scoped_script())
    (tmp_path / "audit-ledger.csv").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "verify_scoped_ledger.py", "audit-ledger.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_auditors_export_holds_the_entries_of_their_units_only(client, north_auditor, ledger):
    client.force_login(north_auditor)
    assert sequences(download(client)) == [1, 4, 6]


def test_an_auditors_listing_shows_the_entries_of_their_units_only(
    client, north_auditor, people, ledger
):
    client.force_login(north_auditor)
    for url in (LEDGER, LEDGER_RESULTS):
        html = client.get(url).content.decode()
        assert people["north_1"].get_full_name() in html
        assert people["north_2"].get_full_name() in html
        assert people["south"].get_full_name() not in html
        assert ledger.get(sequence=3).entry_hash[:16] not in html  # the system entry


def test_entries_stay_with_the_unit_the_officer_was_in_when_they_happened(
    client, org_tree, north_auditor, people, ledger
):
    profile = people["south"].officer_profile
    profile.unit = org_tree["north_1"]
    profile.save()
    record("tests.event", subject=people["south"], details={"n": 7})

    client.force_login(north_auditor)
    assert sequences(download(client)) == [1, 4, 6, 7]


def test_a_training_administrator_still_exports_the_whole_ledger(client, training_admin, ledger):
    client.force_login(training_admin)
    assert sequences(download(client)) == [1, 2, 3, 4, 5, 6]


def test_an_auditor_without_jurisdiction_gets_an_empty_ledger(client, auditor, ledger):
    client.force_login(auditor)
    assert sequences(download(client)) == []
    assert ledger.last().entry_hash[:16] not in client.get(LEDGER).content.decode()


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_officers_and_trainers_are_refused(client, role_users, ledger, role):
    client.force_login(role_users[role])
    for url in (LEDGER, LEDGER_RESULTS):
        for params in ({}, {"export": "csv"}):
            response = client.get(url, params)
            assert response.status_code in (302, 403)
            assert not isinstance(response, StreamingHttpResponse)


def test_a_scoped_download_is_recorded_with_the_last_entry_it_covered(
    client, north_auditor, ledger
):
    client.force_login(north_auditor)
    download(client)
    entry = ModelLogEntry.objects.get(action="compliance.ledger_export")
    assert entry.user == north_auditor
    assert entry.data == {"up_to_sequence": 6, "last_hash": ledger.last().entry_hash}


def test_the_documented_scoped_script_verifies_an_auditors_export(
    client, north_auditor, ledger, tmp_path
):
    client.force_login(north_auditor)
    result = run_scoped_script(tmp_path, download(client))
    assert result.returncode == 0, result.stderr
    # 1 follows the genesis hash; 4 and 6 each follow entries outside the scope.
    assert result.stdout.strip() == (
        "OK: 3 entries, 1 links checked, 2 gaps (entries outside the export)"
    )


def test_the_documented_scoped_script_checks_every_link_of_a_full_export(
    client, training_admin, ledger, tmp_path
):
    client.force_login(training_admin)
    result = run_scoped_script(tmp_path, download(client))
    assert result.stdout.strip() == (
        "OK: 6 entries, 6 links checked, 0 gaps (entries outside the export)"
    )


def test_the_documented_scoped_script_finds_an_edited_row(client, north_auditor, ledger, tmp_path):
    client.force_login(north_auditor)
    text = download(client).replace('{""n"":4}', '{""n"":40}')
    result = run_scoped_script(tmp_path, text)
    assert result.returncode == 1
    assert result.stderr.strip() == "BROKEN at entry 4: content hash mismatch"
