"""The trainer's enrolment report: access per role, content, CSV and XLSX exports."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Enrolment
from tests.factories import OfficerProfileFactory

from .factories import build_course

REPORT = reverse("courses_enrolment_report")


@pytest.fixture
def progress(officer, other_officer):
    course = build_course(modules=2, slug="reported")
    enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
    for module in course.modules():
        services.complete_module(enrolment, module)
    services.enrol(other_officer, course, source=Enrolment.Source.ASSIGNMENT)
    return course


def test_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["officer", "auditor", "training administrator"])
def test_roles_other_than_trainer_cannot_see_the_report(client, role_users, progress, role):
    client.force_login(role_users[role])
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert b"Course reported" not in response.content


def test_trainer_sees_each_enrolment_with_its_progress(client, trainer, officer, progress):
    client.force_login(trainer)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert officer.get_full_name() in html
    assert html.count("Course reported") >= 2


def test_report_filters_completed_enrolments(client, trainer, officer, other_officer, progress):
    client.force_login(trainer)
    html = client.get(REPORT, {"completed": "true"}).content.decode()
    assert officer.get_full_name() in html
    assert other_officer.get_full_name() not in html


def test_report_downloads_as_csv(client, trainer, officer, progress):
    client.force_login(trainer)
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Officer,Course,Enrolled by,Enrolled,Due,Modules completed")
    row = next(line for line in lines if officer.get_full_name() in line)
    assert ",self," in row
    assert ",2," in row


def test_report_downloads_as_xlsx(client, trainer, other_officer, progress):
    client.force_login(trainer)
    response = client.get(REPORT, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Officer"
    assert any(row[0] == other_officer.get_full_name() and row[5] == 0 for row in rows[1:])


def test_report_queries_do_not_grow_with_enrolments(client, trainer, progress):
    client.force_login(trainer)
    client.get(REPORT)
    with CaptureQueriesContext(connection) as few:
        client.get(REPORT)
    for profile in OfficerProfileFactory.create_batch(8):
        services.enrol(profile.user, progress, source=Enrolment.Source.ASSIGNMENT)
    with CaptureQueriesContext(connection) as many:
        client.get(REPORT)
    assert len(many) == len(few)
