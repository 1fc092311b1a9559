"""Without DEMO_PASSWORD, seed_demo generates a password and shows it once.

Kept apart from test_seed_demo.py, whose tests share one seeded database.
"""

import re

import pytest

from .test_seed_demo import seed


@pytest.mark.django_db
def test_generated_password_is_printed_once_and_works(client):
    output = seed(password=None)
    password = re.search(r"\(shown once\): (\S+)", output).group(1)
    assert len(password) >= 12
    assert client.login(username="officer", password=password)
