"""A completion is never lost: a failed render leaves it pending, and a retry completes it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certificates import rendering, tasks
from certificates.models import Certificate


@pytest.fixture
def broken_renderer(monkeypatch):
    def crash(document):
        raise RuntimeError("the PDF renderer crashed")

    monkeypatch.setattr(rendering, "render_pdf", crash)
    return monkeypatch


def test_a_crashing_render_leaves_a_pending_certificate_with_its_error(
    completion, issue, broken_renderer
):
    certificate = issue(completion)
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.render_attempts == 1
    assert "the PDF renderer crashed" in certificate.last_render_error
    assert not certificate.pdf


def test_the_officer_sees_being_prepared_while_pending(
    client, officer, completion, issue, broken_renderer
):
    certificate = issue(completion)
    client.force_login(officer)
    page = client.get("/my-training/").content.decode()
    assert "Being prepared" in page
    assert certificate.number in page
    assert f"/certificates/download/{certificate.number}/" not in page


def test_the_cron_command_completes_a_pending_certificate(completion, issue, monkeypatch):
    real_render = rendering.render_pdf
    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    certificate = issue(completion)
    assert certificate.status == Certificate.Status.PENDING

    with pytest.raises(CommandError, match="still pending"):
        call_command("render_pending_certificates")
    certificate.refresh_from_db()
    assert certificate.render_attempts == 2

    monkeypatch.setattr(rendering, "render_pdf", real_render)
    call_command("render_pending_certificates")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.pdf_sha256
    assert certificate.last_render_error == ""


def test_the_cron_command_issues_a_certificate_a_crash_left_unissued(completion):
    # The completion committed, and the process stopped before issuing its certificate.
    assert not Certificate.objects.filter(completion=completion).exists()

    call_command("render_pending_certificates", stdout=StringIO())

    certificate = Certificate.objects.get(completion=completion)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.pdf_sha256


def test_the_task_itself_retried_completes_it(completion, issue, monkeypatch):
    real_render = rendering.render_pdf
    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    certificate = issue(completion)
    monkeypatch.setattr(rendering, "render_pdf", real_render)

    result = tasks.render_certificate_task.enqueue(certificate.pk)

    assert result.status == "SUCCESSFUL"
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_a_retry_is_scheduled_with_backoff_where_the_backend_can_defer(
    completion, issue, monkeypatch
):
    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    certificate = issue(completion)
    scheduled = []

    class DeferringTask:
        """Stands in for the task on a backend that supports ``run_after``."""

        def __init__(self, run_after=None):
            self.run_after = run_after

        def get_backend(self):
            return type("Backend", (), {"supports_defer": True})()

        def using(self, run_after):
            return DeferringTask(run_after)

        def enqueue(self, certificate_id):
            scheduled.append((self.run_after, certificate_id))

    monkeypatch.setattr(tasks, "render_certificate_task", DeferringTask())
    tasks.schedule_retry(certificate.pk, attempts=1)
    assert scheduled and scheduled[0][1] == certificate.pk
    tasks.schedule_retry(certificate.pk, attempts=5)
    assert len(scheduled) == 1  # gave up after CERTIFICATES_MAX_RENDER_ATTEMPTS


def test_rendering_a_certificate_twice_concurrently_stores_it_once(certificate):
    from certificates import services

    assert services.render_pending(certificate.pk) is None  # no longer pending
    assert services.store_pdf(certificate.pk, b"%PDF-late") is None
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 != rendering.sha256(b"%PDF-late")
