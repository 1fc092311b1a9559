"""Each training event, done through the real services, is recorded in the ledger exactly once."""

import pytest
from django.db import transaction

from certificates.services import issue_certificate, revoke_certificate
from compliance.ledger import LedgerEntry, actions, verify_chain
from courses import services as course_services
from courses.models import Enrolment
from quizzes import services as quiz_services
from tests.courses.factories import add_quiz_to_module, build_course
from tests.quizzes.factories import QuizFactory, essay, take_quiz, true_false


def entries(action):
    return list(LedgerEntry.objects.filter(action=action).order_by("sequence"))


def the_entry(action):
    found = entries(action)
    assert len(found) == 1, [entry.action for entry in LedgerEntry.objects.all()]
    return found[0]


def take(user, quiz):
    return take_quiz(user, quiz, essay_text="I would explain his rights.")


@pytest.fixture
def course(db):
    return build_course(modules=2, slug="rights")


def test_enrolling_is_recorded_once_with_the_officer_and_course(officer, course):
    enrolment = course_services.self_enrol(officer, course)
    course_services.enrol(officer, course, source=Enrolment.Source.SELF)  # again: no new entry

    entry = the_entry(actions.ENROL)
    assert (entry.actor_id, entry.subject_id) == (officer.pk, officer.pk)
    assert entry.subject_service_number == officer.officer_profile.service_number
    assert entry.unit_path == officer.officer_profile.unit.path
    assert entry.occurred_at == enrolment.enrolled_at
    assert entry.details == {
        "enrolment_id": enrolment.pk,
        "course_id": course.pk,
        "course_title": course.title,
        "source": "self",
        "due_on": None,
    }


def test_an_assigned_enrolment_has_no_actor_but_the_officer_as_subject(officer, course):
    course_services.enrol(officer, course, source=Enrolment.Source.ASSIGNMENT)
    entry = the_entry(actions.ENROL)
    assert (entry.actor_id, entry.subject_id) == (None, officer.pk)


def test_completing_a_module_is_recorded_once(officer, course):
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    module = course.modules().first()
    course_services.record_opened(enrolment, module)
    course_services.complete_module(enrolment, module)
    course_services.complete_module(enrolment, module)  # a double click

    entry = the_entry(actions.MODULE_COMPLETE)
    assert entry.subject_id == officer.pk
    assert entry.details["module_id"] == module.pk
    assert entry.details["module_title"] == module.title
    assert entries(actions.COURSE_COMPLETE) == []


def test_completing_the_course_is_recorded_once_in_the_same_transaction(
    officer, course, django_capture_on_commit_callbacks
):
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    with django_capture_on_commit_callbacks(execute=False):
        for module in course.modules():
            completion = course_services.complete_module(enrolment, module)
        # Written before the transaction's on-commit work runs (certificates' receiver).
        entry = the_entry(actions.COURSE_COMPLETE)
    course_services.complete_course_if_done(enrolment)

    assert the_entry(actions.COURSE_COMPLETE) == entry
    assert len(entries(actions.MODULE_COMPLETE)) == 2
    assert entry.details["completion_id"] == completion.pk
    assert entry.occurred_at == completion.completed_at


def test_a_failed_event_leaves_no_entry(officer, course):
    with pytest.raises(RuntimeError), transaction.atomic():
        course_services.enrol(officer, course, source=Enrolment.Source.SELF)
        raise RuntimeError("rolled back")
    assert not LedgerEntry.objects.exists()


def test_submitting_an_attempt_is_recorded_once_and_passing_it_completes_the_module(
    officer, course
):
    quiz = QuizFactory(title="Check", pass_mark=100)
    true_false(quiz, answer=True)
    add_quiz_to_module(course.modules().last(), quiz)
    course_services.enrol(officer, course, source=Enrolment.Source.SELF)

    attempt = take(officer, quiz)
    quiz_services.finish_attempt(attempt, user=officer)  # already finished: nothing new

    entry = the_entry(actions.ATTEMPT_SUBMIT)
    assert (entry.actor_id, entry.subject_id) == (officer.pk, officer.pk)
    assert entry.details["attempt_id"] == attempt.pk
    assert entry.details["status"] == "passed"
    assert entry.details["score"] == "1.00"
    assert entry.occurred_at == attempt.submitted_at
    module_entry = the_entry(actions.MODULE_COMPLETE)
    # The module completed by the receivers of the same transaction comes first.
    assert module_entry.sequence < entry.sequence


def test_marking_an_essay_is_recorded_once_with_the_marker_as_actor(officer, trainer, course):
    quiz = QuizFactory(title="Explain", pass_mark=50)
    essay(quiz, content="Explain consular notification.")
    attempt = take(officer, quiz)
    assert attempt.status == attempt.Status.AWAITING_MARKING
    answer = attempt.answers.get()

    quiz_services.mark_essay(answer, trainer, score=1, comment="Clear.")

    submitted = the_entry(actions.ATTEMPT_SUBMIT)
    assert submitted.details["status"] == "awaiting_marking"
    entry = the_entry(actions.ATTEMPT_MARK)
    assert (entry.actor_id, entry.subject_id) == (trainer.pk, officer.pk)
    assert entry.details["question_id"] == answer.question_id
    assert entry.details["awarded_score"] == "1.00"
    assert entry.details["status"] == "passed"
    assert entry.details["decided"] is True


def test_issuing_and_revoking_a_certificate_are_recorded_once_each(
    officer, training_admin, course, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("certificates.tasks.enqueue_render", lambda pk: None)
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    with django_capture_on_commit_callbacks(execute=True):  # course_completed issues it
        for module in course.modules():
            completion = course_services.complete_module(enrolment, module)
    certificate = issue_certificate(completion)  # again: the same certificate

    issued = the_entry(actions.CERTIFICATE_ISSUE)
    assert (issued.actor_id, issued.subject_id) == (None, officer.pk)
    assert issued.details["number"] == certificate.number
    assert issued.details["certificate_id"] == certificate.pk

    revoke_certificate(certificate, user=training_admin, reason="Issued in error.")

    revoked = the_entry(actions.CERTIFICATE_REVOKE)
    assert (revoked.actor_id, revoked.subject_id) == (training_admin.pk, officer.pk)
    assert revoked.details["reason"] == "Issued in error."
    assert revoked.details["number"] == certificate.number
    certificate.refresh_from_db()
    assert revoked.occurred_at == certificate.revoked_at
    assert the_entry(actions.CERTIFICATE_ISSUE) == issued


def test_a_whole_journey_makes_one_verifiable_chain_in_event_order(
    officer, course, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("certificates.tasks.enqueue_render", lambda pk: None)
    enrolment = course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    with django_capture_on_commit_callbacks(execute=True):
        for module in course.modules():
            course_services.complete_module(enrolment, module)

    assert list(LedgerEntry.objects.order_by("sequence").values_list("action", flat=True)) == [
        actions.ENROL,
        actions.MODULE_COMPLETE,
        actions.MODULE_COMPLETE,
        actions.COURSE_COMPLETE,
        actions.CERTIFICATE_ISSUE,
    ]
    verdict = verify_chain(LedgerEntry.objects.order_by("sequence"))
    assert verdict.ok and verdict.count == 5
