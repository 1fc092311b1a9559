"""Refresher courses: once a certificate nears its end, the officer takes the course again in a
new enrolment, with fresh progress, fresh quiz attempts and a new certificate."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import issue_certificate
from compliance.assignments.models import OfficerAssignment
from compliance.assignments.status import Status, with_status
from compliance.assignments.sync import refresh_completions
from compliance.ledger import actions
from compliance.ledger.models import LedgerEntry
from courses import services
from courses.models import CourseCompletion, Enrolment, ModuleProgress
from quizzes import services as quiz_services
from quizzes.models import Attempt
from quizzes.scoring import model_payload
from tests.compliance.assignment_helpers import assign
from tests.quizzes.factories import QuizFactory, take_quiz, true_false

from .factories import add_quiz_to_module, build_course
from .test_queries import MAX_OFFICER_PAGE_QUERIES, count_queries

#: 700 days after completing a course valid for 24 months, its certificate ends within 90 days.
IN_THE_WINDOW = 700
#: 800 days after completing it, the certificate has expired.
EXPIRED = 800


@pytest.fixture
def course(db):
    """Two modules (valid for 24 months); the second requires a quiz of two questions."""
    course = build_course(modules=2, slug="rights")
    quiz = QuizFactory(title="Final check", pass_mark=50, max_attempts=1)
    true_false(quiz, answer=True, content="Detainees are told why they are held.")
    true_false(quiz, answer=True, content="Detainees may call a lawyer.")
    add_quiz_to_module(course.modules().last(), quiz)
    return course


def quiz_of(course):
    return QuizFactory._meta.model.objects.get(pk=course.modules().last().required_quizzes()[0])


def complete(officer, course, *, right_answers=2):
    """Study both modules and pass the quiz with ``right_answers`` of its two questions right."""
    enrolment = Enrolment.objects.current().get(user=officer, course=course)
    services.complete_module(enrolment, course.modules().first())
    attempt = quiz_services.start_attempt(officer, quiz_of(course))
    for number, question in enumerate(attempt.questions_as_asked()):
        payload = model_payload(question, correct=number < right_answers)
        quiz_services.submit_answer(attempt, officer, question["id"], payload)
    quiz_services.finish_attempt(attempt, user=officer)
    return CourseCompletion.objects.get(enrolment=enrolment)


def completed_days_ago(officer, course, days):
    """Move the officer's first cycle (enrolment, quiz attempts, completion, certificate)
    ``days`` into the past."""
    past = timezone.now() - timedelta(days=days)
    Enrolment.objects.filter(user=officer).update(enrolled_at=past - timedelta(days=1))
    Attempt.objects.filter(user=officer).update(started_at=past - timedelta(hours=1))
    CourseCompletion.objects.filter(user=officer).update(completed_at=past)
    Certificate.objects.filter(user=officer).update(
        completed_on=past.date(),
        issued_on=past.date(),
        expires_on=past.date() + timedelta(days=730),
    )


@pytest.fixture
def due_for_refresher(officer, course):
    """The officer completed the course 700 days ago and holds its certificate."""
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    issue_certificate(complete(officer, course))
    completed_days_ago(officer, course, IN_THE_WINDOW)
    return Enrolment.objects.get(user=officer, course=course)


# When a refresher may start


def test_a_refresher_is_refused_before_the_course_is_completed(officer, course):
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    with pytest.raises(services.EnrolmentRefused, match="Complete this course"):
        services.start_refresher(officer, course)
    assert Enrolment.objects.count() == 1


def test_a_refresher_is_refused_until_90_days_before_the_certificate_ends(officer, course):
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    complete(officer, course)
    with pytest.raises(services.EnrolmentRefused, match="The refresher course opens on"):
        services.start_refresher(officer, course)
    assert Enrolment.objects.get().superseded_at is None


def test_a_course_whose_certificate_never_expires_has_no_refresher(officer, course):
    course.validity_months = None
    course.save_revision().publish()
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    complete(officer, course)
    completed_days_ago(officer, course, EXPIRED)
    with pytest.raises(services.EnrolmentRefused, match="does not expire"):
        services.start_refresher(officer, course)


def test_a_refresher_supersedes_the_enrolment_and_opens_a_new_one(
    officer, course, due_for_refresher
):
    first = due_for_refresher
    Enrolment.objects.filter(pk=first.pk).update(due_on=timezone.localdate())

    refresher = services.start_refresher(officer, course)

    first.refresh_from_db()
    assert first.superseded_at == refresher.enrolled_at
    assert list(Enrolment.objects.current()) == [refresher]
    assert (refresher.source, refresher.due_on) == (first.source, first.due_on)
    assert not refresher.module_progress.exists()
    assert first.completion.certificate is not None  # earlier cycles keep their records
    assert services.enrol(officer, course, source=Enrolment.Source.SELF) == refresher
    with pytest.raises(services.EnrolmentRefused, match="Complete this course"):
        services.start_refresher(officer, course)


def test_the_ledger_records_the_new_enrolment_as_a_refresher(officer, course, due_for_refresher):
    refresher = services.start_refresher(officer, course)
    entries = LedgerEntry.objects.filter(action=actions.ENROL).order_by("pk")
    assert [entry.details.get("refresher") for entry in entries] == [None, True]
    assert entries.last().details["enrolment_id"] == refresher.pk


# The new cycle


def test_a_quiz_passed_in_the_first_cycle_does_not_complete_the_second(
    officer, course, due_for_refresher
):
    refresher = services.start_refresher(officer, course)
    first, second = course.modules()
    services.complete_module(refresher, first)

    with pytest.raises(services.CompletionRefused):
        services.complete_module(refresher, second)
    assert services.complete_course_if_done(refresher) is None
    assert not hasattr(Enrolment.objects.get(pk=refresher.pk), "completion")


def test_the_attempt_limit_starts_afresh_with_the_refresher(
    client, officer, course, due_for_refresher
):
    quiz = quiz_of(course)
    quiz_page = reverse("quizzes:start", args=[quiz.slug])
    client.force_login(officer)
    with pytest.raises(ValidationError, match="single attempt"):
        quiz_services.start_attempt(officer, quiz)

    services.start_refresher(officer, course)
    assert "0 of 1 used" in client.get(quiz_page).content.decode()
    take_quiz(officer, quiz, correct=False)
    assert "1 of 1 used" in client.get(quiz_page).content.decode()

    with pytest.raises(ValidationError, match="single attempt"):
        quiz_services.start_attempt(officer, quiz)


def test_an_attempt_left_open_before_the_refresher_is_handed_in_and_a_new_one_counts(
    officer, course, due_for_refresher
):
    quiz = quiz_of(course)
    type(quiz).objects.filter(pk=quiz.pk).update(max_attempts=None, single_attempt=False)
    left_open = quiz_services.start_attempt(officer, quiz)
    Attempt.objects.filter(pk=left_open.pk).update(started_at=timezone.now() - timedelta(1))
    refresher = services.start_refresher(officer, course)

    attempt = quiz_services.start_attempt(officer, quiz)
    left_open.refresh_from_db()

    assert attempt.pk != left_open.pk
    assert left_open.status == Attempt.Status.FAILED  # handed in unanswered
    assert left_open.submitted_at is not None
    for question in attempt.questions_as_asked():
        quiz_services.submit_answer(attempt, officer, question["id"], model_payload(question))
    quiz_services.finish_attempt(attempt, user=officer)
    services.complete_module(refresher, course.modules().first())
    assert CourseCompletion.objects.filter(enrolment=refresher).exists()


def test_completing_the_refresher_issues_a_second_certificate_with_its_own_score(
    officer, course, due_for_refresher
):
    services.start_refresher(officer, course)

    renewal = issue_certificate(complete(officer, course, right_answers=1))

    first, second = Certificate.objects.order_by("pk")
    assert second == renewal
    assert (first.score, second.score) == (100, 50)
    assert second.completion.enrolment.superseded_at is None
    assert second.expires_on > timezone.localdate()


def test_renewal_moves_the_obligation_from_expired_to_completed(officer, course, org_tree):
    assign(course, org_tree["north"])
    issue_certificate(complete(officer, course))
    completed_days_ago(officer, course, EXPIRED)
    refresh_completions(officer.pk, course.pk)

    def obligation_status():
        rows = with_status(OfficerAssignment.objects.filter(user=officer), timezone.localdate())
        return rows.get().status

    assert obligation_status() == Status.EXPIRED

    services.start_refresher(officer, course)
    assert obligation_status() == Status.EXPIRED  # until the refresher is completed
    issue_certificate(complete(officer, course))

    assert obligation_status() == Status.COMPLETED


# The officer's pages


def test_the_course_page_offers_the_refresher_within_its_window(
    client, officer, course, due_for_refresher
):
    client.force_login(officer)
    assert "Start the refresher course" in client.get(course.url).content.decode()

    response = client.post(course.url + "refresher/", follow=True)

    page = response.content.decode()
    assert "Your refresher course has started." in page
    assert "0 of 2 required modules completed" in page
    assert "Start the refresher course" not in page
    assert Enrolment.objects.current().get(user=officer).pk != due_for_refresher.pk


def test_the_course_page_does_not_offer_the_refresher_before_its_window(client, officer, course):
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    complete(officer, course)
    client.force_login(officer)
    assert "Start the refresher course" not in client.get(course.url).content.decode()

    response = client.post(course.url + "refresher/", follow=True)

    assert "The refresher course opens on" in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_the_refresher_route_answers_get_with_405(client, officer, course, due_for_refresher):
    client.force_login(officer)
    assert client.get(course.url + "refresher/").status_code == 405
    assert Enrolment.objects.count() == 1


def test_the_officer_pages_show_the_new_cycle_within_the_query_budget(
    client, officer, course, due_for_refresher
):
    services.start_refresher(officer, course)
    module = course.modules().first()
    client.force_login(officer)

    client.get(module.url)  # records the module as opened in the new cycle
    assert ModuleProgress.objects.filter(enrolment__superseded_at__isnull=True).count() == 1
    for url in (course.url, module.url, reverse("courses:my_training")):
        assert count_queries(client, url) <= MAX_OFFICER_PAGE_QUERIES
    training = client.get(reverse("courses:my_training")).content.decode()
    assert training.count("0 of 2 required modules completed") == 1
