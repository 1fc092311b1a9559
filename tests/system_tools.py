"""Tests that need a program from the operating system skip without it, except in CI.

On a user's machine a missing tool (Chromium, pdftotext, zbarimg) skips the tests that need it,
with the Debian package to install. CI sets ``REQUIRE_SYSTEM_TOOLS=1``, which turns that skip
into a failure, so no such test is ever skipped there unnoticed.
"""

import os
import shutil

import pytest


def required():
    return os.environ.get("REQUIRE_SYSTEM_TOOLS", "").strip().lower() in {"1", "true", "yes"}


def require_tool(executable, debian_package):
    """The path of ``executable``; skip (or fail in CI) when it is not installed."""
    path = shutil.which(executable)
    if path is None:
        reason = f"needs {executable} (Debian package {debian_package})"
        if required():
            pytest.fail(f"REQUIRE_SYSTEM_TOOLS is set but this test {reason}.", pytrace=False)
        pytest.skip(reason)
    return path
