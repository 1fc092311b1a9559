"""The five translations are complete, and every string in the code is in them."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

from .system_tools import require_tool

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]


def catalogue(locale_dir, language):
    with open(locale_dir / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    messages = [m for m in catalogue(PROJECT_ROOT / "locale", language) if m.id]
    assert messages
    assert [m.id for m in messages if not translated(m)] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_makemessages_finds_no_string_missing_from_the_catalogues(tmp_path, settings, monkeypatch):
    """Extracts the strings from a copy of the code, so the real catalogues are never touched."""
    require_tool("xgettext", "gettext")
    sources = tmp_path / "sources"
    shutil.copytree(
        PROJECT_ROOT,
        sources,
        ignore=shutil.ignore_patterns(
            ".*", "locale", "docs", "media", "static", "node_modules", "__pycache__"
        ),
    )
    settings.LOCALE_PATHS = [tmp_path / "extracted"]
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["fr"], verbosity=0)
    in_code = {m.id for m in catalogue(tmp_path / "extracted", "fr") if m.id}
    assert "My training" in in_code
    for language in LANGUAGES:
        in_catalogue = {m.id for m in catalogue(PROJECT_ROOT / "locale", language) if m.id}
        assert sorted(in_code - in_catalogue, key=str) == [], language
