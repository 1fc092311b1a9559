"""Helpers shared by the browser journeys."""

import os
import shutil
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import PASSWORD

#: Flags for a headless browser in a container: no sandbox (CI runs as root), no GPU, and none of
#: the background traffic (updates, sync, first-run pages) a machine without internet stalls on.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: Playwright's wait for actions and expect(), in milliseconds: generous for a slow CI machine,
#: short enough that a broken journey fails well inside a test's 30-second budget.
TIMEOUT_MS = 10_000


def truthy(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def chromium_executable():
    """The browser to drive: ``BROWSER_EXECUTABLE`` if set, else ``chromium`` on ``PATH``."""
    return shutil.which(os.environ.get("BROWSER_EXECUTABLE") or "chromium")


def new_page(browser, viewport):
    """A page in a fresh context (its own cookies), so two users can be signed in at once."""
    context = browser.new_context(viewport=viewport, locale="en")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def log_in(page, base_url, user):
    """Log in through the site's public login form; it lands on My training."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()


def save_screenshot(page, name, **options):
    """Write docs/screenshots/NAME.png, only when SAVE_SCREENSHOTS=1 (normal runs write nothing)."""
    if truthy("SAVE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", **options)
