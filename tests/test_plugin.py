"""The apps are a plugin: they never import the host site and work in a bare Wagtail site."""

import ast

import pytest

from .subprocess_env import PROJECT_ROOT, run_python

PLUGIN_APPS = ["courses", "quizzes", "certificates", "compliance"]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_app_never_imports_the_host_site(app):
    offending = [
        f"{path.relative_to(PROJECT_ROOT)}: {module}"
        for path in (PROJECT_ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if module == "training" or module.startswith("training.")
    ]
    assert offending == []


def test_apps_work_installed_in_a_bare_wagtail_site():
    """Runs tests/plugin_site (files named check_*.py) under its own minimal settings."""
    result = run_python(
        "-m",
        "pytest",
        "tests/plugin_site",
        "--ds=tests.plugin_site.settings",
        "-o",
        "python_files=check_*.py",
        "-p",
        "no:cacheprovider",
        "-q",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
