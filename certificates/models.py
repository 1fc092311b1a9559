"""Certificates: one per course completion, with everything printed on it kept as text.

Records outlive content: a certificate points at its completion with ``PROTECT`` and at the
officer and the course with ``SET_NULL``, and keeps text snapshots of every fact printed on it,
so deleting a user or a page never deletes or rewrites a certificate.

Status: ``pending`` until the PDF is first rendered, then ``valid``, or ``revoked`` with reason,
who and when. "Expired" is not stored: it is derived from ``expires_on`` and today's date
(:func:`effective_status`), so no nightly job has to flip rows and no row can be stale.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

#: 24 random bytes: 192 bits, 32 URL-safe characters.
VERIFICATION_CODE_BYTES = 24


def new_verification_code():
    return secrets.token_urlsafe(VERIFICATION_CODE_BYTES)


def certificate_upload_to(instance, filename):
    return f"certificates/{instance.issued_on:%Y}/{instance.verification_code}.pdf"


class CertificateIssuer(models.Model):
    """Who issues certificates: the authority, its logo, the signatory and the number prefix.

    A snippet a training administrator edits in the Wagtail admin. The issuer whose agency code
    matches the officer's agency is used; the one with no agency code is the default for
    everyone else. (A snippet rather than a site setting so that one installation can serve
    several agencies, and so the app works in a host site without ``wagtail.contrib.settings``.)
    """

    name = models.CharField(
        _("issuing authority"),
        max_length=255,
        help_text=_("Printed at the top of the certificate, e.g. National Police Service."),
    )
    agency_code = models.CharField(
        _("agency code"),
        max_length=50,
        blank=True,
        unique=True,
        help_text=_(
            "The code of the agency whose officers this issuer certifies. "
            "Leave empty for the default issuer."
        ),
    )
    number_prefix = models.CharField(
        _("certificate number prefix"),
        max_length=16,
        help_text=_("Certificate numbers read PREFIX-YEAR-SEQUENCE, e.g. NPS-2026-00042."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=255, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=255, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("agency_code"),
        FieldPanel("number_prefix"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title"), FieldPanel("signature")],
            heading=_("Signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate issuer")
        verbose_name_plural = _("certificate issuers")

    def __str__(self):
        return self.name

    @classmethod
    def for_agency(cls, agency_code):
        """The issuer for ``agency_code``, else the default issuer, else None."""
        issuers = {
            issuer.agency_code: issuer
            for issuer in cls.objects.filter(
                agency_code__in={agency_code or "", ""}
            ).select_related("logo", "signature")
        }
        return issuers.get(agency_code or "") or issuers.get("")


class NumberCounter(models.Model):
    """The last sequence number used for one prefix in one year; locked while a number is taken."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="certificates_unique_counter"),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    #: Not stored: see :func:`effective_status`.
    EXPIRED = "expired"

    completion = models.OneToOneField(
        "courses.CourseCompletion",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("course completion"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    issuer = models.ForeignKey(
        CertificateIssuer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("issuer"),
    )

    # What is printed, as it was printed.
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=64, unique=True, default=new_verification_code
    )
    holder_name = models.CharField(_("officer name"), max_length=255)
    service_number = models.CharField(_("service number"), max_length=32, blank=True)
    agency_name = models.CharField(_("agency"), max_length=255, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    score = models.DecimalField(
        _("final assessment score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    issuer_name = models.CharField(_("issuing authority"), max_length=255)
    signatory_name = models.CharField(_("signatory's name"), max_length=255, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=15)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_by_name = models.CharField(_("revoked by (name)"), max_length=255, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)

    # The file as issued.
    pdf = models.FileField(_("PDF"), upload_to=certificate_upload_to, blank=True, max_length=255)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("failed render attempts"), default=0)
    last_render_error = models.TextField(_("last render error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        permissions = [("revoke_certificate", _("Can revoke certificates"))]
        indexes = [models.Index(fields=["status"], name="certificates_status_idx")]

    def __str__(self):
        return f"{self.number} {self.holder_name}: {self.course_title}"

    def effective_status(self, today=None):
        return effective_status(self.status, self.expires_on, today or timezone.localdate())


def effective_status(status, expires_on, today):
    """The status a reader should see: revoked and pending win; otherwise expired after the
    expiry date (a certificate is still valid on its expiry date)."""
    if status != Certificate.Status.VALID:
        return status
    if expires_on is not None and today > expires_on:
        return Certificate.EXPIRED
    return status


STATUS_LABELS = {
    Certificate.Status.PENDING: _("Being prepared"),
    Certificate.Status.VALID: _("Valid"),
    Certificate.Status.REVOKED: _("Revoked"),
    Certificate.EXPIRED: _("Expired"),
}
