"""The pure rules: status, expiry arithmetic, numbers and codes."""

from datetime import date

import pytest

from certificates.models import Certificate, effective_status, new_verification_code
from courses.dates import add_months

VALID, PENDING, REVOKED = (
    Certificate.Status.VALID,
    Certificate.Status.PENDING,
    Certificate.Status.REVOKED,
)
TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("status", "expires_on", "expected"),
    [
        (VALID, None, VALID),
        (VALID, date(2026, 6, 16), VALID),
        (VALID, TODAY, VALID),  # still valid on its expiry date
        (VALID, date(2026, 6, 14), Certificate.EXPIRED),
        (REVOKED, None, REVOKED),
        (REVOKED, date(2020, 1, 1), REVOKED),  # revoked wins over expired
        (PENDING, date(2020, 1, 1), PENDING),
    ],
)
def test_effective_status(status, expires_on, expected):
    assert effective_status(status, expires_on, TODAY) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 24, date(2028, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_verification_codes_are_url_safe_with_at_least_128_random_bits():
    codes = {new_verification_code() for _ in range(1000)}
    assert len(codes) == 1000
    for code in codes:
        assert len(code) == 32  # 24 random bytes = 192 bits, base64url without padding
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
