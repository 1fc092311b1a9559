"""Real PDFs, read back with poppler and zbar: the facts, the address and the QR code."""

import pytest
from django.test import override_settings

from certificates import rendering, services
from certificates.models import Certificate

from .conftest import complete, officer_with
from .pdf_tools import decode_qr, pdf_metadata, pdf_text, read_pdf


def test_the_pdf_shows_name_service_number_course_number_and_verification_address(
    certificate, officer, course
):
    text = pdf_text(read_pdf(certificate))
    assert officer.get_full_name() in text
    assert certificate.service_number in text
    assert course.title in text
    assert certificate.number in text
    assert services.verification_url(certificate) in text
    assert "Certificate of completion" in text


def test_the_qr_code_leads_to_a_page_that_says_valid(certificate, client):
    url = decode_qr(read_pdf(certificate))
    assert url == services.verification_url(certificate)
    assert url.startswith("http://127.0.0.1:8000/certificates/verify/")
    response = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert "Valid" in response.content.decode()


@override_settings(CERTIFICATES_BASE_URL="https://training.police.example/")
def test_the_base_url_setting_is_read_when_rendering(certificate):
    assert services.verification_url(certificate) == (
        f"https://training.police.example/certificates/verify/{certificate.verification_code}/"
    )


def test_the_pdf_is_pdf_a_3b_with_the_sha256_of_the_stored_file(certificate):
    content = read_pdf(certificate)
    assert content.startswith(b"%PDF-1.7")
    metadata = pdf_metadata(content)
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="B"' in metadata
    assert "Page size:       841.89 x 595.276 pts (A4)" in metadata  # landscape
    assert f"Title:           Certificate {certificate.number}" in metadata
    assert rendering.sha256(content) == certificate.pdf_sha256


def test_arabic_is_rendered_right_to_left_and_shaped(org_tree, course, issue):
    user = officer_with(
        org_tree["north_1"],
        "ar-officer",
        preferred_language="ar",
        user__first_name="سارة",
        user__last_name="حداد",
    )
    certificate = issue(complete(user, course))
    assert certificate.language == "ar"
    content = read_pdf(certificate)
    # pdftotext gives the logical (reading) order back only if the glyphs carry their text.
    assert "سارة حداد" in pdf_text(content)
    html = rendering.render_html(services.build_document(certificate))
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html


@pytest.mark.parametrize(
    ("language", "first_name", "last_name"),
    [("ru", "Ольга", "Петрова"), ("zh-hans", "美", "陈"), ("fr", "Hélène", "Lefèvre")],
)
def test_cyrillic_chinese_and_accented_names_come_out_as_written(
    org_tree, course, issue, language, first_name, last_name
):
    user = officer_with(
        org_tree["north_1"],
        f"{language}-officer",
        preferred_language=language,
        user__first_name=first_name,
        user__last_name=last_name,
    )
    certificate = issue(complete(user, course))
    text = pdf_text(read_pdf(certificate))
    assert first_name in text
    assert last_name in text


def test_the_template_is_rendered_in_the_officers_language(certificate):
    document = services.build_document(certificate)
    html = rendering.render_html(document)
    assert 'lang="en"' in html
    assert "Certificate of completion" in html


def test_the_score_of_the_final_assessment_is_printed(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(score="92.50")
    certificate.refresh_from_db()
    html = rendering.render_html(services.build_document(certificate))
    assert "Final assessment score: 92.5%" in html


def test_issuer_logo_and_signature_are_embedded(officer, course, issue):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from certificates.models import CertificateIssuer

    Image = get_image_model()
    logo = Image.objects.create(title="Logo", file=get_test_image_file("logo.png"))
    signature = Image.objects.create(title="Signature", file=get_test_image_file("sig.png"))
    CertificateIssuer.objects.create(
        name="Test Police Service",
        number_prefix="TPS",
        logo=logo,
        signature=signature,
        signatory_name="Chief Inspector Rossi",
        signatory_title="Head of Training",
    )
    certificate = issue(complete(officer, course))
    content = read_pdf(certificate)
    text = pdf_text(content)
    assert "Test Police Service" in text
    assert "Chief Inspector Rossi" in text
    assert "Head of Training" in text
    assert content.count(b"/Subtype /Image") >= 2  # each with its soft mask
