"""Settings of the certificates app, read when they are used (so tests can override them).

Each setting has a ``CERTIFICATES_`` prefix in the host's settings module.
"""

from django.conf import settings


def _get(name, default):
    return getattr(settings, f"CERTIFICATES_{name}", default)


def base_url():
    """The public address printed on certificates and encoded in their QR codes.

    ``CERTIFICATES_BASE_URL``, else Wagtail's ``WAGTAILADMIN_BASE_URL``, else localhost.
    """
    url = _get("BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return (url or "http://localhost:8000").rstrip("/")


def default_number_prefix():
    """Prefix of certificate numbers when no issuer (and no agency code) gives one."""
    return _get("NUMBER_PREFIX", "CERT")


def pdf_variant():
    """WeasyPrint's ``pdf_variant``: PDF/A-3b by default, for archives."""
    return _get("PDF_VARIANT", "pdf/a-3b")


def verify_rate():
    """``(attempts, seconds)``: how many verification requests one client IP may make."""
    return _get("VERIFY_RATE", (30, 600))


def max_upload_bytes():
    """The largest PDF accepted for a byte-for-byte comparison."""
    return _get("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def max_render_attempts():
    """After this many failed renders the background task stops retrying by itself.

    ``manage.py render_pending_certificates`` still retries every pending certificate.
    """
    return _get("MAX_RENDER_ATTEMPTS", 5)


def retry_backoff_seconds(attempts):
    """Seconds before the next automatic retry after ``attempts`` failures: 1, 2, 4... minutes."""
    return min(60 * 2 ** max(attempts - 1, 0), 6 * 60 * 60)
