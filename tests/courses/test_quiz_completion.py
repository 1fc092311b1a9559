"""A module with a required quiz is completed by passing the quiz, and may complete the course."""

import pytest

from courses import services
from courses.models import CourseCompletion, Enrolment, ModuleProgress
from quizzes import services as quiz_services
from tests.quizzes.factories import QuizFactory, essay, multiple_choice, take_quiz, true_false

from .factories import add_quiz_to_module, build_course


@pytest.fixture
def course_with_quiz(db):
    course = build_course(modules=2, slug="quizzed")
    quiz = QuizFactory(title="Module 2 check", pass_mark=100)
    multiple_choice(quiz, content="Who must be told?")
    true_false(quiz, answer=True, content="Detainees are told in a language they understand.")
    add_quiz_to_module(course.modules().last(), quiz)
    return course, quiz


def test_a_module_with_a_required_quiz_cannot_be_marked_complete_by_hand(
    client, officer, course_with_quiz
):
    course, _quiz = course_with_quiz
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    module = course.modules().last()
    client.force_login(officer)
    response = client.post(module.url + "complete/", follow=True)
    assert "Pass the module&#x27;s quiz to complete it." in response.content.decode()
    assert not ModuleProgress.objects.filter(module=module, completed_at__isnull=False).exists()


def test_failing_the_quiz_completes_nothing(officer, course_with_quiz):
    course, quiz = course_with_quiz
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    attempt = take_quiz(officer, quiz, correct=False)
    assert attempt.status == attempt.Status.FAILED
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_passing_the_quiz_completes_the_module_and_then_the_course(officer, course_with_quiz):
    course, quiz = course_with_quiz
    enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
    services.complete_module(enrolment, course.modules().first())
    assert not CourseCompletion.objects.exists()

    attempt = take_quiz(officer, quiz)

    assert attempt.status == attempt.Status.PASSED
    progress = ModuleProgress.objects.get(module=course.modules().last())
    assert progress.completed_at is not None
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_an_essay_quiz_completes_the_module_once_a_trainer_marks_it_passed(
    officer, trainer, course_with_quiz
):
    course, _quiz = course_with_quiz
    essay_quiz = QuizFactory(title="Explain", pass_mark=50)
    essay(essay_quiz, content="Explain consular notification.")
    add_quiz_to_module(course.modules().first(), essay_quiz)
    services.enrol(officer, course, source=Enrolment.Source.SELF)

    attempt = take_quiz(officer, essay_quiz)
    assert attempt.status == attempt.Status.AWAITING_MARKING
    module = course.modules().first()
    assert not ModuleProgress.objects.filter(module=module, completed_at__isnull=False).exists()

    quiz_services.mark_essay(attempt.answers.get(), trainer, score=1, comment="Clear.")

    assert ModuleProgress.objects.get(module=module).completed_at is not None
