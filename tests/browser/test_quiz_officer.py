"""On a phone, an officer fails a module's required quiz, retakes it, passes: module done."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses import services
from courses.models import Enrolment
from quizzes.models import Attempt
from tests.courses.factories import add_quiz_to_module, build_course
from tests.quizzes.factories import (
    QuizFactory,
    multiple_choice,
    translate_question,
    translate_quiz,
    true_false,
)

from .support import PHONE, log_in, new_page, save_screenshot
from .test_officer import tab_to

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUCCESS_TEXT = "Well done: you know the rights of a migrant worker in custody."
FAIL_TEXT = "Read the module again, then retake the quiz."

#: Each question's content, its correct answer and a wrong one, as their labels read.
QUESTIONS = [
    (
        "Who must be told, at his request, when a migrant worker is arrested?",
        "The consular post of his State of origin",
        "His employer",
    ),
    ("An officer may keep a migrant worker's passport as a guarantee.", "False", "True"),
    (
        "In which language must the reasons for an arrest be given?",
        "A language the worker understands",
        "The official language only",
    ),
]


@pytest.fixture
def course_with_quiz(officer):
    """A two-module course whose second module requires a quiz; the officer is enrolled."""
    course = build_course(modules=2, slug="custody")
    quiz = QuizFactory(
        title="Custody of migrant workers",
        pass_mark=100,
        max_attempts=2,
        success_text=SUCCESS_TEXT,
        fail_text=FAIL_TEXT,
    )
    first, second, third = QUESTIONS
    multiple_choice(quiz, content=first[0], correct=(first[1],), wrong=(first[2], "Nobody"))
    true_false(quiz, answer=False, content=second[0])
    multiple_choice(quiz, content=third[0], correct=(third[1],), wrong=(third[2],))
    module = add_quiz_to_module(course.modules().last(), quiz)
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    return course, module, quiz


def answer_question(page, number, label):
    """Choose ``label`` on question ``number``, submit it and see the feedback."""
    expect(page.get_by_role("heading", name=f"Question {number} of 3", level=1)).to_be_visible()
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".quiz-verdict")).to_be_visible()


def next_question(page, number):
    """Leave the feedback of question ``number`` for the next one, or the hand-in page."""
    name = "Hand in the quiz" if number == len(QUESTIONS) else "Next question"
    page.get_by_role("link", name=name, exact=True).click()


def hand_in(page):
    expect(page.get_by_role("heading", name="Hand in the quiz", level=1)).to_be_visible()
    expect(page.get_by_text("You have answered 3 of 3 questions.")).to_be_visible()
    page.get_by_role("button", name="Hand in and see your result").click()


def test_an_officer_fails_the_required_quiz_retakes_it_passes_and_completes_the_module(
    browser, live_server, officer, course_with_quiz
):
    course, module, quiz = course_with_quiz
    page = new_page(browser, PHONE)
    log_in(page, live_server.url, officer)

    page.get_by_role("link", name=course.title, exact=True).click()
    page.get_by_role("link", name=module.title, exact=True).click()
    expect(page.get_by_role("heading", name=module.title, level=1)).to_be_visible()
    expect(page.get_by_text("Required quiz")).to_be_visible()
    expect(page.get_by_text("You have completed this module.")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark this module as completed")).to_have_count(0)
    page.get_by_role("link", name="Go to the quiz").click()

    # The start page: what the quiz asks, and a way back to the module.
    expect(page.get_by_role("heading", name=quiz.title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Back to the module")).to_be_visible()
    expect(page.locator(".quiz-facts")).to_contain_text("0 of 2 used")
    page.get_by_role("button", name="Start").click()

    # First attempt, wrong throughout. Question 1 by keyboard only: Tab into the radio group,
    # arrow from the first option (right) to the second (wrong), Tab to the button, Enter.
    expect(page.get_by_role("heading", name="Question 1 of 3", level=1)).to_be_visible()
    tab_to(page, "radio")
    right = page.get_by_role("radio", name=QUESTIONS[0][1])
    wrong = page.get_by_role("radio", name=QUESTIONS[0][2])
    expect(right).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(wrong).to_be_focused()
    expect(wrong).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit answer")).to_be_focused()
    page.keyboard.press("Enter")
    verdict = page.locator(".quiz-verdict")
    expect(verdict).to_have_text("Incorrect.")
    chosen = page.locator(".quiz-option--chosen")
    expect(chosen).to_contain_text(QUESTIONS[0][2])
    expect(chosen).to_contain_text("Your answer")
    expect(page.locator(".quiz-option--right")).to_contain_text(QUESTIONS[0][1])
    expect(page.locator(".quiz-cite")).to_contain_text("ICRMW, art. 16")
    next_question(page, 1)
    for number, (_content, _right, wrong_label) in enumerate(QUESTIONS[1:], start=2):
        answer_question(page, number, wrong_label)
        expect(verdict).to_have_text("Incorrect.")
        next_question(page, number)
    hand_in(page)

    expect(page.get_by_role("heading", name="Your result: attempt 1", level=1)).to_be_visible()
    status = page.locator(".quiz-status")
    expect(status).to_have_class("quiz-status quiz-status--failed")
    expect(status).to_have_text("Not passed")
    expect(page.locator(".quiz-facts")).to_contain_text("0 of 3")
    expect(page.locator(".quiz-result-text")).to_have_text(FAIL_TEXT)
    save_screenshot(page, "officer-quiz-failed", full_page=True)

    # Back to the quiz, and a second attempt, right throughout.
    page.get_by_role("link", name="Back to the quiz").click()
    expect(page.locator(".quiz-facts")).to_contain_text("1 of 2 used")
    page.get_by_role("button", name="Start").click()
    for number, (_content, right_label, _wrong) in enumerate(QUESTIONS, start=1):
        answer_question(page, number, right_label)
        expect(verdict).to_have_text("Correct.")
        next_question(page, number)
    hand_in(page)

    expect(page.get_by_role("heading", name="Your result: attempt 2", level=1)).to_be_visible()
    expect(status).to_have_class("quiz-status quiz-status--passed")
    expect(status).to_have_text("Passed")
    expect(page.locator(".quiz-facts")).to_contain_text("3 of 3")
    expect(page.locator(".quiz-result-text")).to_have_text(SUCCESS_TEXT)
    expect(page.get_by_text(FAIL_TEXT)).to_have_count(0)
    save_screenshot(page, "officer-quiz-result", full_page=True)

    # Passing the required quiz completed the module.
    page.get_by_role("link", name="Back to the module").click()
    expect(page.get_by_role("heading", name=module.title, level=1)).to_be_visible()
    expect(page.get_by_text("You have completed this module.")).to_be_visible()

    page.get_by_role("link", name="My training").click()
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
    card = page.locator(".card").filter(has_text=course.title)
    expect(card).to_contain_text("1 of 2 required modules completed")
    expect(card.get_by_role("progressbar")).to_have_attribute("value", "50")
    save_screenshot(page, "officer-my-training-after-quiz", full_page=True)


def test_an_officer_takes_a_translated_quiz_in_french_then_spanish_in_one_attempt(
    browser, live_server, officer
):
    quiz = QuizFactory(title="Custody of migrant workers", pass_mark=100)
    first, second, _third = QUESTIONS
    who = multiple_choice(quiz, content=first[0], correct=(first[1],), wrong=(first[2],))
    passport = true_false(quiz, answer=False, content=second[0])
    translate_quiz(quiz, "fr", title="La garde des travailleurs migrants")
    translate_question(
        who,
        "fr",
        content="Qui faut-il prévenir, à sa demande, de l'arrestation d'un travailleur migrant ?",
        answers=("Le poste consulaire de son État d'origine", "Son employeur"),
    )
    translate_question(passport, "es", content="Un agente puede retener el pasaporte.")

    page = new_page(browser, PHONE)
    log_in(page, live_server.url, officer)
    language = {"name": settings.LANGUAGE_COOKIE_NAME, "url": live_server.url}
    page.context.add_cookies([{**language, "value": "fr"}])
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("La garde des travailleurs migrants")
    page.get_by_role("button", name="Commencer").click()

    expect(page.locator("legend")).to_contain_text("Qui faut-il prévenir")
    page.get_by_role("radio", name="Le poste consulaire de son État d'origine").check()
    page.locator("form.quiz-form button[type=submit]").click()
    expect(page.locator(".quiz-verdict--right")).to_be_visible()

    # Spanish from now on: the same attempt, the next question in Spanish.
    page.context.add_cookies([{**language, "value": "es"}])
    attempt = Attempt.objects.get(user=officer)
    page.goto(f"{live_server.url}/quizzes/attempts/{attempt.pk}/questions/2/")
    expect(page.locator("legend")).to_have_text("Un agente puede retener el pasaporte.")
    page.locator("input[type=radio][value=false]").check()
    page.locator("form.quiz-form button[type=submit]").click()
    expect(page.locator(".quiz-verdict--right")).to_be_visible()
    save_screenshot(page, "officer-quiz-translated", full_page=True)

    assert Attempt.objects.filter(user=officer).count() == 1
    assert set(attempt.answers.values_list("is_correct", flat=True)) == {True}
