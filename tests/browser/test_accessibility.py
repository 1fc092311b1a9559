"""axe-core, injected by Playwright, finds no serious or critical WCAG 2.2 A/AA violation.

axe-core comes from npm (``package.json`` at the repository root; ``npm ci`` installs it in
``node_modules/``). Without it the tests skip with the reason, or fail where
``REQUIRE_SYSTEM_TOOLS=1`` is set, as in CI. The pages: the home page, a module (with a case
study and a key standard), a quiz question, the quiz result, the certificate verification page;
and the auditor's compliance pages in the Wagtail admin: the dashboard at the top of the
jurisdiction and drilled down to a unit, a unit's officers and an officer's transcript; each on a
phone and on a desktop. A first test shows that the harness does find violations. The last test
checks that the public pages need no horizontal scrolling at 320 px, the narrowest width WCAG
1.4.10 (reflow) asks for.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from compliance.jurisdiction import Jurisdiction
from tests import system_tools
from tests.certificates.conftest import complete
from tests.compliance.assignment_helpers import assign, complete_with_certificate
from tests.conftest import PASSWORD
from tests.courses.factories import build_course
from tests.factories import OfficerProfileFactory
from tests.quizzes.factories import QuizFactory, take_quiz, true_false

from . import test_quiz_officer
from .support import DESKTOP, PHONE, log_in, new_page
from .test_quiz_officer import QUESTIONS, hand_in, next_question

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores what data migrations
    # created (the home page, the role groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: The quiz journey's course: two modules with a case study and a key standard each, the second
#: with a required quiz of three questions; the officer is enrolled.
course_with_quiz = test_quiz_officer.course_with_quiz

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
NO_AXE = "needs axe-core from npm: run `npm ci --no-audit --no-fund` at the repository root"
#: The WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
NARROW = {"width": 320, "height": 640}

#: What axe reports in the Wagtail admin's own chrome (menu, header, listing controls) that this
#: project cannot fix in its own templates, as {rule id: selectors of the nodes it may flag}; any
#: other node, or any other rule, still fails. Empty: with Wagtail 7.4 and axe-core 4.14 the
#: compliance pages have no serious or critical violation. Should an upgrade bring one, add it
#: here with the reason, and report it upstream.
ADMIN_EXCEPTIONS = {}


#: Skip before any fixture runs (as conftest.py does without Chromium), so that a skipped test
#: creates no test database; where REQUIRE_SYSTEM_TOOLS is set, ``axe_script`` fails instead.
needs_axe = pytest.mark.skipif(not AXE.is_file() and not system_tools.required(), reason=NO_AXE)


@pytest.fixture
def axe_script():
    """The path of axe.min.js; fail when npm has not installed it and CI requires it."""
    if not AXE.is_file():
        pytest.fail(f"REQUIRE_SYSTEM_TOOLS is set but this test {NO_AXE}.", pytrace=False)
    return AXE


def axe_violations(page, axe_script, exceptions=None):
    """Run axe on the page as it is now; its serious and critical violations, minus exceptions."""
    # Evaluated, not added as a <script>: the site's content security policy blocks inline scripts.
    page.evaluate(axe_script.read_text())
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        WCAG_TAGS,
    )
    blocking = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        allowed = (exceptions or {}).get(violation["id"], ())
        nodes = [
            node for node in violation["nodes"] if not any(t in allowed for t in node["target"])
        ]
        if nodes:
            blocking.append({**violation, "nodes": nodes})
    return blocking


def describe(name, violations):
    lines = [f"{name}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"      {json.dumps(node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.fixture
def certificate(officer):
    """A valid certificate: the officer completed a one-module course."""
    complete(officer, build_course(modules=1, slug="rights"))
    return Certificate.objects.get(user=officer)


def take_the_quiz(page):
    """From the module to the result, answering every question right."""
    page.get_by_role("link", name="Go to the quiz").click()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Question 1 of 3", level=1)).to_be_visible()
    yield "a quiz question"
    for number, (_content, right_label, _wrong) in enumerate(QUESTIONS, start=1):
        expect(page.get_by_role("heading", name=f"Question {number} of 3")).to_be_visible()
        page.get_by_role("radio", name=right_label, exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        expect(page.locator(".quiz-verdict")).to_have_text("Correct.")
        if number == 1:
            yield "a quiz question's feedback"
        next_question(page, number)
    hand_in(page)
    expect(page.get_by_role("heading", name="Your result: attempt 1", level=1)).to_be_visible()
    yield "the quiz result"


def officer_pages(page, live_server, officer, course, certificate):
    """Visit each public page the officer uses; yield its name while the page is shown."""
    page.goto(live_server.url + "/")
    yield "the home page"
    log_in(page, live_server.url, officer)
    module = course.modules().last()
    page.goto(live_server.url + module.url)
    expect(page.get_by_role("heading", name=module.title, level=1)).to_be_visible()
    expect(page.locator(".case-study")).to_be_visible()
    expect(page.locator(".key-standard")).to_be_visible()
    yield "a module"
    case_study = page.locator(".case-study")
    case_study.get_by_role("radio").last.check()
    case_study.get_by_role("button", name="See the discussion").click()
    expect(page.locator(".case-study__discussion")).to_be_visible()
    yield "a module, its case study discussed"
    page.goto(live_server.url + module.url)
    yield from take_the_quiz(page)
    page.goto(
        live_server.url + reverse("certificates:verify", args=[certificate.verification_code])
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(certificate.number)
    expect(page.locator(".certificate-status")).to_contain_text("Valid")
    yield "the certificate verification page"


@needs_axe
def test_axe_reports_what_it_is_meant_to_find(browser, axe_script):
    """The harness itself: an unlabelled field and an image without a text alternative."""
    page = new_page(browser, PHONE)
    page.set_content(
        '<html lang="en"><title>Broken</title><main><img src="x.png">'
        '<input type="text"></main></html>'
    )
    found = {violation["id"] for violation in axe_violations(page, axe_script)}
    assert {"image-alt", "label"} <= found


@needs_axe
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_violation_on_the_officer_pages(
    browser, live_server, officer, course_with_quiz, certificate, axe_script, viewport
):
    course, _module, _quiz = course_with_quiz
    failures = []
    page = new_page(browser, viewport)
    for name in officer_pages(page, live_server, officer, course, certificate):
        violations = axe_violations(page, axe_script)
        if violations:
            failures.append(describe(name, violations))
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


@pytest.fixture
def jurisdiction(auditor, org_tree):
    """The auditor oversees the North region; its two stations' officers are assigned a course:
    one holds the certificate, one is overdue, and both answered quiz questions that cite a
    legal norm (one right, one wrong), so that every table and chart of the pages has rows."""
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    today = timezone.localdate()
    course = build_course(modules=1, slug="duties")
    certified = OfficerProfileFactory(
        unit=org_tree["north_1"], user__first_name="Nadia", user__last_name="Northone"
    ).user
    overdue = OfficerProfileFactory(
        unit=org_tree["north_2"], user__first_name="Noel", user__last_name="Northtwo"
    ).user
    assign(course, org_tree["north"], due_on=today - timedelta(3), starts_on=today - timedelta(30))
    complete_with_certificate(certified, course)
    quiz = QuizFactory(title="Custody")
    true_false(quiz, answer=True, cites_instrument="ICRMW", cites_article="art. 16")
    take_quiz(certified, quiz, correct=True)
    take_quiz(overdue, quiz, correct=False)
    return {"region": org_tree["north"], "officer": certified}


def admin_log_in(page, base_url, user):
    """Sign in through the Wagtail admin's login form; it lands on the admin home."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/admin/")


def auditor_pages(page, live_server, auditor, region, officer):
    """Visit each compliance page, from the dashboard down to a transcript; yield its name."""
    admin_log_in(page, live_server.url, auditor)
    heading = page.get_by_role("heading", level=1)
    page.goto(live_server.url + reverse("compliance_dashboard"))
    expect(heading).to_contain_text("Compliance dashboard")
    expect(page.get_by_role("link", name=region.name, exact=True)).to_be_visible()
    yield "the compliance dashboard"
    page.get_by_role("link", name="Proficiency by legal norm").click()
    expect(heading).to_contain_text("Proficiency by legal norm")
    expect(page.get_by_role("rowheader", name="ICRMW, art. 16")).to_be_visible()
    yield "proficiency by legal norm"
    page.go_back()
    page.get_by_role("link", name=region.name, exact=True).click()
    officers = page.get_by_role("link", name=f"Officers of {region.name}")
    expect(officers).to_be_visible()
    yield "the compliance dashboard, drilled down to a region"
    officers.click()
    expect(heading).to_contain_text(f"Officers of {region.name}")
    yield "the officers of a region"
    page.get_by_role("link", name=officer.get_full_name()).click()
    expect(heading).to_contain_text(officer.get_full_name())
    yield "an officer's transcript"


@needs_axe
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_violation_on_the_auditor_pages(
    browser, live_server, auditor, jurisdiction, axe_script, viewport
):
    failures = []
    page = new_page(browser, viewport)
    pages = auditor_pages(
        page, live_server, auditor, jurisdiction["region"], jurisdiction["officer"]
    )
    for name in pages:
        violations = axe_violations(page, axe_script, ADMIN_EXCEPTIONS)
        if violations:
            failures.append(describe(name, violations))
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


def test_the_public_pages_need_no_horizontal_scrolling_at_320_pixels(
    browser, live_server, officer, course_with_quiz, certificate
):
    course, _module, _quiz = course_with_quiz
    too_wide = []
    page = new_page(browser, NARROW)
    for name in officer_pages(page, live_server, officer, course, certificate):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide.append(f"{name}: {width} px")
    assert not too_wide, "Pages wider than 320 px:\n" + "\n".join(too_wide)
