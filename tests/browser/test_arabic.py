"""An officer whose preferred language is Arabic studies a module on a phone, right to left."""

import os
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils.translation import trans_real
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.courses.factories import build_course
from tests.factories import OfficerProfileFactory

from .support import PHONE, new_page, save_screenshot
from .test_officer import tab_to

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ar" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session")
def arabic():
    """The Arabic catalogue as a function from an English message to its translation.

    ``make test`` compiles the catalogues first; run alone, this compiles the Arabic one (as
    ``pybabel compile`` would, leaving out fuzzy entries) when its .mo is missing or older than
    the .po, then drops the translations Django has already loaded so the new one is read.
    """
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="ar")
    compiled = CATALOGUE.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < CATALOGUE.stat().st_mtime:
        partial = compiled.with_name(f"django.mo.{os.getpid()}")
        with partial.open("wb") as mo:
            write_mo(mo, catalogue)
        partial.replace(compiled)
        trans_real._translations = {}
        trans_real._default = None

    def translate(message):
        translation = catalogue.get(message)
        assert translation is not None and translation.string, f"{message!r} is not translated"
        assert not translation.fuzzy, f"The translation of {message!r} is fuzzy"
        return translation.string

    return translate


def expect_right_to_left(page):
    """The page is in Arabic, laid out right to left, header and navigation included."""
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("body")).to_have_css("direction", "rtl")
    header = page.locator(".site-header").bounding_box()
    brand = page.locator(".site-header__brand").bounding_box()
    # The brand starts the header, at its right-hand side (the padding apart) ...
    assert header["x"] + header["width"] - (brand["x"] + brand["width"]) < 40
    assert brand["x"] > header["x"] + 40
    # ... and the navigation reads from right to left: its first link is right of the second.
    first, second = (item.bounding_box() for item in page.locator(".site-nav__list > li").all()[:2])
    assert first["x"] > second["x"] + second["width"] - 1


def test_an_officer_who_prefers_arabic_studies_a_module_right_to_left_by_keyboard(
    browser, live_server, org_tree, arabic
):
    officer = OfficerProfileFactory(
        user__username="ar-officer", unit=org_tree["north_1"], preferred_language="ar"
    ).user
    course = build_course(modules=2)
    page = new_page(browser, PHONE)

    # The login page is still in the browser's language, English; the profile's Arabic applies
    # from the moment the officer is signed in.
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    my_training = arabic("My training")
    expect(page.get_by_role("heading", name=my_training, level=1)).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name=my_training)).to_be_visible()
    expect(page).to_have_title(f"{my_training} · {arabic('Police human-rights training')}")
    expect_right_to_left(page)

    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name=arabic("Go to my training"))).to_be_visible()
    expect_right_to_left(page)

    page.goto(live_server.url + course.url)
    expect(page.get_by_role("heading", name=course.title, level=1)).to_be_visible()
    expect_right_to_left(page)
    page.get_by_role("button", name=arabic("Enrol in this course")).click()
    expect(page.get_by_role("status")).to_contain_text(
        arabic("You are enrolled. Start with the first module.")
    )
    page.get_by_role("link", name=arabic("Start the first module")).click()

    expect(page.get_by_role("heading", name="Module 1", level=1)).to_be_visible()
    position = arabic("Module %(number)s of %(count)s") % {"number": 1, "count": 2}
    expect(page.get_by_text(position)).to_be_visible()
    expect_right_to_left(page)
    expect(page.locator(".case-study__label")).to_have_text(arabic("Case study"))

    # The case study by keyboard alone, as in English: Tab into the radio group, Space, arrow to
    # the second option, Tab to the button, Enter.
    tab_to(page, "radio")
    first, second = page.get_by_role("radio").all()
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    expect(second).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=arabic("See the discussion"))).to_be_focused()
    page.keyboard.press("Enter")

    discussion = page.locator(".case-study__discussion")
    expect(discussion.get_by_role("heading", name=arabic("Discussion"))).to_be_visible()
    chosen = discussion.locator(".discussion--chosen")
    expect(chosen).to_contain_text("Explain the check in a language he understands")
    expect(chosen).to_contain_text(arabic("Your choice"))
    # Mirrored: the chosen option's radio sits right of its label.
    radio = page.get_by_role("radio", name="Explain the check").bounding_box()
    label = page.locator("label", has_text="Explain the check").bounding_box()
    assert radio["x"] > label["x"]
    save_screenshot(page, "officer-module-arabic", full_page=True)
