"""Roster import in the Wagtail admin: upload, preview, apply, and who may do it."""

import csv
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from compliance.ledger import LedgerEntry, actions
from compliance.models import OfficerProfile
from compliance.roster import COLUMNS, IMPORT_LOG_ACTION, parse_roster, plan_import
from compliance.roster import planning as roster_planning
from compliance.roster.pending import SESSION_KEY
from tests.factories import OfficerProfileFactory, RankFactory

from .test_roster_import import officer_row

User = get_user_model()

IMPORT = reverse("compliance_roster_import")
TEMPLATE = reverse("compliance_roster_template")
ROSTER_ACTIONS = (actions.ROSTER_ADD, actions.ROSTER_UPDATE, actions.ROSTER_DEACTIVATE)


def csv_file(rows, name="roster.csv"):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="roster.xlsx"):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append([row[column] for column in COLUMNS])
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def sha256(upload):
    upload.seek(0)
    return hashlib.sha256(upload.read()).hexdigest()


def preview(client, upload, agency, *, deactivate_leavers=False):
    data = {"file": upload, "agency": agency.pk}
    if deactivate_leavers:
        data["deactivate_leavers"] = "on"
    return client.post(IMPORT, data)


def apply_previewed(client, digest):
    return client.post(IMPORT, {"sha256": digest}, follow=True)


def snapshot():
    """What an import may change: every officer's account and profile."""
    return sorted(
        OfficerProfile.objects.values_list(
            "service_number", "user__first_name", "user__is_active", "unit__code", "rank__name"
        )
    )


def roster_entries():
    return LedgerEntry.objects.filter(action__in=ROSTER_ACTIONS)


@pytest.fixture
def world(org_tree):
    RankFactory(name="Constable", seniority=10)
    RankFactory(name="Sergeant", seniority=20)
    return org_tree


@pytest.fixture
def admin_client(client, training_admin, world):
    client.force_login(training_admin)
    return client


@pytest.fixture
def serving(world):
    """Two officers already on the agency's roster."""
    return {
        number: OfficerProfileFactory(
            service_number=number,
            unit=world["north_1"],
            rank=RankFactory(name="Constable"),
            user__first_name="Amina",
            user__last_name=f"Officer {number}",
            user__email=f"{number.lower()}@police.example",
            preferred_language="fr",
        )
        for number in ("S1", "S2")
    }


# The journey -------------------------------------------------------------------------------


def test_the_compliance_menu_offers_the_import_to_training_administrators_only(
    client, training_admin, trainer, auditor
):
    client.force_login(training_admin)
    assert IMPORT in client.get(reverse("wagtailadmin_home")).content.decode()
    for user in (trainer, auditor):
        client.force_login(user)
        assert IMPORT not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_upload_page_lists_the_columns_and_links_the_template(admin_client, world):
    response = admin_client.get(IMPORT)
    page = response.content.decode()
    assert TEMPLATE in page
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page
    # The site's only agency is chosen already.
    assert response.context["form"]["agency"].value() == world["agency"].pk


def test_the_template_is_a_roster_that_imports_cleanly(admin_client, world):
    response = admin_client.get(TEMPLATE)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = parse_roster("roster-template.csv", response.content)
    assert len(rows) == 1
    assert plan_import(rows, agency=world["agency"]).ok


def test_preview_shows_every_change_and_writes_nothing(admin_client, world, serving):
    before = snapshot()
    upload = csv_file(
        [
            officer_row("N1", unit="tp-s1"),
            officer_row("S1", rank="Sergeant"),
        ]
    )
    response = preview(admin_client, upload, world["agency"], deactivate_leavers=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 to create, 1 to update, 1 to deactivate." in page
    assert "South One" in page  # the new officer's unit
    assert "Constable → Sergeant" in page
    assert "S2" in page  # the leaver
    assert f'name="sha256" value="{sha256(upload)}"' in page
    assert snapshot() == before
    assert not roster_entries().exists()


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_apply_creates_updates_and_deactivates_as_previewed(
    admin_client, training_admin, world, serving, make_file
):
    upload = make_file([officer_row("N1", unit="tp-s1"), officer_row("S1", rank="Sergeant")])
    preview(admin_client, upload, world["agency"], deactivate_leavers=True)

    response = apply_previewed(admin_client, sha256(upload))

    assert response.redirect_chain[-1][0] == IMPORT
    assert "Roster imported into Test Police: 1 created, 1 updated, 1 deactivated." in (
        response.content.decode()
    )
    created = OfficerProfile.objects.select_related("user", "unit").get(service_number="N1")
    assert created.unit == world["south_1"]
    assert created.user.groups.filter(name="Officer").exists()
    assert OfficerProfile.objects.get(service_number="S1").rank.name == "Sergeant"
    assert not User.objects.get(pk=serving["S2"].user_id).is_active
    assert SESSION_KEY not in admin_client.session


def test_apply_is_recorded_in_the_admin_log_and_the_ledger(
    admin_client, training_admin, world, serving
):
    upload = csv_file([officer_row("N1"), officer_row("S1", unit="tp-n2")])
    preview(admin_client, upload, world["agency"], deactivate_leavers=True)
    apply_previewed(admin_client, sha256(upload))

    log_entry = ModelLogEntry.objects.get(action=IMPORT_LOG_ACTION)
    assert log_entry.user_id == training_admin.pk
    assert log_entry.object_id == str(world["agency"].pk)
    assert log_entry.data == {
        "created": 1,
        "updated": 1,
        "deactivated": 1,
        "file_name": "roster.csv",
        "file_sha256": sha256(upload),
    }
    history = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Roster roster.csv imported: 1 created, 1 updated, 1 deactivated" in history

    entries = {entry.action: entry for entry in roster_entries()}
    assert set(entries) == set(ROSTER_ACTIONS)
    assert {entry.actor_id for entry in entries.values()} == {training_admin.pk}
    moved = entries[actions.ROSTER_UPDATE]
    assert moved.subject_service_number == "S1"
    assert moved.details["values"] == {"unit": ["tp-n1", "tp-n2"]}
    added = entries[actions.ROSTER_ADD]
    assert added.details["values"]["unit"] == [None, "tp-n1"]
    assert "n1@police.example" not in str(added.details)


def test_the_preview_runs_a_constant_number_of_queries(admin_client, world, serving):
    def queries_for(count):
        rows = [officer_row(f"N{number}", unit="tp-s1") for number in range(count)]
        rows += [officer_row("S1", rank="Sergeant")]
        with CaptureQueriesContext(connection) as queries:
            preview(admin_client, csv_file(rows), world["agency"], deactivate_leavers=True)
        return len(queries)

    assert queries_for(2) == queries_for(30)


def test_the_command_records_the_same_ledger_entries_without_an_actor(world, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_file([officer_row("N1")]).read())
    call_command("import_roster", str(path), "--agency", "tp", stdout=io.StringIO())
    (entry,) = roster_entries()
    assert (entry.action, entry.actor_id, entry.subject_service_number) == (
        actions.ROSTER_ADD,
        None,
        "N1",
    )
    assert ModelLogEntry.objects.get(action=IMPORT_LOG_ACTION).user_id is None


def test_an_unchanged_roster_offers_nothing_to_apply(admin_client, world, serving):
    upload = csv_file([officer_row("S1"), officer_row("S2")])
    page = preview(admin_client, upload, world["agency"]).content.decode()
    assert "0 to create, 0 to update, 0 to deactivate." in page
    assert 'name="sha256"' not in page


# Bad input ---------------------------------------------------------------------------------


def test_bad_rows_are_each_listed_and_nothing_can_be_applied(admin_client, world, serving):
    before = snapshot()
    upload = csv_file(
        [
            officer_row("N1"),
            officer_row("N2", unit="nowhere"),
            officer_row("N3", email="not-an-email", rank="Admiral"),
        ]
    )
    response = preview(admin_client, upload, world["agency"])

    page = response.content.decode()
    assert "Nothing can be imported" in page
    assert [(error.row, error.reason) for error in response.context["plan"].errors] == [
        (3, "No unit has the code nowhere."),
        (4, "No rank is called Admiral."),
        (4, "not-an-email is not a valid email address."),
    ]
    for reason in ("No unit has the code nowhere.", "No rank is called Admiral."):
        assert reason in page
    assert 'name="sha256"' not in page
    assert SESSION_KEY not in admin_client.session

    response = apply_previewed(admin_client, sha256(upload))
    assert "nothing was imported" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("roster.txt", b"service_number\nA1\n"), "must be CSV or XLSX"),
        (SimpleUploadedFile("roster.csv", b""), "The submitted file is empty."),
        (SimpleUploadedFile("roster.csv", "nom;prénom\n".encode("latin-1")), "could not be read"),
        (SimpleUploadedFile("roster.xlsx", b"not a workbook"), "could not be read"),
        (SimpleUploadedFile("roster.csv", b"service_number,first_name\n"), "lacks the columns"),
    ],
)
def test_an_unusable_file_is_refused_with_a_message(admin_client, world, upload, message):
    response = preview(admin_client, upload, world["agency"])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "plan" not in response.context
    assert SESSION_KEY not in admin_client.session
    assert not OfficerProfile.objects.exists()


def test_a_file_over_the_size_limit_is_refused(admin_client, world, monkeypatch):
    monkeypatch.setattr("compliance.roster.forms.MAX_FILE_SIZE", 100)
    upload = csv_file([officer_row("N1"), officer_row("N2")])
    response = preview(admin_client, upload, world["agency"])
    assert "The file is larger than 100" in response.content.decode()
    assert SESSION_KEY not in admin_client.session


def test_a_tampered_hash_applies_nothing(admin_client, world):
    upload = csv_file([officer_row("N1")])
    preview(admin_client, upload, world["agency"])
    response = apply_previewed(admin_client, "0" * 64)
    assert "This is not the roster that was previewed" in response.content.decode()
    assert not OfficerProfile.objects.exists()


def test_only_the_latest_preview_can_be_applied(admin_client, world):
    first = csv_file([officer_row("N1")])
    preview(admin_client, first, world["agency"])
    second = csv_file([officer_row("N2")], name="other.csv")
    preview(admin_client, second, world["agency"])

    response = apply_previewed(admin_client, sha256(first))
    assert "This is not the roster that was previewed" in response.content.decode()
    assert not OfficerProfile.objects.exists()

    apply_previewed(admin_client, sha256(second))
    assert list(OfficerProfile.objects.values_list("service_number", flat=True)) == ["N2"]


def test_a_roster_is_applied_once(admin_client, world):
    upload = csv_file([officer_row("N1")])
    preview(admin_client, upload, world["agency"])
    apply_previewed(admin_client, sha256(upload))
    response = apply_previewed(admin_client, sha256(upload))
    assert "nothing was imported" in response.content.decode()
    assert roster_entries().count() == 1


def test_rows_gone_bad_since_the_preview_are_shown_and_nothing_applied(admin_client, world):
    upload = csv_file([officer_row("N1"), officer_row("N2", unit="tp-n2")])
    preview(admin_client, upload, world["agency"])
    world["north_2"].delete()

    response = apply_previewed(admin_client, sha256(upload))

    assert "No unit has the code tp-n2." in response.content.decode()
    assert not OfficerProfile.objects.exists()


def test_a_failure_while_applying_leaves_nothing_behind(admin_client, world, monkeypatch):
    upload = csv_file([officer_row("N1"), officer_row("N2")])
    preview(admin_client, upload, world["agency"])

    def fail(*args, **kwargs):
        raise RuntimeError("the ledger is unavailable")

    monkeypatch.setattr(roster_planning, "log", fail)
    with pytest.raises(RuntimeError):
        admin_client.post(IMPORT, {"sha256": sha256(upload)})
    assert not OfficerProfile.objects.exists()
    assert not User.objects.filter(username__startswith="tp-").exists()
    assert not roster_entries().exists()


# Who may import ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_login(client, world):
    for url in (IMPORT, TEMPLATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    upload = csv_file([officer_row("N1")])
    response = client.post(IMPORT, {"file": upload, "agency": world["agency"].pk})
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not OfficerProfile.objects.exists()


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor"])
def test_other_roles_cannot_import(client, role_users, world, role):
    client.force_login(role_users[role])
    before = snapshot()
    for url in (IMPORT, TEMPLATE):
        assert client.get(url).status_code in (302, 403)
    upload = csv_file([officer_row("N1")])
    response = client.post(IMPORT, {"file": upload, "agency": world["agency"].pk})
    assert response.status_code in (302, 403)
    assert SESSION_KEY not in client.session
    response = client.post(IMPORT, {"sha256": sha256(upload)})
    assert response.status_code in (302, 403)
    assert snapshot() == before
