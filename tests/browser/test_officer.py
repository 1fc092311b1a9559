"""An officer studies a module on a phone: enrol, answer a case study by keyboard, complete."""

import pytest
from playwright.sync_api import expect

from tests.courses.factories import build_course

from .support import PHONE, log_in, new_page, save_screenshot

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, role, *, limit=60):
    """Press Tab until an element of ``role`` has the focus, as a keyboard user reaches it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == role:
            return
    pytest.fail(f"No {role} reached with {limit} presses of Tab.")


def test_an_officer_enrols_answers_a_case_study_by_keyboard_and_completes_a_module(
    browser, live_server, officer
):
    course = build_course(modules=3)
    course.title = "Decent treatment of migrant workers and their families"
    course.save_revision().publish()
    page = new_page(browser, PHONE)

    log_in(page, live_server.url, officer)
    expect(page.get_by_text("You have no courses yet.")).to_be_visible()

    page.goto(live_server.url + course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled.")
    page.get_by_role("link", name="Start the first module").click()

    expect(page.get_by_role("heading", name="Module 1", level=1)).to_be_visible()
    expect(page.get_by_text("Module 1 of 3")).to_be_visible()
    discussion = page.locator(".case-study__discussion")
    expect(discussion).to_have_count(0)

    # Keyboard only: Tab into the radio group, arrow to the second option, Tab to the button.
    tab_to(page, "radio")
    first, second = page.get_by_role("radio").all()
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    expect(second).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="See the discussion")).to_be_focused()
    page.keyboard.press("Enter")

    expect(discussion).to_be_visible()
    expect(discussion.get_by_role("heading", name="Discussion")).to_be_visible()
    chosen = discussion.locator(".discussion--chosen")
    expect(chosen).to_contain_text("Explain the check in a language he understands")
    expect(chosen).to_contain_text("Your choice")
    expect(chosen).to_contain_text("Best course of action")
    expect(discussion).to_contain_text("Not lawful.")
    expect(page.get_by_role("radio", name="Explain the check")).to_be_checked()
    # The CSS loaded (the live server serves static files): the chosen option is highlighted.
    expect(chosen).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    save_screenshot(page, "officer-module-case-study", full_page=True)

    page.get_by_role("button", name="Mark this module as completed").click()
    expect(page.get_by_role("heading", name="Module 2", level=1)).to_be_visible()
    expect(page.get_by_text("Module 2 of 3")).to_be_visible()

    page.get_by_role("link", name="My training").click()
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
    card = page.locator(".card").filter(has_text=course.title)
    expect(card).to_contain_text("1 of 3 required modules completed")
    expect(card.get_by_role("progressbar")).to_have_attribute("value", "33")
    expect(card.get_by_role("link", name="Resume")).to_be_visible()
    save_screenshot(page, "officer-my-training", full_page=True)
