"""The certificate register and the PDF compliance report: scoped to the auditor's jurisdiction,
downloadable as CSV, XLSX and PDF, refused to everyone without the reports permission."""

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from compliance.jurisdiction import Jurisdiction
from compliance.reporting.export_views import REPORT_PDF_ACTION
from compliance.reporting.pdf import build_report
from tests.certificates.pdf_tools import pdf_text
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory, UserFactory
from .assignment_helpers import assign, complete_with_certificate

pytestmark = pytest.mark.django_db

REGISTER = reverse("compliance_certificate_register")
REGISTER_RESULTS = reverse("compliance_certificate_register_results")
REPORT = reverse("compliance_report_pdf")
NEW_URLS = (REGISTER, REGISTER_RESULTS, REPORT)


def officer_in(unit, first_name, last_name):
    return OfficerProfileFactory(
        unit=unit, user__first_name=first_name, user__last_name=last_name
    ).user


@pytest.fixture
def course():
    return build_course(modules=1, slug="rights")


@pytest.fixture
def north_auditor(org_tree):
    auditor = UserFactory(
        username="north-auditor", first_name="Ines", last_name="Inspector", role="Auditor"
    )
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    return auditor


@pytest.fixture
def certified(org_tree, course):
    """Two certificate holders in the North region (two stations), one in the South."""
    holders = {
        "north_1": officer_in(org_tree["north_1"], "Nadia", "Northone"),
        "north_2": officer_in(org_tree["north_2"], "Noel", "Northtwo"),
        "south_1": officer_in(org_tree["south_1"], "Sami", "Southone"),
    }
    return {key: complete_with_certificate(user, course) for key, user in holders.items()}


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# The certificate register


def test_an_auditor_lists_the_certificates_of_their_jurisdiction_only(
    client, north_auditor, certified
):
    client.force_login(north_auditor)
    response = client.get(REGISTER)

    assert response.status_code == 200
    html = response.content.decode()
    assert certified["north_1"].number in html
    assert certified["north_2"].number in html
    assert "Nadia Northone" in html and "North Two" in html
    assert certified["south_1"].number not in html
    assert "Southone" not in html


def test_the_csv_export_holds_the_in_scope_rows_only(client, north_auditor, certified):
    client.force_login(north_auditor)
    response = client.get(REGISTER, {"export": "csv"})

    rows = csv_rows(response)
    assert rows[0] == [
        "Certificate number",
        "Officer",
        "Service number",
        "Unit",
        "Course",
        "Completed",
        "Issued",
        "Expires",
        "Status",
        "Reason for revocation",
    ]
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [certified["north_1"].number, certified["north_2"].number]
    )
    by_number = {row[0]: row for row in rows[1:]}
    north_1 = by_number[certified["north_1"].number]
    assert north_1[1:5] == [
        "Nadia Northone",
        certified["north_1"].service_number,
        "North One",
        "Course rights",
    ]
    assert north_1[6] == timezone.localdate().isoformat()
    expected_name = f'certificate-register-{timezone.localdate():%Y-%m-%d}.csv"'
    assert response["Content-Disposition"].endswith(expected_name)


def test_the_xlsx_export_holds_the_in_scope_rows_only(client, north_auditor, certified):
    client.force_login(north_auditor)
    response = client.get(REGISTER, {"export": "xlsx"})

    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert rows[0][:4] == ["Certificate number", "Officer", "Service number", "Unit"]
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [certified["north_1"].number, certified["north_2"].number]
    )
    assert {row[3] for row in rows[1:]} == {"North One", "North Two"}


def test_exports_read_the_register_in_chunks(client, north_auditor, certified, monkeypatch):
    chunk_sizes = []
    queryset_class = type(Certificate.objects.all())
    original = queryset_class.iterator

    def spy(self, *args, **kwargs):
        chunk_sizes.append(kwargs.get("chunk_size"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(queryset_class, "iterator", spy)
    client.force_login(north_auditor)
    csv_rows(client.get(REGISTER, {"export": "csv"}))
    xlsx_rows(client.get(REGISTER, {"export": "xlsx"}))
    assert chunk_sizes == [2000, 2000]


def test_a_training_administrator_sees_every_certificate(client, training_admin, certified):
    client.force_login(training_admin)
    rows = csv_rows(client.get(REGISTER, {"export": "csv"}))
    assert len(rows) == 1 + 3


def test_the_status_is_the_effective_one_with_expiry_computed_in_the_database(
    client, north_auditor, certified
):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certified["north_1"].pk).update(
        status=Certificate.Status.VALID, expires_on=today - timedelta(days=1)
    )
    Certificate.objects.filter(pk=certified["north_2"].pk).update(
        status=Certificate.Status.VALID, expires_on=today
    )
    client.force_login(north_auditor)

    expired = csv_rows(client.get(REGISTER, {"export": "csv", "effective_status": "expired"}))
    valid = csv_rows(client.get(REGISTER, {"export": "csv", "effective_status": "valid"}))

    assert [(row[0], row[8]) for row in expired[1:]] == [(certified["north_1"].number, "Expired")]
    assert [(row[0], row[8]) for row in valid[1:]] == [(certified["north_2"].number, "Valid")]


def test_a_revoked_certificate_shows_its_reason(client, north_auditor, certified):
    Certificate.objects.filter(pk=certified["north_1"].pk).update(
        status=Certificate.Status.REVOKED, revoked_reason="Issued in error."
    )
    client.force_login(north_auditor)
    rows = csv_rows(client.get(REGISTER, {"export": "csv", "effective_status": "revoked"}))
    assert [(row[0], row[8], row[9]) for row in rows[1:]] == [
        (certified["north_1"].number, "Revoked", "Issued in error.")
    ]


def test_the_unit_filter_offers_and_accepts_units_in_scope_only(
    client, org_tree, north_auditor, certified
):
    client.force_login(north_auditor)
    html = client.get(REGISTER).content.decode()
    assert ">North Two<" in html
    assert ">South One<" not in html

    rows = csv_rows(client.get(REGISTER, {"export": "csv", "unit": org_tree["north_2"].pk}))
    assert [row[0] for row in rows[1:]] == [certified["north_2"].number]

    refused = client.get(REGISTER, {"export": "csv", "unit": org_tree["south_1"].pk})
    assert refused.status_code == 200
    assert not isinstance(refused, StreamingHttpResponse)
    assert "Select a valid choice" in refused.content.decode()
    assert certified["south_1"].number not in refused.content.decode()


def test_the_course_and_issue_date_filters(client, north_auditor, certified, org_tree):
    other_course = build_course(modules=1, slug="custody")
    extra = complete_with_certificate(
        officer_in(org_tree["north_1"], "Olga", "Other"), other_course
    )
    Certificate.objects.filter(pk=certified["north_2"].pk).update(issued_on=date(2020, 5, 1))
    client.force_login(north_auditor)

    by_course = csv_rows(client.get(REGISTER, {"export": "csv", "course": other_course.pk}))
    assert [row[0] for row in by_course[1:]] == [extra.number]

    by_date = csv_rows(
        client.get(
            REGISTER,
            {"export": "csv", "issued_on_from": "2020-01-01", "issued_on_to": "2020-12-31"},
        )
    )
    assert [row[0] for row in by_date[1:]] == [certified["north_2"].number]


def test_a_csv_cell_a_spreadsheet_would_run_is_guarded(client, north_auditor, org_tree, course):
    complete_with_certificate(officer_in(org_tree["north_1"], "=cmd", "Injected"), course)
    client.force_login(north_auditor)
    rows = csv_rows(client.get(REGISTER, {"export": "csv"}))
    assert rows[1][1] == "'=cmd Injected"


def test_the_register_runs_the_same_queries_for_2_and_10_rows(
    client, north_auditor, org_tree, course
):
    for number in range(2):
        complete_with_certificate(officer_in(org_tree["north_1"], "A", f"Officer{number}"), course)
    client.force_login(north_auditor)
    client.get(REGISTER)  # Wagtail's per-user admin settings are created on the first visit.
    with CaptureQueriesContext(connection) as few:
        assert client.get(REGISTER).status_code == 200
    for number in range(2, 10):
        complete_with_certificate(officer_in(org_tree["north_2"], "B", f"Officer{number}"), course)
    with CaptureQueriesContext(connection) as many:
        response = client.get(REGISTER)
    assert response.content.decode().count("Officer9") == 1
    assert len(many) == len(few)


def test_an_auditor_without_jurisdiction_sees_an_empty_register(client, auditor, certified):
    client.force_login(auditor)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert not any(c.number in response.content.decode() for c in certified.values())
    assert len(csv_rows(client.get(REGISTER, {"export": "csv"}))) == 1


# The PDF compliance report


@pytest.fixture
def assigned(org_tree, course, certified):
    """Everyone assigned the course; the three holders have completed it, one North officer has
    not (overdue: the due date has passed)."""
    officer_in(org_tree["north_2"], "Pat", "Pending")
    assign(course, org_tree["agency"], due_on=date(2020, 1, 31), starts_on=date(2020, 1, 1))


def totals_line(text, unit):
    """The figures printed after ``unit``'s name on its line of the PDF's text."""
    match = re.search(rf"^ *{unit} +([\d .%]+)$", text, re.MULTILINE)
    assert match, f"no line for {unit} in:\n{text}"
    return match.group(1).split()


def generate(client, **data):
    response = client.post(REPORT, data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response


def test_the_pdf_report_prints_scope_totals_generator_and_date(client, north_auditor, assigned):
    client.force_login(north_auditor)
    response = generate(client)

    assert response.content.startswith(b"%PDF")
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="compliance-report-{today:%Y-%m-%d}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Training compliance report" in text
    assert "Ines Inspector" in text
    assert "All courses" in text
    assert today.strftime("%Y") in text
    assert "Page 1 of 1" in text
    # Unit, assigned, completed, overdue, expiring within 30/60/90 days, completion rate.
    assert totals_line(text, "All units in scope") == ["3", "2", "1", "0", "0", "0", "66.7%"]
    assert totals_line(text, "North") == ["3", "2", "1", "0", "0", "0", "66.7%"]
    assert totals_line(text, "North One") == ["1", "1", "0", "0", "0", "0", "100.0%"]
    assert totals_line(text, "North Two") == ["2", "1", "1", "0", "0", "0", "50.0%"]
    assert "South" not in text
    assert "Southone" not in text


def test_the_pdf_report_for_one_course_names_it_and_counts_it_only(
    client, north_auditor, assigned, org_tree
):
    other_course = build_course(modules=1, slug="custody")
    assign(other_course, org_tree["north"], due_on=date(2020, 1, 31), starts_on=date(2020, 1, 1))
    client.force_login(north_auditor)

    text = pdf_text(generate(client, course=other_course.pk).content)

    assert "Course custody" in text
    assert "All courses" not in text
    assert "0.0%" in text  # nobody has completed the other course


def test_the_report_runs_the_same_queries_however_many_officers(
    org_tree, north_auditor, assigned, course
):
    build_report(north_auditor)  # caches filled on first use (content types) aside
    with CaptureQueriesContext(connection) as few:
        build_report(north_auditor)
    for number in range(8):
        officer_in(org_tree["north_1" if number % 2 else "north_2"], "More", f"Officer{number}")
    assign(course, org_tree["north"], due_on=date(2020, 1, 31), starts_on=date(2020, 1, 1))
    with CaptureQueriesContext(connection) as many:
        report = build_report(north_auditor)
    assert report.overall.totals.assigned > 3
    assert len(many) == len(few)


def test_generating_the_pdf_is_recorded_in_wagtails_audit_log(
    client, north_auditor, assigned, org_tree
):
    client.force_login(north_auditor)
    generate(client)
    entry = ModelLogEntry.objects.get(action=REPORT_PDF_ACTION)
    assert entry.user == north_auditor
    assert entry.object_id == str(org_tree["north"].pk)
    assert entry.data == {"course": "", "units": ["North"]}


def test_the_report_page_shows_the_scope_and_writes_nothing_on_get(
    client, north_auditor, assigned, course
):
    client.force_login(north_auditor)
    response = client.get(REPORT, {"course": course.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "North" in html and "South" not in html
    assert f'<option value="{course.pk}" selected>' in html
    assert not ModelLogEntry.objects.filter(action=REPORT_PDF_ACTION).exists()


def test_an_auditor_without_jurisdiction_gets_a_message_not_a_pdf(client, auditor, assigned):
    client.force_login(auditor)
    response = client.post(REPORT, {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "No unit is in your jurisdiction" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=REPORT_PDF_ACTION).exists()


def test_an_unknown_course_is_refused_with_a_message(client, north_auditor, assigned):
    client.force_login(north_auditor)
    response = client.post(REPORT, {"course": "999999"})
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()


def test_a_training_administrator_reports_on_the_whole_organisation(
    client, training_admin, assigned
):
    client.force_login(training_admin)
    text = pdf_text(generate(client).content)
    for name in ("Test Police", "North", "South"):
        assert name in text


# Who may open them


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_officers_and_trainers_are_refused_every_export(client, role_users, certified, role):
    client.force_login(role_users[role])
    for url in NEW_URLS:
        for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
            response = client.get(url, params)
            assert response.status_code in (302, 403), url
            assert not isinstance(response, StreamingHttpResponse)
        assert client.post(url, {}).status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action=REPORT_PDF_ACTION).exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client, certified):
    for url in NEW_URLS:
        for response in (client.get(url, {"export": "csv"}), client.post(url, {})):
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))


def test_the_reports_menu_shows_the_exports_to_report_readers_only(
    client, role_users, north_auditor
):
    for user, shown in [
        (role_users["trainer"], False),
        (north_auditor, True),
        (role_users["training administrator"], True),
    ]:
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (REGISTER in html) is shown
        assert (REPORT in html) is shown
