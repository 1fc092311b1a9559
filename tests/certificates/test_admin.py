"""Revocation, re-issue and the certificates register in the Wagtail admin."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate, CertificateIssuer

from .conftest import complete, officer_with
from .pdf_tools import pdf_text, read_pdf


def test_revoking_records_reason_who_and_when_in_the_audit_log(certificate, training_admin):
    services.revoke_certificate(certificate, user=training_admin, reason="Exam fraud.")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == training_admin
    assert certificate.revoked_reason == "Exam fraud."
    assert certificate.revoked_at is not None
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user == training_admin
    assert entry.data["reason"] == "Exam fraud."
    assert entry.object_id == str(certificate.pk)


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor"])
def test_only_a_training_administrator_may_revoke(certificate, role_users, role):
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate, user=role_users[role], reason="No.")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_a_revocation_needs_a_reason(certificate, training_admin):
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate, user=training_admin, reason="  ")


def test_the_training_administrator_revokes_from_the_admin(client, certificate, training_admin):
    client.force_login(training_admin)
    index = client.get(reverse("certificates_admin:index"))
    assert index.status_code == 200
    assert certificate.number in index.content.decode()
    revoke_url = reverse("certificates_admin:revoke", args=[certificate.pk])
    assert revoke_url in index.content.decode()
    assert client.get(revoke_url).status_code == 200
    response = client.post(revoke_url, {"reason": "Identity fraud."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    inspect = client.get(reverse("certificates_admin:inspect", args=[certificate.pk]))
    assert inspect.status_code == 200


def test_nobody_adds_edits_or_deletes_certificates_in_the_admin(client, certificate, db):
    from ..factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("certificates_admin:index")).status_code == 200
    for name, args in (("add", []), ("edit", [certificate.pk]), ("delete", [certificate.pk])):
        response = client.get(reverse(f"certificates_admin:{name}", args=args))
        assert response.status_code in (302, 403)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


@pytest.mark.parametrize("role", ["trainer", "auditor"])
def test_other_roles_do_not_see_the_register(client, role_users, certificate, role):
    client.force_login(role_users[role])
    assert client.get(reverse("certificates_admin:index")).status_code in (302, 403)
    revoke = client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "x"}
    )
    assert revoke.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_training_administrator_edits_the_issuer(client, training_admin):
    client.force_login(training_admin)
    url = reverse("wagtailsnippets_certificates_certificateissuer:add")
    response = client.post(
        url,
        {
            "name": "National Police Service",
            "agency_code": "",
            "number_prefix": "NPS",
            "signatory_name": "Alex Morgan",
            "signatory_title": "Director of Training",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CertificateIssuer.objects.get().number_prefix == "NPS"


def test_reissue_keeps_number_and_code_and_records_the_new_hash(certificate):
    CertificateIssuer.objects.create(name="Renamed Police Service", number_prefix="RPS")
    Certificate.objects.filter(pk=certificate.pk).update(issuer_name="Renamed Police Service")
    certificate.refresh_from_db()
    before = certificate.pdf_sha256
    services.reissue_certificate(certificate)
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 != before
    assert "Renamed Police Service" in pdf_text(read_pdf(certificate))
    assert ModelLogEntry.objects.filter(action="certificates.reissue").count() == 1
    number, code = certificate.number, certificate.verification_code
    certificate.refresh_from_db()
    assert (certificate.number, certificate.verification_code) == (number, code)


def test_reissue_command_filters_by_course_and_unit(org_tree, officer, course, issue):
    from tests.courses.factories import build_course

    south = officer_with(org_tree["south_1"], "south-officer")
    ours = issue(complete(officer, course))
    theirs = issue(complete(south, course))
    other_course = build_course(modules=1, slug="other")
    elsewhere = issue(complete(officer, other_course))
    hashes = {c.pk: c.rendered_at for c in (ours, theirs, elsewhere)}

    call_command("reissue_certificates", "--course", "rights", "--unit", "tp-n", "--workers", "1")

    changed = {c.pk for c in Certificate.objects.all() if c.rendered_at != hashes[c.pk]}
    assert changed == {ours.pk}


def test_reissue_command_refuses_an_unknown_unit(certificate):
    with pytest.raises(CommandError, match="No unit has the code"):
        call_command("reissue_certificates", "--unit", "nowhere", "--workers", "1")


def test_reissue_leaves_revoked_certificates_alone(certificate, training_admin):
    services.revoke_certificate(certificate, user=training_admin, reason="Fraud.")
    before = certificate.pdf_sha256
    call_command("reissue_certificates", "--workers", "1")
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 == before
    assert certificate.status == Certificate.Status.REVOKED
