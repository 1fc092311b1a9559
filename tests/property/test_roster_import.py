"""Hostile rosters: a clean import, or a report of the bad rows with reasons and no change at all.

Cells a spreadsheet would run as formulas, NUL bytes, overlong values, unknown units and ranks,
units of another agency, bad flags and languages, duplicated service numbers, raw bytes.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from hypothesis import example, given
from hypothesis import strategies as st

from compliance.ledger import LedgerEntry
from compliance.models import OfficerProfile
from compliance.roster import COLUMNS, RosterFileError, apply, parse_roster, plan_import
from tests.factories import OfficerProfileFactory, OrgUnitFactory, RankFactory

from .hostile import hostile_text, rolled_back

User = get_user_model()


@pytest.fixture
def world(org_tree):
    RankFactory(name="Constable", seniority=10)
    RankFactory(name="Sergeant", seniority=20)
    OfficerProfileFactory(service_number="E1", unit=org_tree["north_1"])
    other_agency = OrgUnitFactory(name="Border Police", code="bp")
    OrgUnitFactory(parent=other_agency, name="Port", code="bp-port")
    return org_tree


#: Values that pass or nearly pass (so rows get past the first check): duplicates in case,
#: an officer already there, unknown ranks and units, a unit of another agency.
PLAUSIBLE = {
    "service_number": ["A1", "a1", "B2", "E1", "C3", "D4"],
    "first_name": ["Amina", "Jean", "Li"],
    "last_name": ["Haddad", "Dupont", "Wei"],
    "email": ["a@police.example", "b@police.example"],
    "rank": ["", "Constable", "sergeant", "General"],
    "unit_code": ["tp-n1", "tp-s1", "tp", "bp-port", "nowhere"],
    "preferred_language": ["", "fr", "zh_Hans", "AR", "klingon"],
    "active": ["", "true", "0", "yes", "maybe"],
}

rows = st.lists(
    st.fixed_dictionaries(
        {name: st.sampled_from(values) | hostile_text for name, values in PLAUSIBLE.items()}
    ),
    min_size=1,
    max_size=6,
)


def as_csv(records):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


roster_files = st.one_of(
    rows.map(as_csv),
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8")),
)


def plausible_row(**overrides):
    row = {name: values[0] for name, values in PLAUSIBLE.items()}
    return row | overrides


def assert_storable(instance):
    """Every text the instance holds fits its column and has no NUL (PostgreSQL refuses both,
    SQLite keeps them silently)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            assert "\x00" not in value, field.name
            assert field.max_length is None or len(value) <= field.max_length, field.name


def state():
    return (
        list(User.objects.order_by("pk").values()),
        list(OfficerProfile.objects.order_by("pk").values()),
        LedgerEntry.objects.count(),
    )


def test_a_hostile_roster_imports_cleanly_or_reports_its_bad_rows_and_changes_nothing(world):
    agency = world["agency"]
    before = state()

    @given(roster_files)
    @example(as_csv([plausible_row(service_number="x" * 1000)]))
    @example(as_csv([plausible_row(first_name="x" * 1000)]))
    @example(as_csv([plausible_row(service_number="\x00")]))
    @example(as_csv([plausible_row(unit_code="tp-n1\x00")]))
    def check(data):
        with rolled_back():
            try:
                parsed = parse_roster("roster.csv", data)
            except RosterFileError as error:
                assert str(error)
                assert state() == before
                return
            plan = plan_import(parsed, agency=agency)
            if not plan.ok:
                numbers = {row.number for row in parsed}
                assert all(error.row in numbers and error.reason for error in plan.errors)
                assert state() == before
                return
            apply(plan)
            for change in plan.creates + plan.updates:
                profile = OfficerProfile.objects.select_related("user").get(
                    agency=agency, service_number=change.service_number
                )
                assert_storable(profile)
                assert_storable(profile.user)
                stored = {name: getattr(profile.user, name) for name in ("first_name", "email")}
                assert stored == {name: change.values[name] for name in stored}

    check()
    assert state() == before
