"""A trainer adds and publishes a module in the Wagtail admin; an enrolled officer then sees it."""

import re

import pytest
from playwright.sync_api import expect

from courses import services
from courses.models import Enrolment, ModulePage
from tests.conftest import PASSWORD
from tests.courses.factories import build_course

from .support import DESKTOP, PHONE, log_in, new_page, save_screenshot

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Identity checks and documents"
TEXT = "Never keep a worker's passport: inspect it, note what you need and hand it back."


def explore(page, title):
    page.get_by_role("link", name=f"Explore child pages of '{title}'").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def test_a_trainer_publishes_a_new_module_that_an_enrolled_officer_then_sees(
    browser, live_server, trainer, officer
):
    course = build_course(modules=2)
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    admin = new_page(browser, DESKTOP)

    admin.goto(f"{live_server.url}/admin/login/")
    admin.get_by_label("Username").fill(trainer.username)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin).to_have_url(f"{live_server.url}/admin/")

    admin.goto(f"{live_server.url}/admin/pages/")
    explore(admin, "Human-rights training for police")
    explore(admin, "Courses")
    explore(admin, course.title)
    admin.get_by_role("link", name="Add child page").first.click()

    admin.get_by_label(re.compile(r"^Title")).fill(TITLE)
    body = admin.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").first.click()
    admin.get_by_role("option", name="Text").click()
    editor = body.locator(".public-DraftEditor-content")
    editor.click()
    admin.keyboard.type(TEXT)
    expect(editor).to_contain_text(TEXT)
    # Draftail writes its state to the block's hidden input a moment after the last keystroke;
    # publish only once it is there, or the page would be saved with an empty paragraph.
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile("hand it back"))
    # Typing in Draftail sometimes scrolls Wagtail's overflow-hidden <main> sideways (a quirk of
    # the admin's layout, not of this page); put it back so the screenshot shows the editor.
    admin.locator("main.content-wrapper").evaluate("main => main.scrollTo(0, 0)")
    save_screenshot(admin, "trainer-edit-module")

    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_role("status").filter(has_text=TITLE)).to_contain_text(
        f"Page '{TITLE}' created and published."
    )

    module = ModulePage.objects.get(title=TITLE)
    assert module.live
    assert module.get_parent().pk == course.pk
    assert TEXT in str(module.body[0].value)

    learner = new_page(browser, PHONE)
    log_in(learner, live_server.url, officer)
    learner.get_by_role("link", name=course.title, exact=True).click()
    outline = learner.locator(".outline")
    expect(outline.get_by_role("listitem")).to_have_count(3)
    learner.get_by_role("link", name=TITLE).click()
    expect(learner.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(learner.get_by_text("Module 3 of 3")).to_be_visible()
    expect(learner.locator(".module-body")).to_contain_text(TEXT)
