"""seed_demo builds a believable demo service, and running it again creates nothing twice."""

import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, TranslationSource

from compliance import roles
from compliance.assignments.models import Assignment, OfficerAssignment
from compliance.assignments.status import Status, with_status
from compliance.jurisdiction import Jurisdiction, visible_units
from compliance.models import OfficerProfile, OrgUnit
from courses.models import CourseCompletion, CoursePage, Enrolment, ModulePage, StudiedRevision
from quizzes.models import Answer, Attempt, Question, Quiz
from training.demo.courses import load_course_content

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
        "all pages": Page.objects.count(),
        "locales": Locale.objects.count(),
        "quizzes": Quiz.objects.count(),
        "questions": Question.objects.count(),
        "options": Answer.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "attempts": Attempt.objects.count(),
        "completions": CourseCompletion.objects.count(),
        "assignments": Assignment.objects.count(),
        "obligations": OfficerAssignment.objects.count(),
        "jurisdictions": Jurisdiction.objects.count(),
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
    assert "Assigned training, by status: " in output
    assert "shown once" not in seed(password=None)


def test_every_demo_account_logs_in_with_the_demo_password(seeded, db, client):
    for username in ["officer", "trainer", "auditor", "admin", "officer64"]:
        assert client.login(username=username, password=DEMO_PASSWORD), username


def test_reset_passwords_gives_every_demo_account_the_new_password(seeded, db, client):
    seed("--reset-passwords", password="second passphrase here")
    assert client.login(username="auditor", password="second passphrase here")


def test_seed_demo_builds_the_course_with_quizzes_and_varied_progress(seeded, db):
    course = CoursePage.objects.get(
        slug="decent-treatment-of-migrant-workers", locale__language_code="en"
    )
    modules = list(course.modules())
    assert len(modules) == 6
    assert all(module.required_quizzes() for module in modules)
    english = Quiz.objects.filter(locale__language_code="en")
    final = english.get(slug="final-assessment")
    assert final.max_questions == 15
    assert final.questions.count() >= 30
    assert all(quiz.questions.count() >= 6 for quiz in english.exclude(pk=final.pk))

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


def test_seed_demo_assignments_show_every_status(seeded, db):
    obligations = with_status(OfficerAssignment.objects.all(), timezone.localdate())
    assert set(obligations.values_list("status", flat=True)) == set(Status)
    officers = get_user_model().objects.filter(groups__name=roles.OFFICER)
    assert OfficerAssignment.objects.values("user").distinct().count() == officers.count()


def test_seed_demo_scopes_the_auditor_and_names_a_commander(seeded, db):
    north = OrgUnit.objects.get(code="nps-north")
    auditor = get_user_model().objects.get(username="auditor")
    assert set(visible_units(auditor)) == set(OrgUnit.objects.within(north))
    assert north.commander is not None


def test_seed_demo_publishes_the_course_in_french_and_spanish(seeded, db):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "ar",
        "zh-hans",
        "en",
        "fr",
        "ru",
        "es",
    }
    course = CoursePage.objects.get(locale__language_code="en")
    english_modules = list(course.modules())
    for language, title in [
        ("fr", "Traitement décent des travailleurs migrants et de leur famille"),
        ("es", "Trato digno de los trabajadores migratorios y sus familiares"),
    ]:
        translated = course.get_translation(Locale.objects.get(language_code=language))
        assert translated.live
        assert translated.title == title
        modules = list(translated.modules())
        assert [module.slug for module in modules] == [module.slug for module in english_modules]
        assert [module.required_quizzes() for module in modules] == [
            module.required_quizzes() for module in english_modules
        ]
        assert [module.title for module in modules] != [module.title for module in english_modules]
    for language in ("ar", "zh-hans", "ru"):
        assert not CoursePage.objects.filter(locale__language_code=language).exists()


def test_seed_demo_case_studies_can_be_translated_further(seeded, db):
    """Russian, Arabic and Chinese translators get every string of a case study to translate."""
    module = ModulePage.objects.get(
        locale__language_code="en", slug="identity-checks-arrest-and-detention"
    )
    option = next(block for block in module.body if block.block_type == "case_study").value[
        "options"
    ][0]["text"]
    source, _created = TranslationSource.get_or_create_from_instance(module)
    assert StringSegment.objects.filter(source=source, string__data=option).exists()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_seed_demo_translates_the_quizzes_their_questions_and_options(seeded, db, language):
    english = Quiz.objects.filter(locale__language_code="en")
    translated = Quiz.objects.filter(locale__language_code=language)
    assert set(translated.values_list("translation_key", "slug")) == set(
        english.values_list("translation_key", "slug")
    )
    assert not translated.filter(questions__isnull=False).exists()  # pools stay English
    questions = Question.objects.filter(locale__language_code=language)
    assert not questions.filter(quizzes__isnull=False).exists()
    sources = Question.objects.filter(locale__language_code="en").prefetch_related("answers")
    by_key = {
        question.translation_key: question for question in questions.prefetch_related("answers")
    }
    assert set(by_key) == {question.translation_key for question in sources}

    content = load_course_content(language)
    final = english.get(slug="final-assessment")
    first = final.questions.order_by("pk").first()
    text = content["final_assessment"]["questions"][0]
    copy = by_key[first.translation_key]
    assert (copy.content, copy.explanation) == (text["content"], text["explanation"])
    assert copy.cites_instrument == text["cites"]["instrument"]
    for source in sources:
        options = {
            option.translation_key: option
            for option in by_key[source.translation_key].answers.all()
        }
        assert {key: option.correct for key, option in options.items()} == {
            option.translation_key: option.correct for option in source.answers.all()
        }
        assert all(
            options[option.translation_key].content != option.content
            for option in source.answers.all()
        )
    assert translated.get(slug="final-assessment").title == content["final_assessment"]["title"]
