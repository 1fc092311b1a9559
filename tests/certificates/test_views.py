"""The officer's certificates and downloads, and the public verification page."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate

from ..conftest import PASSWORD  # noqa: F401  (the shared fixtures' password)
from .pdf_tools import read_pdf


def download_url(identifier):
    return reverse("certificates:download", args=[identifier])


def verify_url(code):
    return reverse("certificates:verify", args=[code])


# My training and downloads ----------------------------------------------------------------------


def test_my_training_lists_only_the_officers_own_certificates(
    client, officer, certificate, other_certificate
):
    client.force_login(officer)
    page = client.get(reverse("courses:my_training")).content.decode()
    assert "Your certificates" in page
    assert certificate.number in page
    assert download_url(certificate.number) in page
    assert other_certificate.number not in page
    assert "Valid until" in page


def test_my_training_shows_an_expired_certificate_as_expired(client, officer, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(officer)
    page = client.get(reverse("courses:my_training")).content.decode()
    assert "Expired on" in page


def test_my_training_stays_within_its_query_budget_with_certificates(
    client, officer, certificate, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("courses:my_training")).status_code == 200


def test_the_owner_downloads_the_pdf_as_issued(client, officer, certificate):
    client.force_login(officer)
    response = client.get(download_url(certificate.number))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{certificate.number}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == read_pdf(certificate)


@pytest.mark.parametrize("role", ["other officer", "trainer", "auditor", "training administrator"])
def test_nobody_else_can_download_it_by_id_number_or_code(
    client, role_users, other_officer, certificate, role
):
    user = other_officer if role == "other officer" else role_users[role]
    client.force_login(user)
    for identifier in (certificate.pk, certificate.number, certificate.verification_code):
        assert client.get(download_url(identifier)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    response = client.get(download_url(certificate.number))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_a_revoked_certificate_cannot_be_downloaded(client, officer, certificate, training_admin):
    services.revoke_certificate(certificate, user=training_admin, reason="Exam fraud.")
    client.force_login(officer)
    assert client.get(download_url(certificate.number)).status_code == 404


# Public verification ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "officer", "trainer", "auditor"])
def test_anyone_sees_every_printed_fact_and_the_status(client, role_users, certificate, role):
    if role:
        client.force_login(role_users[role])
    Certificate.objects.filter(pk=certificate.pk).update(score="88.00")
    certificate.refresh_from_db()
    response = client.get(verify_url(certificate.verification_code))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    for fact in (
        certificate.number,
        certificate.holder_name,
        certificate.service_number,
        certificate.course_title,
        certificate.issuer_name,
        "88%",
        "Valid",
    ):
        assert fact in page
    # And nothing more: no internal ids, no hash, no other records.
    assert certificate.pdf_sha256 not in page
    assert certificate.user.email not in page


def test_a_revoked_certificate_shows_as_revoked_with_its_date_but_not_the_reason(
    client, certificate, training_admin
):
    services.revoke_certificate(certificate, user=training_admin, reason="Exam fraud.")
    page = client.get(verify_url(certificate.verification_code)).content.decode()
    assert "Revoked" in page
    assert "revoked on" in page
    assert "Exam fraud" not in page


def test_an_expired_certificate_shows_as_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2020, 5, 1))
    page = client.get(verify_url(certificate.verification_code)).content.decode()
    assert "Expired" in page
    assert "expired on" in page


def test_unknown_and_near_miss_codes_get_the_same_answer(client, certificate):
    code = certificate.verification_code
    near_miss = code[:-1] + ("A" if code[-1] != "A" else "B")
    unknown = "x" * len(code)
    answers = [client.get(verify_url(guess)) for guess in (unknown, near_miss)]
    assert answers[0].status_code == answers[1].status_code == 404
    # The same page, but for the address itself and the masked CSRF token (both from the
    # site's language switcher).
    bodies = [
        re.sub(r'value="[A-Za-z0-9]{64}"', "TOKEN", answer.content.decode().replace(guess, "CODE"))
        for answer, guess in zip(answers, (unknown, near_miss), strict=True)
    ]
    assert bodies[0] == bodies[1]


def test_a_pending_certificate_is_not_verifiable(client, completion, issue, monkeypatch):
    from certificates import rendering

    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    certificate = issue(completion)
    assert client.get(verify_url(certificate.verification_code)).status_code == 404


def test_the_form_takes_a_pasted_code_or_the_whole_address(client, certificate):
    code = certificate.verification_code
    for pasted in (code, f"  {code} ", services.verification_url(certificate)):
        response = client.get(reverse("certificates:verify_form"), {"code": pasted})
        assert response.status_code == 302
        assert response.url == verify_url(code)
    assert (
        "Verify a certificate" in client.get(reverse("certificates:verify_form")).content.decode()
    )


def test_the_issued_file_matches_byte_for_byte_and_an_edited_one_does_not(client, certificate):
    content = read_pdf(certificate)
    url = verify_url(certificate.verification_code)
    same = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", content, "application/pdf")})
    assert "matches the certificate as issued" in same.content.decode()
    edited = content.replace(certificate.number.encode(), b"XXX", 1) + b"\n"
    other = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", edited, "application/pdf")})
    assert "does not match" in other.content.decode()


@override_settings(CERTIFICATES_VERIFY_RATE=(3, 600))
def test_verification_is_rate_limited_per_client_address(client, certificate):
    url = verify_url(certificate.verification_code)
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.get(url, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert refused["Retry-After"] == "600"
    # Unknown codes count too, and another address is not affected.
    assert client.get(verify_url("guess"), REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_verification_pages_carry_no_inline_script(client, certificate):
    for response in (
        client.get(verify_url(certificate.verification_code)),
        client.get(verify_url("unknown")),
        client.get(reverse("certificates:verify_form")),
    ):
        assert "<script" not in response.content.decode()
