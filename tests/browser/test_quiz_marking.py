"""A trainer marks an officer's essay in the Wagtail admin; the officer then sees the result."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.conftest import PASSWORD
from tests.quizzes.factories import QuizFactory, essay, multiple_choice, take_quiz

from .support import DESKTOP, log_in, new_page, save_screenshot

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Describe how you tell an arrested worker of his right to consular assistance."
ESSAY = "I tell him in a language he understands, without delay, and call the consulate if he asks."
COMMENT = "Clear and complete: you named the language and the timing."


@pytest.fixture
def attempt_awaiting_marking(officer):
    """The officer's handed-in attempt: one multiple-choice question right, one essay."""
    quiz = QuizFactory(title="Consular notification", pass_mark=100)
    multiple_choice(
        quiz,
        content="Who must be told of the arrest, at the worker's request?",
        correct=("The consular post of his State of origin",),
        wrong=("His employer", "Nobody"),
    )
    essay(quiz, content=QUESTION)
    attempt = take_quiz(officer, quiz, essay_text=ESSAY)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    return attempt


def test_a_trainer_marks_an_essay_and_the_officer_then_sees_the_attempt_passed(
    browser, live_server, trainer, officer, attempt_awaiting_marking
):
    attempt = attempt_awaiting_marking
    admin = new_page(browser, DESKTOP)

    admin.goto(f"{live_server.url}/admin/login/")
    admin.get_by_label("Username").fill(trainer.username)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin).to_have_url(f"{live_server.url}/admin/")

    admin.get_by_role("link", name="Essays to mark").click()
    expect(admin.get_by_role("heading", name="Essays to mark", level=1)).to_be_visible()
    row = admin.get_by_role("row").filter(has_text=QUESTION)
    expect(row).to_contain_text(attempt.user_name)
    expect(row).to_contain_text("Consular notification")
    row.get_by_role("link", name=QUESTION).click()

    expect(admin.get_by_role("heading", name="Mark an essay", level=1)).to_be_visible()
    expect(admin.locator("blockquote")).to_contain_text(ESSAY)
    admin.get_by_label("Score").fill("1")
    admin.get_by_label("Comment for the officer").fill(COMMENT)
    # The admin scrolls inside its own layout, so a full-page shot would stop at the fold:
    # bring the form into view instead.
    admin.get_by_label("Comment for the officer").scroll_into_view_if_needed()
    save_screenshot(admin, "trainer-mark-essay")
    admin.get_by_role("button", name="Save the mark").click()

    expect(admin.get_by_role("heading", name="Essays to mark", level=1)).to_be_visible()
    expect(admin.get_by_role("status")).to_contain_text(
        "Essay marked. The attempt is decided (passed)"
    )
    expect(admin.get_by_role("row").filter(has_text=QUESTION)).to_have_count(0)
    # Wagtail's message slides in: let the transition finish before the shot.
    save_screenshot(admin, "trainer-essay-marked", animations="disabled")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED
    assert [message.to for message in mail.outbox] == [[officer.email]]

    learner = new_page(browser, DESKTOP)
    log_in(learner, live_server.url, officer)
    learner.goto(f"{live_server.url}/quizzes/{attempt.quiz.slug}/")
    learner.get_by_role("link", name="See the result of your last attempt").click()
    expect(learner.get_by_role("heading", name="Your result: attempt 1", level=1)).to_be_visible()
    status = learner.locator(".quiz-status")
    expect(status).to_have_class("quiz-status quiz-status--passed")
    expect(status).to_have_text("Passed")
    expect(learner.locator(".quiz-facts")).to_contain_text("2 of 2")
    essay_review = learner.locator(".quiz-question").filter(has_text=QUESTION)
    expect(essay_review).to_contain_text("Score: 1 of 1.")
    expect(essay_review).to_contain_text(COMMENT)
    save_screenshot(learner, "officer-marked-result", full_page=True)
