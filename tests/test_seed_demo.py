import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from compliance import roles
from compliance.models import OfficerProfile, OrgUnit


def seed(monkeypatch, *args, password="demo passphrase 2026"):
    if password is None:
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("DEMO_PASSWORD", password)
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    User = get_user_model()
    return {
        "units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "profiles": OfficerProfile.objects.count(),
        "memberships": User.groups.through.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_service(monkeypatch):
    seed(monkeypatch)
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).count() == 1
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).count() == 3
    stations = OrgUnit.objects.filter(kind=OrgUnit.Kind.STATION)
    assert stations.count() == 12
    assert all(station.depth == 3 for station in stations)
    officers = get_user_model().objects.filter(groups__name=roles.OFFICER)
    assert officers.count() >= 61
    assert OfficerProfile.objects.values("unit").distinct().count() == 12
    User = get_user_model()
    assert User.objects.get(username="trainer").groups.get().name == roles.TRAINER
    assert User.objects.get(username="auditor").groups.get().name == roles.AUDITOR
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_seed_demo_run_twice_creates_nothing_twice(monkeypatch):
    seed(monkeypatch)
    first = snapshot()
    output = seed(monkeypatch)
    assert snapshot() == first
    assert "nothing was created" in output


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officer", "trainer", "auditor", "admin", "officer64"])
def test_every_demo_account_logs_in_with_demo_password(monkeypatch, client, username):
    seed(monkeypatch, password="chosen demo passphrase")
    assert client.login(username=username, password="chosen demo passphrase")


@pytest.mark.django_db
def test_generated_password_is_printed_once_and_works(monkeypatch, client):
    output = seed(monkeypatch, password=None)
    password = re.search(r"\(shown once\): (\S+)", output).group(1)
    assert len(password) >= 12
    assert client.login(username="officer", password=password)
    assert "shown once" not in seed(monkeypatch, password=None)


@pytest.mark.django_db
def test_reset_passwords_gives_every_demo_account_the_new_password(monkeypatch, client):
    seed(monkeypatch, password="first passphrase here")
    seed(monkeypatch, "--reset-passwords", password="second passphrase here")
    assert client.login(username="auditor", password="second passphrase here")
