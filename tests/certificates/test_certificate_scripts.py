"""Certificates in Arabic, Chinese and Russian read back from the PDF in reading order.

A PDF keeps glyphs, not text: the words come back only if each glyph carries its text, and in
the right order only if the layout follows the script. Arabic must come back in logical order,
unshaped (shaping is for display, so presentation forms in the text mean the shaping leaked).
"""

import re

import pytest
from django.utils import translation

from .conftest import complete, officer_with
from .pdf_tools import pdf_text, read_pdf

#: The certificate's phrases, top to bottom.
PHRASES = ["Certificate of completion", "This certifies that", "has completed the course"]

#: Arabic presentation forms A and B: glyph variants a shaper picks, never logical text.
ARABIC_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

SCRIPTS = [
    ("ar", "سارة", "حداد"),
    ("zh-hans", "美玲", "陈"),
    ("ru", "Ольга", "Петрова"),
]


#: Directional embeddings pdftotext adds around right-to-left runs.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Arabic vowel marks (harakat, shadda). Each is a glyph of its own, stacked on its letter, and
#: pdftotext orders glyphs by position, so a mark may come out beside its letter rather than
#: after it; the letters themselves must come out in reading order.
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")


def normalised(text):
    """Words in reading order, without layout spacing, direction controls or vowel marks."""
    text = ARABIC_MARKS.sub("", BIDI_CONTROLS.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("language", "first_name", "last_name"), SCRIPTS)
def test_the_certificate_text_reads_back_in_order(
    org_tree, course, issue, language, first_name, last_name
):
    user = officer_with(
        org_tree["north_1"],
        f"{language}-officer",
        preferred_language=language,
        user__first_name=first_name,
        user__last_name=last_name,
    )
    certificate = issue(complete(user, course))
    with translation.override(language):
        phrases = [translation.gettext(phrase) for phrase in PHRASES]
    assert phrases != PHRASES, f"no {language} translation to check against"
    title, certifies, completed = phrases
    holder = certificate.holder_name
    assert first_name in holder

    extracted = pdf_text(read_pdf(certificate))
    assert not ARABIC_PRESENTATION_FORMS.search(extracted)
    text = normalised(extracted)
    parts = [normalised(part) for part in (title, certifies, holder, completed)]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, text
    assert positions == sorted(positions), text
