"""The quiz engine knows nothing of the apps that use it (STYLE.md: dependencies point one way)."""

import pytest

from ..subprocess_env import PROJECT_ROOT
from ..test_plugin import imported_modules

FORBIDDEN = ("courses", "certificates", "compliance", "training")


@pytest.mark.parametrize("app", FORBIDDEN)
def test_quizzes_never_imports(app):
    offending = [
        f"{path.relative_to(PROJECT_ROOT)}: {module}"
        for path in (PROJECT_ROOT / "quizzes").rglob("*.py")
        for module in imported_modules(path)
        if module == app or module.startswith(f"{app}.")
    ]
    assert offending == []
