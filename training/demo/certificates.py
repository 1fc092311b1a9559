"""Demo certificates: one for every demo officer who completed the course, rendered now,
with one expired and one revoked so every status can be seen. Safe to run again."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateIssuer
from courses.models import CourseCompletion

ISSUER = {
    "name": "National Police Service",
    "number_prefix": "NPS",
    "signatory_name": "Alex Morgan",
    "signatory_title": "Director of Training",
}
REVOKED_REASON = "Demo: issued in error (the officer's final assessment was annulled)."


def seed_certificates():
    """Issue and render missing certificates; return counts by status."""
    CertificateIssuer.objects.get_or_create(agency_code="", defaults=ISSUER)
    completions = CourseCompletion.objects.filter(
        user__isnull=False, certificate__isnull=True
    ).select_related("course", "user")
    for completion in completions.order_by("pk"):
        services.issue_certificate(completion)

    certificates = list(Certificate.objects.order_by("pk"))
    today = timezone.localdate()
    already_expired = any(c.expires_on and c.expires_on < today for c in certificates)
    candidates = [c for c in certificates if c.status != Certificate.Status.REVOKED]
    if not already_expired and candidates:
        # Issued long enough ago to have expired, so the refresher cycle shows.
        expired = candidates.pop(0)
        expired.issued_on = today - timedelta(days=2 * 365 + 60)
        expired.expires_on = today - timedelta(days=60)
        expired.save(update_fields=["issued_on", "expires_on"])

    for certificate in Certificate.objects.filter(status=Certificate.Status.PENDING):
        services.render_pending(certificate.pk)

    if candidates and not any(c.status == Certificate.Status.REVOKED for c in certificates):
        administrator = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if administrator is not None:
            services.revoke_certificate(candidates[0], user=administrator, reason=REVOKED_REASON)

    counts = {}
    for certificate in Certificate.objects.all():
        status = certificate.effective_status(today)
        counts[status] = counts.get(status, 0) + 1
    return counts
