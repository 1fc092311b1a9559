"""Trainers translate courses in the admin with wagtail-localize."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from courses.models import ModulePage

from ..quizzes.factories import QuizFactory
from .factories import add_quiz_to_module, build_course


@pytest.fixture
def french(db):
    return Locale.objects.create(language_code="fr")


def submit_translation(client, page, locale):
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    return client.post(url, {"locales": [locale.pk], "include_subtree": "on"})


def test_a_trainer_translates_a_course_and_its_modules(client, trainer, french):
    course = build_course(modules=2)
    client.force_login(trainer)
    url = reverse("wagtail_localize:submit_page_translation", args=[course.pk])
    assert client.get(url).status_code == 200

    assert submit_translation(client, course, french).status_code == 302
    translated = ModulePage.objects.get(locale=french, slug="module-1")
    assert Translation.objects.filter(target_locale=french).count() == 3
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
    assert edit.status_code == 200
    assert b"Lesson 1." in edit.content  # The translation editor shows the source text.
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[translated.pk]))
    assert preview.status_code == 200


def test_case_studies_and_key_standards_are_offered_for_translation(db):
    module = build_course(modules=1).modules().get()
    source, _created = TranslationSource.get_or_create_from_instance(module)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert {
        "Lesson 1.",
        "Code of Conduct for Law Enforcement Officials",
        "Article 3",
        "Force only when strictly necessary.",
        "A night-time identity check",
        "What should the officer do?",
    } <= strings


def test_the_quiz_is_synchronised_not_translated(client, trainer, french):
    course = build_course(modules=1)
    quiz = QuizFactory(title="Check")
    module = add_quiz_to_module(course.modules().get(), quiz)
    source, _created = TranslationSource.get_or_create_from_instance(module)
    assert not source.overridablesegment_set.exists()  # Nothing to override either.

    client.force_login(trainer)
    submit_translation(client, course, french)
    translation = Translation.objects.get(source=source, target_locale=french)
    translation.save_target(publish=True)
    translated = ModulePage.objects.get(locale=french)
    assert translated.required_quizzes() == [quiz.pk]


@pytest.mark.parametrize("role", ["officer", "auditor", "training administrator"])
def test_only_trainers_translate(client, role_users, role, french):
    course = build_course(modules=1)
    client.force_login(role_users[role])
    response = submit_translation(client, course, french)
    assert response.status_code in (302, 403)
    assert not Translation.objects.exists()
