"""An auditor drills down from the compliance dashboard to a transcript, then downloads the
certificate register as XLSX and the PDF compliance report."""

import io
import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from compliance.jurisdiction import Jurisdiction
from tests.certificates.pdf_tools import pdf_text
from tests.compliance.assignment_helpers import assign, complete_with_certificate
from tests.conftest import PASSWORD
from tests.courses.factories import build_course
from tests.factories import OfficerProfileFactory

from .support import DESKTOP, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_auditor_drills_down_to_a_transcript_and_downloads_the_exports(
    browser, live_server, org_tree, auditor, tmp_path
):
    auditor.first_name, auditor.last_name = "Ines", "Inspector"
    auditor.save()
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    course = build_course(modules=1, slug="rights")
    course.title = "Decent treatment of migrant workers and their families in custody"
    course.save_revision().publish()
    holder = OfficerProfileFactory(
        unit=org_tree["north_1"], user__first_name="Nadia", user__last_name="Northone"
    ).user
    OfficerProfileFactory(
        unit=org_tree["south_1"], user__first_name="Sami", user__last_name="Southone"
    )
    assign(course, org_tree["agency"], due_on=date(2030, 1, 31))
    certificate = complete_with_certificate(holder, course)

    page = new_page(browser, DESKTOP)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(auditor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    # The dashboard, from the Compliance menu: the auditor's region, then its stations.
    page.get_by_role("button", name="Compliance").click()
    page.get_by_role("link", name="Compliance dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance dashboard")
    # The course filter holds the long course title without running into the rank filter.
    course_box = page.get_by_label("Course", exact=True).bounding_box()
    rank_box = page.get_by_label("Rank", exact=True).bounding_box()
    assert course_box["x"] + course_box["width"] <= rank_box["x"]
    page.get_by_role("link", name="North", exact=True).click()
    officers_of_north_one = page.get_by_role("link", name=re.compile(r"^Officers\W+North One$"))
    expect(officers_of_north_one).to_be_visible()
    expect(page.get_by_text("South One")).to_have_count(0)
    officers_of_north_one.click()
    page.get_by_role("link", name="Nadia Northone").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nadia Northone")
    expect(page.get_by_text(certificate.number)).to_be_visible()

    # The certificate register as XLSX: the North holder, nobody from the South.
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Certificate register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Certificate register")
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    xlsx = tmp_path / download.value.suggested_filename
    download.value.save_as(xlsx)
    assert xlsx.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [(certificate.number, "Nadia Northone")]

    # The PDF compliance report.
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="PDF compliance report").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    content = pdf.read_bytes()
    assert pdf.name.startswith("compliance-report-") and pdf.suffix == ".pdf"
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Ines Inspector" in text
    assert "North One" in text
    assert "South" not in text
