"""One certificate per completion, issued when the course is completed, with text snapshots."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.db.models import ProtectedError
from wagtail import hooks
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.holders import HOLDER_DETAILS_HOOK, HolderDetails, holder_details
from certificates.models import Certificate, CertificateIssuer
from courses import services as course_services
from courses.dates import add_months
from courses.models import CourseCompletion, Enrolment

from ..courses.factories import translate
from ..factories import OfficerProfileFactory, UserFactory
from .conftest import complete

CERTIFICATES_DIR = Path(__file__).resolve().parents[2] / "certificates"


def test_completing_the_course_issues_and_renders_one_certificate(
    officer, course, django_capture_on_commit_callbacks
):
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    with django_capture_on_commit_callbacks(execute=True):
        for module in course.modules():
            course_services.complete_module(enrolment, module)

    certificate = Certificate.objects.get(user=officer)
    assert certificate.completion == CourseCompletion.objects.get(enrolment=enrolment)
    assert certificate.status == Certificate.Status.VALID
    assert len(certificate.pdf_sha256) == 64
    assert certificate.pdf.name.endswith(".pdf")
    assert ModelLogEntry.objects.filter(action="certificates.issue").count() == 1


def test_issuing_twice_returns_the_same_certificate(completion, issue):
    first = issue(completion)
    second = issue(completion)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_the_signal_sent_twice_issues_one_certificate(
    completion, django_capture_on_commit_callbacks
):
    from courses.signals import course_completed

    with django_capture_on_commit_callbacks(execute=True):
        course_completed.send(sender=CourseCompletion, completion=completion)
        course_completed.send(sender=CourseCompletion, completion=completion)
    assert Certificate.objects.filter(completion=completion).count() == 1


def test_the_certificate_keeps_what_is_printed_as_text(officer, course, completion, issue):
    profile = officer.officer_profile
    certificate = issue(completion)
    assert certificate.holder_name == officer.get_full_name()
    assert certificate.service_number == profile.service_number
    assert certificate.agency_name == "Test Police"
    assert certificate.course_title == course.title
    assert certificate.completed_on == completion.completed_at.date()
    assert certificate.language == "en"
    assert certificate.expires_on == add_months(certificate.issued_on, course.validity_months)


def test_numbers_follow_prefix_year_and_sequence(officer, other_officer, course, issue):
    CertificateIssuer.objects.create(name="Test Police Service", number_prefix="tps")
    first = issue(complete(officer, course))
    second = issue(complete(other_officer, course))
    year = date.today().year
    assert first.number == f"TPS-{year}-00001"
    assert second.number == f"TPS-{year}-00002"
    assert first.issuer_name == "Test Police Service"


def test_the_agency_issuer_is_chosen_over_the_default(officer, course, issue):
    CertificateIssuer.objects.create(name="Ministry", number_prefix="MIN")
    CertificateIssuer.objects.create(
        name="Test Police", agency_code="tp", number_prefix="TP", signatory_name="A. Chief"
    )
    certificate = issue(complete(officer, course))
    assert certificate.number.startswith("TP-")
    assert certificate.signatory_name == "A. Chief"


def test_a_course_without_validity_gives_a_certificate_that_never_expires(officer, course, issue):
    course.validity_months = None
    course.save_revision().publish()
    certificate = issue(complete(officer, course))
    assert certificate.expires_on is None


def test_the_officers_language_is_used_when_the_site_offers_it(org_tree, course, issue):
    user = OfficerProfileFactory(
        user__username="ar-officer", unit=org_tree["north_1"], preferred_language="ar"
    ).user
    assert issue(complete(user, course)).language == "ar"


def test_the_course_title_is_printed_as_the_officer_read_it(org_tree, course, issue):
    translate(course, "fr", title="Traitement digne des travailleurs migrants")
    french = OfficerProfileFactory(unit=org_tree["north_1"], preferred_language="fr").user
    spanish = OfficerProfileFactory(unit=org_tree["north_1"], preferred_language="es").user

    assert (
        issue(complete(french, course)).course_title == "Traitement digne des travailleurs migrants"
    )
    # No Spanish translation: the title of the course as published.
    assert issue(complete(spanish, course)).course_title == course.title


def test_without_a_profile_the_holder_is_named_by_the_default_details(db, course, issue):
    user = UserFactory(username="guest", first_name="Grace", last_name="Osei")
    certificate = issue(complete(user, course))
    assert certificate.holder_name == "Grace Osei"
    assert certificate.service_number == ""
    assert certificate.number.startswith("CERT-")


def test_a_dict_from_a_hook_is_accepted(db):
    user = UserFactory(username="hooked", first_name="", last_name="")

    def details(user):
        return {"name": "", "service_number": "X-1"}

    with hooks.register_temporarily(HOLDER_DETAILS_HOOK, details):
        # The compliance hook (registered first) knows nothing of this user.
        assert holder_details(user) == HolderDetails(name="hooked", service_number="X-1")


def test_records_outlive_users_and_pages(certificate, officer):
    with pytest.raises(ProtectedError):
        certificate.completion.delete()
    officer.officer_profile.delete()
    officer.delete()
    certificate.refresh_from_db()
    assert certificate.user is None
    assert certificate.holder_name


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_certificates_never_import_compliance_or_the_host_site():
    offending = [
        f"{path.name}: {module}"
        for path in CERTIFICATES_DIR.rglob("*.py")
        for module in _imports(path)
        if module.split(".")[0] in {"compliance", "training"}
    ]
    assert offending == []


def test_issue_is_a_no_op_for_an_existing_certificate_without_queries_for_numbers(
    certificate, django_assert_max_num_queries
):
    completion = certificate.completion
    with django_assert_max_num_queries(1):
        assert services.issue_certificate(completion) == certificate
