"""The officers-of-a-unit export: a cell a spreadsheet would run as a formula is defused in CSV,
as in the certificate register and the ledger export, and kept as typed (as text) in XLSX."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from compliance.assignments.models import Assignment
from compliance.jurisdiction import Jurisdiction
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory, RankFactory
from .assignment_helpers import assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def north_auditor(auditor, org_tree):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    return auditor


@pytest.fixture
def formula_officer(org_tree):
    """An officer whose name, rank and assigned course title all start like a formula."""
    officer = OfficerProfileFactory(
        unit=org_tree["north_1"],
        service_number="SN-1",
        rank=RankFactory(name="+1"),
        user__first_name="=1+1",
        user__last_name="@SUM(A1)",
    ).user
    today = timezone.localdate()
    assignment = assign(
        build_course(modules=1, slug="rights"),
        org_tree["north"],
        starts_on=today,
        due_on=today + timedelta(60),
    )
    Assignment.objects.filter(pk=assignment.pk).update(course_title='=HYPERLINK("x")')
    return officer


def export(client, unit, export_format):
    return client.get(reverse("compliance_officers", args=[unit.pk]), {"export": export_format})


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(
    client, north_auditor, formula_officer, org_tree
):
    client.force_login(north_auditor)
    rows = csv_rows(export(client, org_tree["north"], "csv"))

    assert rows[0] == [
        "Service number",
        "Last name",
        "First name",
        "Rank",
        "Unit",
        "Unit code",
        "Assigned courses",
    ]
    assert rows[1:] == [
        [
            "SN-1",
            "'@SUM(A1)",
            "'=1+1",
            "'+1",
            "North One",
            "tp-n1",
            '\'=HYPERLINK("x"): Not started',
        ]
    ]


def test_xlsx_cells_keep_the_value_as_typed_as_text(
    client, north_auditor, formula_officer, org_tree
):
    client.force_login(north_auditor)
    response = export(client, org_tree["north"], "xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    _headings, row = workbook.active.iter_rows(min_row=1, max_row=2)
    first_name = row[2]
    assert (first_name.value, first_name.data_type) == ("=1+1", "s")
