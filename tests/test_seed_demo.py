"""seed_demo builds a believable demo service, and running it again creates nothing twice."""

import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from compliance import roles
from compliance.models import OfficerProfile, OrgUnit
from courses.models import CourseCompletion, CoursePage, Enrolment, ModulePage, StudiedRevision
from quizzes.models import Attempt, Quiz

DEMO_PASSWORD = "demo passphrase 2026"


def seed(*args, password=DEMO_PASSWORD):
    environ = dict(os.environ)
    os.environ.pop("DEMO_PASSWORD", None)
    if password is not None:
        os.environ["DEMO_PASSWORD"] = password
    out = StringIO()
    try:
        call_command("seed_demo", *args, stdout=out)
    finally:
        os.environ.clear()
        os.environ.update(environ)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded once for this module, rolled back after its last test.

    Every test using it also asks for ``db``, so pytest-django keeps them together.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


def snapshot():
    User = get_user_model()
    return {
        "units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "profiles": OfficerProfile.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "pages": ModulePage.objects.count(),
        "quizzes": Quiz.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "attempts": Attempt.objects.count(),
        "completions": CourseCompletion.objects.count(),
    }


def test_seed_demo_builds_the_demo_service(seeded, db):
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).count() == 1
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).count() == 3
    stations = OrgUnit.objects.filter(kind=OrgUnit.Kind.STATION)
    assert stations.count() == 12
    assert all(station.depth == 3 for station in stations)
    User = get_user_model()
    assert User.objects.filter(groups__name=roles.OFFICER).count() >= 61
    assert OfficerProfile.objects.values("unit").distinct().count() == 12
    assert User.objects.get(username="trainer").groups.get().name == roles.TRAINER
    assert User.objects.get(username="auditor").groups.get().name == roles.AUDITOR
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_run_twice_creates_nothing_twice(seeded, db):
    first = snapshot()
    output = seed()
    assert snapshot() == first
    assert "nothing was created" in output
    assert "shown once" not in seed(password=None)


def test_every_demo_account_logs_in_with_the_demo_password(seeded, db, client):
    for username in ["officer", "trainer", "auditor", "admin", "officer64"]:
        assert client.login(username=username, password=DEMO_PASSWORD), username


def test_reset_passwords_gives_every_demo_account_the_new_password(seeded, db, client):
    seed("--reset-passwords", password="second passphrase here")
    assert client.login(username="auditor", password="second passphrase here")


def test_seed_demo_builds_the_course_with_quizzes_and_varied_progress(seeded, db):
    course = CoursePage.objects.get(slug="decent-treatment-of-migrant-workers")
    modules = list(course.modules())
    assert len(modules) == 6
    assert all(module.required_quizzes() for module in modules)
    final = Quiz.objects.get(slug="final-assessment")
    assert final.max_questions == 15
    assert final.questions.count() >= 30
    assert all(quiz.questions.count() >= 6 for quiz in Quiz.objects.exclude(pk=final.pk))

    statuses = set(Attempt.objects.values_list("status", flat=True))
    assert statuses == {"passed", "failed", "awaiting_marking"}
    completions = CourseCompletion.objects.filter(course=course)
    assert completions.exists()
    enrolled = Enrolment.objects.filter(course=course)
    assert enrolled.filter(module_progress__isnull=True).exists()
    assert enrolled.filter(completion__isnull=True, module_progress__completed_at__isnull=False)
    assert StudiedRevision.objects.filter(completion__in=completions).count() == (
        completions.count() * len(modules)
    )


def test_seed_demo_key_standards_cite_instrument_and_article(seeded, db):
    callouts = [
        block.value
        for module in ModulePage.objects.all()
        for block in module.body
        if block.block_type == "key_standard"
    ]
    assert len(callouts) >= 5
    assert all(callout["instrument"] and callout["article"] for callout in callouts)
