"""Faults lose nothing: a crashing renderer, a database that drops mid-request, a killed worker.

Each test breaks one thing at the worst moment (after the first rows of the change are written)
and checks that what the officer earned is either all there or not there at all, and that the
ordinary retry completes it. docs/faults.md covers what cannot be tested in-process.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from certificates import rendering
from certificates import services as certificate_services
from certificates.models import Certificate
from compliance.ledger import LedgerEntry, actions
from courses.models import CourseCompletion
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptAnswer, CategoryProgress
from quizzes.scoring import model_payload
from tests.certificates.conftest import complete
from tests.courses.factories import build_course
from tests.quizzes.factories import CategoryFactory, QuizFactory, multiple_choice, true_false

DROPPED = "server closed the connection unexpectedly"


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: no ``except Exception`` handler runs, nothing is cleaned up."""


def fail_after(monkeypatch, target, name, error):
    """Make ``target.name`` run, then raise ``error``: the fault strikes after the write."""
    original = getattr(target, name)

    def run_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        raise error

    monkeypatch.setattr(target, name, run_then_fail)


# Certificates -----------------------------------------------------------------------------------


@pytest.fixture
def course(db):
    return build_course(modules=2, slug="rights")


@pytest.fixture
def pending_certificate(officer, course, monkeypatch, django_capture_on_commit_callbacks):
    """A completion whose certificate could not be rendered: the renderer crashed."""
    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        completion = complete(officer, course)
    monkeypatch.undo()
    return Certificate.objects.get(completion=completion)


def test_a_crashing_renderer_keeps_the_completion_earned_through_the_pages(
    client,
    officer,
    course,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """The officer completes the course on the site while the PDF renderer is down."""
    monkeypatch.setattr(rendering, "render_pdf", lambda document: 1 / 0)
    client.force_login(officer)
    assert client.post(course.url + "enrol/").status_code == 302
    for module in course.modules():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(module.url + "complete/")
        assert response.status_code == 302

    completion = CourseCompletion.objects.get(enrolment__user=officer)
    certificate = Certificate.objects.get(completion=completion)
    assert certificate.status == Certificate.Status.PENDING
    assert "ZeroDivisionError" in certificate.last_render_error
    assert LedgerEntry.objects.filter(action=actions.COURSE_COMPLETE).count() == 1

    monkeypatch.undo()
    call_command("render_pending_certificates", stdout=StringIO())
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.completion == completion


def test_a_worker_killed_while_storing_the_pdf_leaves_the_certificate_pending(
    pending_certificate, monkeypatch
):
    certificate = pending_certificate
    assert certificate.status == Certificate.Status.PENDING
    # Killed after the file is written and the row updated, before the transaction commits.
    fail_after(monkeypatch, certificate_services, "log", WorkerKilled())

    with pytest.raises(WorkerKilled):
        certificate_services.render_pending(certificate.pk)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.pdf_sha256 == ""
    monkeypatch.undo()
    call_command("render_pending_certificates", stdout=StringIO())
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert rendering.sha256(certificate.pdf.read()) == certificate.pdf_sha256


# Quizzes ----------------------------------------------------------------------------------------


@pytest.fixture
def attempt(officer):
    category = CategoryFactory(name="Custody")
    quiz = QuizFactory(title="Faults", pass_mark=50)
    multiple_choice(quiz, content="Who must be told?", category=category)
    true_false(quiz, answer=True, content="Separate from convicted prisoners.", category=category)
    return quiz_services.start_attempt(officer, quiz)


def stored(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    return (
        attempt.status,
        attempt.score,
        attempt.submitted_at,
        list(AttemptAnswer.objects.filter(attempt=attempt).values()),
        list(CategoryProgress.objects.values()),
        LedgerEntry.objects.filter(action=actions.ATTEMPT_SUBMIT).count(),
    )


def post_dropping(client, url, data=None):
    """POST as a browser would, answering 500 rather than raising the server's error."""
    client.raise_request_exception = False
    try:
        return client.post(url, data or {})
    finally:
        client.raise_request_exception = True


def test_a_connection_dropped_while_saving_an_answer_keeps_no_half_answer(
    client, officer, attempt, monkeypatch
):
    client.force_login(officer)
    question = attempt.questions_as_asked()[1]
    url = reverse("quizzes:question", args=[attempt.pk, 2])
    data = {"question": question["id"], f"q{question['id']}-answer": "true"}
    before = stored(attempt)
    fail_after(monkeypatch, AttemptAnswer, "save", OperationalError(DROPPED))

    assert post_dropping(client, url, data).status_code == 500
    assert stored(attempt) == before

    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1


def test_a_connection_dropped_while_handing_in_keeps_the_attempt_open_and_whole(
    client, officer, attempt, monkeypatch
):
    """The attempt row is scored and saved, then the connection drops before the commit: none
    of it is kept (no score, no progress, no ledger entry), and handing in again works once."""
    for question in attempt.questions_as_asked():
        quiz_services.submit_answer(attempt, officer, question["id"], model_payload(question))
    client.force_login(officer)
    url = reverse("quizzes:finish", args=[attempt.pk])
    before = stored(attempt)
    fail_after(monkeypatch, Attempt, "save", OperationalError(DROPPED))

    assert post_dropping(client, url).status_code == 500
    assert stored(attempt) == before
    assert before[0] == Attempt.Status.IN_PROGRESS

    monkeypatch.undo()
    assert client.post(url).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED
    assert CategoryProgress.objects.get(user=officer).possible == 2
    assert LedgerEntry.objects.filter(action=actions.ATTEMPT_SUBMIT).count() == 1
