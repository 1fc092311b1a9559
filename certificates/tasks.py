"""Background rendering through Django's tasks API (the django-tasks backport Wagtail uses).

A failed render never loses the certificate: it stays pending with its error recorded. Where
the task backend can defer (the database and RQ backends), the task re-enqueues itself with an
exponential backoff up to ``CERTIFICATES_MAX_RENDER_ATTEMPTS``; everywhere,
``manage.py render_pending_certificates`` (safe to run from cron) retries what is pending.
"""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import app_settings, services


@task()
def render_certificate_task(certificate_id):
    try:
        certificate = services.render_pending(certificate_id)
    except Exception as error:
        attempts = services.record_render_failure(certificate_id, error)
        schedule_retry(certificate_id, attempts)
        raise
    return certificate.number if certificate else None


def schedule_retry(certificate_id, attempts):
    backend = render_certificate_task.get_backend()
    if not backend.supports_defer or attempts >= app_settings.max_render_attempts():
        return None
    run_after = timezone.now() + timedelta(seconds=app_settings.retry_backoff_seconds(attempts))
    return render_certificate_task.using(run_after=run_after).enqueue(certificate_id)


def enqueue_render(certificate_id):
    """Render the certificate in the background once the current transaction commits."""
    transaction.on_commit(partial(render_certificate_task.enqueue, certificate_id))
