"""The demo's certificates: issued for every completion, one expired, one revoked, run twice."""

from certificates.models import Certificate, CertificateIssuer
from training.demo.certificates import seed_certificates

from ..factories import OfficerProfileFactory, UserFactory
from .conftest import complete


def test_seed_certificates_issues_renders_and_shows_every_status(org_tree, course):
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    for number in range(4):
        user = OfficerProfileFactory(unit=org_tree["north_1"], user__username=f"o{number}").user
        complete(user, course)

    assert seed_certificates() == {"expired": 1, "revoked": 1, "valid": 2}
    assert seed_certificates() == {"expired": 1, "revoked": 1, "valid": 2}

    assert Certificate.objects.count() == 4
    assert not Certificate.objects.filter(status=Certificate.Status.PENDING).exists()
    assert Certificate.objects.exclude(pdf_sha256="").count() == 4
    assert CertificateIssuer.objects.get().number_prefix == "NPS"
