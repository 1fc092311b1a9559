"""Roster import: the service (read, plan, apply) and the ``import_roster`` command."""

import csv
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from compliance import roles
from compliance.models import OfficerProfile
from compliance.roster import RosterFileError, apply, plan_import, read_roster
from tests.factories import OfficerProfileFactory, OrgUnitFactory, RankFactory

User = get_user_model()

HEADER = [
    "service_number",
    "first_name",
    "last_name",
    "email",
    "rank",
    "unit_code",
    "preferred_language",
    "active",
]


def officer_row(number, unit="tp-n1", **overrides):
    row = {
        "service_number": number,
        "first_name": "Amina",
        "last_name": f"Officer {number}",
        "email": f"{number.lower()}@police.example",
        "rank": "Constable",
        "unit_code": unit,
        "preferred_language": "fr",
        "active": "true",
    }
    return row | overrides


def write_csv(path, rows, *, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[column] for column in HEADER])
    workbook.save(path)
    return path


def run(path, *args):
    """Run the command and return what it printed."""
    out = StringIO()
    call_command("import_roster", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ranks(db):
    return {
        "Constable": RankFactory(name="Constable", seniority=10),
        "Sergeant": RankFactory(name="Sergeant", seniority=20),
    }


@pytest.fixture
def world(org_tree, ranks):
    return org_tree


def profile(number, agency_code="tp"):
    return OfficerProfile.objects.select_related("user", "unit", "rank").get(
        service_number=number, agency__code=agency_code
    )


# Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_reads_csv_with_or_without_bom_numbering_rows_as_a_spreadsheet(tmp_path, bom):
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1"), officer_row("A2")], bom=bom)
    rows = read_roster(path)
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].values["service_number"] == "A1"
    assert rows[1].values["email"] == "a2@police.example"


def test_reads_xlsx_with_numbers_and_booleans_as_text(tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", [officer_row("A1"), officer_row("A2", active="no")])
    workbook_rows = read_roster(path)
    assert [row.values["service_number"] for row in workbook_rows] == ["A1", "A2"]

    numeric = Workbook()
    numeric.active.append(HEADER)
    numeric.active.append([1234, "Li", "Wei", "li@police.example", "", "tp-n1", "", True])
    numeric.save(tmp_path / "numeric.xlsx")
    (row,) = read_roster(tmp_path / "numeric.xlsx")
    assert row.values["service_number"] == "1234"
    assert row.values["active"] == "true"


def test_a_file_missing_columns_or_of_another_type_is_refused(tmp_path):
    (tmp_path / "short.csv").write_text("service_number,first_name\nA1,Amina\n", encoding="utf-8")
    with pytest.raises(RosterFileError, match="email"):
        read_roster(tmp_path / "short.csv")
    (tmp_path / "roster.txt").write_text("", encoding="utf-8")
    with pytest.raises(RosterFileError):
        read_roster(tmp_path / "roster.txt")


# Creating and updating ---------------------------------------------------------------------


@pytest.mark.parametrize("writer,suffix", [(write_csv, "csv"), (write_xlsx, "xlsx")])
def test_import_creates_officers_with_users_in_the_officer_group(tmp_path, world, writer, suffix):
    path = writer(
        tmp_path / f"roster.{suffix}",
        [officer_row("A1"), officer_row("A2", unit="tp-s1", rank="Sergeant", active="0")],
    )
    output = run(path, "--agency", "tp")

    assert "2 to create" in output
    first, second = profile("A1"), profile("A2")
    assert first.user.username == "tp-a1"
    assert first.user.email == "a1@police.example"
    assert not first.user.has_usable_password()
    assert first.user.groups.filter(name=roles.OFFICER).exists()
    assert first.unit == world["north_1"]
    assert first.agency == world["agency"]
    assert first.preferred_language == "fr"
    assert first.user.is_active
    assert second.unit == world["south_1"]
    assert second.rank.name == "Sergeant"
    assert not second.user.is_active


@pytest.mark.parametrize("writer,suffix", [(write_csv, "csv"), (write_xlsx, "xlsx")])
def test_import_updates_changed_officers_and_lists_the_changed_fields(
    tmp_path, world, ranks, writer, suffix
):
    existing = OfficerProfileFactory(
        service_number="A1", unit=world["north_1"], rank=ranks["Constable"]
    )
    path = writer(
        tmp_path / f"roster.{suffix}",
        [
            officer_row(
                "A1",
                unit="tp-n2",
                rank="Sergeant",
                first_name=existing.user.first_name,
                last_name=existing.user.last_name,
                email=existing.user.email,
                preferred_language="en",
            )
        ],
    )
    output = run(path, "--agency", "tp")

    assert "0 to create, 1 to update" in output
    update_line = next(line for line in output.splitlines() if line.startswith("Update A1"))
    assert "North One → North Two" in update_line
    assert "Constable → Sergeant" in update_line
    assert "email" not in update_line
    updated = profile("A1")
    assert updated.user == existing.user
    assert updated.unit == world["north_2"]
    assert updated.rank.name == "Sergeant"


def test_plan_reports_only_the_fields_that_changed(tmp_path, world):
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])
    apply(plan_import(read_roster(path), agency=world["agency"]))
    write_csv(path, [officer_row("A1", email="amina@police.example", active="no")])

    plan = plan_import(read_roster(path), agency=world["agency"])

    (update,) = plan.updates
    assert update.fields == {
        "email": ("a1@police.example", "amina@police.example"),
        "is_active": (True, False),
    }


def test_reimporting_the_same_roster_creates_nothing_twice(tmp_path, world):
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1"), officer_row("A2")])
    run(path, "--agency", "tp")
    users = User.objects.count()

    output = run(path, "--agency", "tp")

    assert "0 to create, 0 to update, 0 to deactivate" in output
    assert User.objects.count() == users
    assert OfficerProfile.objects.filter(agency=world["agency"]).count() == 2


# Bad rows ----------------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_the_row_and_reason(tmp_path, world):
    path = write_csv(
        tmp_path / "roster.csv",
        [officer_row("A1"), officer_row("A2", unit="nowhere"), officer_row("A3")],
    )
    users = User.objects.count()

    with pytest.raises(CommandError) as raised:
        run(path, "--agency", "tp")

    assert "Row 3: No unit has the code nowhere." in str(raised.value)
    assert "Row 2" not in str(raised.value)
    assert User.objects.count() == users
    assert not OfficerProfile.objects.exists()


def test_every_bad_row_is_listed_with_its_reason(tmp_path, world, ranks):
    other_agency = OrgUnitFactory(name="Other Police", code="op")
    OrgUnitFactory(parent=other_agency, name="Other Station", code="op-1")
    path = write_csv(
        tmp_path / "roster.csv",
        [
            officer_row("A1"),
            officer_row("A2", unit="op-1"),
            officer_row("A3", rank="Admiral"),
            officer_row("A4", email="not-an-email"),
            officer_row("A5", preferred_language="xx"),
            officer_row("A1"),
            officer_row("A7", last_name=""),
            officer_row("A8", active="maybe"),
        ],
    )

    with pytest.raises(CommandError) as raised:
        run(path, "--agency", "tp")

    message = str(raised.value)
    assert "Row 3: Unit op-1 is not part of Test Police." in message
    assert "Row 4: No rank is called Admiral." in message
    assert "Row 5: not-an-email is not a valid email address." in message
    assert "Row 6: xx is not one of the site's languages." in message
    assert "Row 7: Service number A1 already appears in row 2." in message
    assert "Row 8: A value for last_name is required." in message
    assert "Row 9: maybe is not a valid value for active" in message
    assert "Row 2" not in message
    assert not OfficerProfile.objects.exists()


def test_a_plan_with_errors_cannot_be_applied(tmp_path, world):
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1", unit="nowhere")])
    plan = plan_import(read_roster(path), agency=world["agency"])
    assert [(error.row, error.reason) for error in plan.errors] == [
        (2, "No unit has the code nowhere.")
    ]
    with pytest.raises(ValueError):
        apply(plan)


def test_an_unknown_agency_is_refused(tmp_path, world):
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])
    with pytest.raises(CommandError, match="No agency has the code nope"):
        run(path, "--agency", "nope")


# Dry run and leavers -----------------------------------------------------------------------


def test_dry_run_prints_the_preview_and_changes_nothing(tmp_path, world):
    leaver = OfficerProfileFactory(service_number="OLD", unit=world["south_1"])
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])

    output = run(path, "--agency", "tp", "--dry-run", "--deactivate-leavers")

    assert "1 to create, 0 to update, 1 to deactivate" in output
    assert "Create A1 Amina Officer A1 in North One" in output
    assert "Deactivate OLD" in output
    assert "Dry run: nothing was changed." in output
    assert not OfficerProfile.objects.filter(service_number="A1").exists()
    leaver.user.refresh_from_db()
    assert leaver.user.is_active


def test_leavers_are_deactivated_only_when_asked(tmp_path, world):
    leaver = OfficerProfileFactory(service_number="OLD", unit=world["south_1"])
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])

    run(path, "--agency", "tp")
    leaver.user.refresh_from_db()
    assert leaver.user.is_active

    output = run(path, "--agency", "tp", "--deactivate-leavers")
    assert "Deactivate OLD" in output
    leaver.user.refresh_from_db()
    assert not leaver.user.is_active
    assert profile("A1").user.is_active


def test_leavers_of_other_agencies_are_left_alone(tmp_path, world):
    other_agency = OrgUnitFactory(name="Other Police", code="op")
    outsider = OfficerProfileFactory(service_number="X9", unit=other_agency)
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])

    run(path, "--agency", "tp", "--deactivate-leavers")

    outsider.user.refresh_from_db()
    assert outsider.user.is_active


# Matching within the agency ----------------------------------------------------------------


def test_the_same_service_number_in_another_agency_is_another_officer(tmp_path, world):
    other_agency = OrgUnitFactory(name="Other Police", code="op")
    OrgUnitFactory(parent=other_agency, name="Other Station", code="op-1")
    outsider = OfficerProfileFactory(service_number="A1", unit=other_agency)
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1")])

    output = run(path, "--agency", "tp")

    assert "1 to create, 0 to update" in output
    ours, theirs = profile("A1", "tp"), profile("A1", "op")
    assert ours.user != theirs.user == outsider.user
    assert ours.user.username == "tp-a1"
    assert theirs.unit == other_agency

    write_csv(path, [officer_row("A1", unit="op-1", last_name="Changed")])
    assert "0 to create, 1 to update" in run(path, "--agency", "op")
    assert profile("A1", "op").user == outsider.user
    assert profile("A1", "tp").user.last_name == "Officer A1"


def test_service_numbers_differing_only_in_case_are_duplicates(tmp_path, world):
    """Usernames are lowercased, so "A1" and "a1" would otherwise clash as one account."""
    path = write_csv(tmp_path / "roster.csv", [officer_row("A1"), officer_row("a1")])
    plan = plan_import(read_roster(path), agency=world["agency"])
    assert [(error.row, error.reason) for error in plan.errors] == [
        (3, "Service number a1 already appears in row 2.")
    ]
