"""Rendering many certificates at once: documents are built here, PDFs in a process pool.

The parent reads the database and stores the files; the workers only turn
:class:`~certificates.rendering.CertificateDocument` objects into PDF bytes, so they never
touch the database (and work with any storage backend, even one that lives in memory).
"""

import multiprocessing
import os
import time
from dataclasses import dataclass, field

from django.db import connections

from . import rendering, services
from .models import Certificate

CHUNK = 200


@dataclass
class Outcome:
    rendered: int = 0
    skipped: int = 0
    failed: dict = field(default_factory=dict)

    @property
    def done(self):
        return self.rendered + self.skipped + len(self.failed)


def _init_worker():
    rendering.reset()


def _render(item):
    pk, document = item
    try:
        return pk, rendering.render_pdf(document), None
    except Exception as error:  # reported to the parent, which records it
        return pk, None, error


def default_workers():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def render_certificates(queryset, *, workers=1, user=None, progress=None):
    """Render (or re-render) every non-revoked certificate of ``queryset``.

    Pending certificates become valid; valid ones are re-issued with their number and code.
    ``progress(done, total)`` is called as results arrive. Returns an :class:`Outcome`.
    """
    ids = list(
        queryset.exclude(status=Certificate.Status.REVOKED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outcome = Outcome()
    pool = None
    if workers > 1 and len(ids) > 1:
        # Forked workers must not share the parent's database connections.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker)
    try:
        for start in range(0, len(ids), CHUNK):
            certificates = {
                certificate.pk: certificate
                for certificate in Certificate.objects.select_related(
                    "issuer__logo", "issuer__signature"
                ).filter(pk__in=ids[start : start + CHUNK])
            }
            items = []
            for pk, certificate in certificates.items():
                try:
                    items.append((pk, services.build_document(certificate)))
                except Exception as error:  # a missing image, say: record it, go on
                    services.record_render_failure(pk, error)
                    outcome.failed[certificate.number] = f"{type(error).__name__}: {error}"
            results = (
                pool.imap_unordered(_render, items, chunksize=4) if pool else map(_render, items)
            )
            for pk, content, error in results:
                certificate = certificates[pk]
                if error is not None:
                    services.record_render_failure(pk, error)
                    outcome.failed[certificate.number] = f"{type(error).__name__}: {error}"
                else:
                    stored = services.store_pdf(
                        pk,
                        content,
                        reissue=certificate.status != Certificate.Status.PENDING,
                        user=user,
                    )
                    if stored is None:
                        outcome.skipped += 1
                    else:
                        outcome.rendered += 1
                if progress:
                    progress(outcome.done, len(ids))
    finally:
        if pool:
            pool.close()
            pool.join()
    return outcome


class ProgressBar:
    """A one-line progress bar with rate and time left, redrawn in place."""

    def __init__(self, stream, width=30):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done, total):
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        left = (total - done) / rate if rate else 0
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r[{bar}] {done}/{total} {rate:.1f}/s, {int(left // 60)}m{int(left % 60):02d}s left",
            ending="",
        )
        if done == total:
            self.stream.write("")
        self.stream.flush()
