"""Guessing verification codes: every wrong code gets the very same "not found" page.

Random codes, near misses of a real one, unicode, control characters and very long codes all
answer 404 with the same body (but for the address itself and the CSRF token, which the
language switcher carries), so a response tells a guesser nothing.
"""

import re

import pytest
from django.urls import reverse
from hypothesis import assume, example, given
from hypothesis import strategies as st

from certificates.models import Certificate
from tests.certificates.conftest import complete
from tests.courses.factories import build_course

from .hostile import hostile_text

URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """Many guesses from one address: the rate limit (tested elsewhere) must not answer first."""
    settings.CERTIFICATES_VERIFY_RATE = (10**9, 600)


@pytest.fixture
def certificate(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        completion = complete(officer, build_course(modules=1, slug="rights"))
    return Certificate.objects.get(completion=completion)


def normalised(response):
    html = response.content.decode()
    html = re.sub(r'name="next" value="[^"]*"', 'name="next" value="PATH"', html)
    return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="TOKEN"', html)


@st.composite
def near_misses(draw, code):
    """The real code with one character changed, dropped, added, or its case flipped."""
    position = draw(st.integers(min_value=0, max_value=len(code) - 1))
    other = draw(st.sampled_from(URL_SAFE))
    edit = draw(st.sampled_from(["change", "drop", "add", "case", "pad"]))
    if edit == "change":
        return code[:position] + other + code[position + 1 :]
    if edit == "drop":
        return code[:position] + code[position + 1 :]
    if edit == "add":
        return code[:position] + other + code[position:]
    if edit == "case":
        return code.swapcase()
    return f" {code} "


def guesses(code):
    return st.one_of(
        near_misses(code),
        st.from_regex(rf"[{re.escape(URL_SAFE)}]{{{len(code)}}}", fullmatch=True),
        hostile_text,
        st.text(min_size=1, max_size=3000),
    )


def test_every_wrong_code_gets_the_same_not_found_page(client, certificate):
    real = certificate.verification_code
    reference = client.get(reverse("certificates:verify", args=["unknown-code"]))
    assert reference.status_code == 404

    @given(guesses(real))
    @example("\x00")
    @example(real[:-1] + "\x00")
    def check(guess):
        assume(guess != real and guess and "/" not in guess)
        response = client.get(reverse("certificates:verify", args=[guess]))
        assert response.status_code == 404
        assert normalised(response) == normalised(reference)

    check()


def test_the_code_form_answers_any_input_with_the_form_or_a_verification_address(
    client,
    certificate,
):
    @given(hostile_text)
    def check(pasted):
        response = client.get(reverse("certificates:verify_form"), {"code": pasted})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert 'name="code"' in response.content.decode()
        else:
            assert response.url.startswith(reverse("certificates:verify_form"))

    check()
