"""End-to-end fixtures: Debian's Chromium driven by Playwright's sync API.

Playwright never downloads a browser here: the tests launch the ``chromium`` found on ``PATH``
(or the executable named by ``BROWSER_EXECUTABLE``). Without one they skip with the reason, so
``make test`` passes on a machine without Chromium; CI sets ``REQUIRE_SYSTEM_TOOLS=1``, which
turns that skip into a failure so the journeys can never be skipped there unnoticed.
"""

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests import system_tools

from .support import CHROMIUM_ARGS, TIMEOUT_MS, chromium_executable

NO_BROWSER = (
    "no Chromium executable found: install Debian's chromium package "
    "or set BROWSER_EXECUTABLE to a Chromium binary"
)


def require_chromium():
    """The Chromium executable; without one, skip, or fail where REQUIRE_SYSTEM_TOOLS is set."""
    executable = chromium_executable()
    if executable is None:
        if system_tools.required():
            pytest.fail(f"REQUIRE_SYSTEM_TOOLS is set but {NO_BROWSER}.", pytrace=False)
        pytest.skip(NO_BROWSER)
    return executable


def pytest_runtest_setup(item):
    """Decide before any fixture runs, so a skipped browser test creates no test database."""
    if item.get_closest_marker("browser"):
        require_chromium()


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test, closed afterwards.

    Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses
    ORM calls from a thread with a running loop (SynchronousOnlyOperation). The tests use the ORM
    while the browser is open, so DJANGO_ALLOW_ASYNC_UNSAFE switches that check off, for the
    browser tests only and only while their browser runs.
    """
    executable = require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # While an event loop runs in a thread, Django keeps that thread's database
            # connections apart from the ones it has outside the loop (asgiref's Local), so the
            # connection the test opened here is not the one pytest-django closes. Close it now,
            # or PostgreSQL refuses to drop the test database that it is still connected to.
            connections.close_all()
