"""Every change to a certificate goes through one of these functions.

Views, the admin, management commands, tasks and tests all call them; each does its permission
check, its transaction and row lock, and its audit-log entry in one place.
"""

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log

from courses.dates import add_months
from courses.records import CourseCompletion
from courses.services import display_name

from . import app_settings, rendering
from .holders import HolderDetails, holder_details
from .models import Certificate, CertificateIssuer, NumberCounter, certificate_upload_to
from .scores import final_score

logger = logging.getLogger(__name__)

ISSUE_ACTION = "certificates.issue"
RENDER_ACTION = "certificates.render"
REVOKE_ACTION = "certificates.revoke"
REISSUE_ACTION = "certificates.reissue"


# Issuance ---------------------------------------------------------------------------------------


def certificate_language(requested):
    """The officer's language if the site offers it, else the site's default."""
    offered = {code for code, _name in settings.LANGUAGES}
    if requested in offered:
        return requested
    base = (requested or "").split("-")[0]
    return base if base in offered else settings.LANGUAGE_CODE


def course_title_in(course, language, fallback):
    """The course's title as published in ``language``, or ``fallback`` where it has no live
    translation in that language (the certificate prints what the officer read)."""
    if course is None:
        return fallback
    try:
        content_language = get_supported_content_language_variant(language)
    except LookupError:
        return fallback
    translation = (
        course.get_translations(inclusive=True)
        .live()
        .filter(locale__language_code=content_language)
    )
    return translation.values_list("title", flat=True).first() or fallback


def allocate_number(prefix, year):
    """The next certificate number for ``prefix`` in ``year``, e.g. NPS-2026-00042.

    Must run inside a transaction: the counter row stays locked until it commits, so two
    issuances never take the same number (and an issuance that rolls back leaves no gap).
    """
    NumberCounter.objects.bulk_create(
        [NumberCounter(prefix=prefix, year=year)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:05d}"


def number_prefix(issuer, holder):
    if issuer is not None and issuer.number_prefix:
        return issuer.number_prefix.upper()
    return (holder.agency_code or app_settings.default_number_prefix()).upper()


def issue_certificate(completion):
    """The certificate for ``completion``, created (pending) the first time only.

    Idempotent: a second call, a second signal or a concurrent worker gets the same
    certificate. The unique completion column decides a race; the loser's transaction (with the
    number it took) rolls back and it returns the winner's certificate. The PDF is rendered by
    a background task enqueued when the transaction commits.
    """
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    user = completion.user
    holder = holder_details(user) if user is not None else HolderDetails(name=completion.user_name)
    issuer = CertificateIssuer.for_agency(holder.agency_code)
    course = completion.course
    issued_on = timezone.localdate()
    language = certificate_language(holder.language)
    validity = course.validity_months if course is not None else None
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                completion=completion,
                user=user,
                course=course,
                issuer=issuer,
                number=allocate_number(number_prefix(issuer, holder), issued_on.year),
                holder_name=holder.name or completion.user_name,
                service_number=holder.service_number,
                agency_name=holder.agency_name,
                course_title=course_title_in(course, language, completion.course_title),
                completed_on=timezone.localdate(completion.completed_at),
                score=final_score(user, course, since=completion.enrolment.enrolled_at),
                issuer_name=issuer.name if issuer else holder.agency_name,
                signatory_name=issuer.signatory_name if issuer else "",
                signatory_title=issuer.signatory_title if issuer else "",
                language=language,
                issued_on=issued_on,
                expires_on=add_months(issued_on, validity) if validity else None,
            )
            log(certificate, ISSUE_ACTION, data={"number": certificate.number})
    except IntegrityError:
        # Another worker issued it between our check and our insert.
        return Certificate.objects.get(completion=completion)

    from .tasks import enqueue_render

    enqueue_render(certificate.pk)
    return certificate


# Rendering --------------------------------------------------------------------------------------


def issue_missing_certificates():
    """Issue the certificate of every completion that has none; returns them.

    Issuance follows the completion's commit (``course_completed`` is sent after it), so a
    process stopped between the two leaves a completion without its certificate.
    """
    missing = CourseCompletion.objects.filter(certificate__isnull=True)
    return [issue_certificate(completion) for completion in missing.select_related("course")]


def verification_url(certificate):
    path = reverse("certificates:verify", args=[certificate.verification_code])
    return app_settings.base_url() + path


@lru_cache(maxsize=32)
def _image_data_uri(image_id, file_name, spec):
    """An image rendition as a data URI, cached per process by the image's file name."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(pk=image_id)
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as file:
        return rendering.data_uri(file.read(), "image/png")


def image_data_uri(image, spec):
    if image is None:
        return ""
    return _image_data_uri(image.pk, image.file.name, spec)


def build_document(certificate):
    """Everything the template prints, read from the certificate's snapshots and its issuer."""
    issuer = certificate.issuer
    return rendering.CertificateDocument(
        number=certificate.number,
        holder_name=certificate.holder_name,
        service_number=certificate.service_number,
        agency_name=certificate.agency_name,
        course_title=certificate.course_title,
        completed_on=certificate.completed_on,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        score=certificate.score,
        issuer_name=certificate.issuer_name,
        signatory_name=certificate.signatory_name,
        signatory_title=certificate.signatory_title,
        verification_url=verification_url(certificate),
        language=certificate.language,
        logo_uri=image_data_uri(issuer.logo if issuer else None, "max-800x240|format-png"),
        signature_uri=image_data_uri(
            issuer.signature if issuer else None, "max-600x200|format-png"
        ),
    )


def store_pdf(certificate_id, content, *, reissue=False, user=None):
    """Keep ``content`` as the certificate's file and record its hash.

    A first render turns a pending certificate valid; a re-issue replaces the file of a valid
    one, keeping its number and code. Returns None when there was nothing to do (rendered by
    someone else meanwhile, or revoked).
    """
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.status == Certificate.Status.REVOKED:
            return None
        if not reissue and certificate.status != Certificate.Status.PENDING:
            return None
        old_name = certificate.pdf.name
        certificate.pdf.save(
            certificate_upload_to(certificate, ""), ContentFile(content), save=False
        )
        certificate.pdf_sha256 = rendering.sha256(content)
        certificate.rendered_at = timezone.now()
        certificate.status = Certificate.Status.VALID
        certificate.last_render_error = ""
        certificate.save()
        log(
            certificate,
            REISSUE_ACTION if reissue else RENDER_ACTION,
            user=user,
            data={"number": certificate.number, "sha256": certificate.pdf_sha256},
        )
        if old_name and old_name != certificate.pdf.name:
            storage = certificate.pdf.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return certificate


def render_certificate(certificate, *, reissue=False, user=None):
    """Render ``certificate``'s PDF now and store it (see :func:`store_pdf`)."""
    content = rendering.render_pdf(build_document(certificate))
    return store_pdf(certificate.pk, content, reissue=reissue, user=user)


def render_pending(certificate_id):
    """Render a pending certificate; a certificate that is no longer pending is left alone."""
    certificate = (
        Certificate.objects.select_related("issuer__logo", "issuer__signature")
        .filter(pk=certificate_id, status=Certificate.Status.PENDING)
        .first()
    )
    if certificate is None:
        return None
    return render_certificate(certificate)


def record_render_failure(certificate_id, error):
    """Count a failed render and keep its error; the certificate stays pending. Returns the
    number of failed attempts so far."""
    message = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        certificate.render_attempts += 1
        certificate.last_render_error = message
        certificate.save(update_fields=["render_attempts", "last_render_error"])
    logger.warning("Rendering certificate %s failed: %s", certificate.number, message)
    return certificate.render_attempts


def reissue_certificate(certificate, *, user=None):
    """Render a valid certificate again (after a template or issuer change), keeping its number
    and verification code and recording the new file's hash. Revoked certificates are not
    re-issued; pending ones are simply rendered."""
    if certificate.status == Certificate.Status.REVOKED:
        return None
    reissue = certificate.status != Certificate.Status.PENDING
    return render_certificate(certificate, reissue=reissue, user=user)


# Revocation -------------------------------------------------------------------------------------


def can_revoke(user):
    return user is not None and user.has_perm("certificates.revoke_certificate")


def revoke_certificate(certificate, *, user, reason):
    """Revoke ``certificate`` for ``reason``, recorded with who and when in the audit log."""
    if not can_revoke(user):
        raise PermissionDenied(_("You may not revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking this certificate.")})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == Certificate.Status.REVOKED:
            raise ValidationError(_("This certificate is already revoked."))
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = user
        certificate.revoked_by_name = display_name(user)
        certificate.revoked_reason = reason
        certificate.save(
            update_fields=[
                "status",
                "revoked_at",
                "revoked_by",
                "revoked_by_name",
                "revoked_reason",
            ]
        )
        log(
            certificate,
            REVOKE_ACTION,
            user=user,
            data={"number": certificate.number, "reason": reason},
        )
    return certificate
