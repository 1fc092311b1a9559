"""Officers read a course in their language; their records belong to the one course."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale

from courses import services
from courses.models import CourseCompletion, Enrolment, ModuleProgress
from tests.quizzes.factories import QuizFactory, translate_quiz

from .factories import add_quiz_to_module, build_course, translate
from .test_queries import MAX_OFFICER_PAGE_QUERIES, count_queries


def module_text(module, language, text):
    return translate(
        module,
        language,
        title=f"{module.title} ({language})",
        body=[
            {"type": "text", "value": f"<p>{text}</p>"},
            *(block for block in module.body.raw_data if block["type"] == "quiz"),
        ],
    )


@pytest.fixture
def course(db):
    course = build_course(modules=2)
    translate(course, "fr", title="Le cours", summary="Ce que les agents doivent savoir.")
    first, second = course.modules()
    module_text(first, "fr", "Leçon en français.")
    module_text(first, "es", "Lección en español.")
    module_text(second, "fr", "Deuxième leçon.")
    return course


def speaking(officer, language):
    officer.officer_profile.preferred_language = language
    officer.officer_profile.save()
    return officer


def enrolled(client, officer, course, language):
    services.enrol(officer, course, source=Enrolment.Source.SELF)
    client.force_login(speaking(officer, language))
    return client


def body_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".module-body")


@pytest.mark.parametrize(
    ("language", "text"), [("fr", "Leçon en français."), ("es", "Lección en español.")]
)
def test_an_officer_reads_the_module_in_their_language(client, officer, course, language, text):
    client = enrolled(client, officer, course, language)
    body = body_of(client.get(course.modules().first().url))
    assert body.get_text(strip=True).startswith(text)
    assert body.get("lang") is None


def test_an_untranslated_module_is_shown_in_english_marked_as_english(client, officer, course):
    client = enrolled(client, officer, course, "ar")
    response = client.get(course.modules().first().url)
    body = body_of(response)
    assert body.get_text(strip=True).startswith("Lesson 1.")
    assert body["lang"] == "en"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "ar"
    assert page.h1["lang"] == "en"


def test_a_spanish_course_outline_mixes_translations_and_fallbacks(client, officer, course):
    client = enrolled(client, officer, course, "es")
    page = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert page.h1["lang"] == "en"  # The course itself has no Spanish translation.
    first, second = page.select(".outline__item > span:first-child")
    assert first.get_text(strip=True) == "Module 1 (es)"
    assert first.get("lang") is None
    assert second.get_text(strip=True) == "Module 2"
    assert second["lang"] == "en"


def test_the_french_course_page_links_to_french_modules(client, officer, course):
    client = enrolled(client, officer, course, "fr")
    page = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Le cours"
    assert page.h1.get("lang") is None
    links = [link.get_text(strip=True) for link in page.select(".outline a")]
    assert links == ["Module 1 (fr)", "Module 2 (fr)"]


def test_my_training_lists_the_course_in_the_officers_language(client, officer, course):
    client = enrolled(client, officer, course, "fr")
    page = BeautifulSoup(client.get(reverse("courses:my_training")).content, "html.parser")
    assert page.select_one(".card h3").get_text(strip=True) == "Le cours"


def test_enrolling_from_the_french_page_enrols_in_the_course(client, officer, course):
    client.force_login(speaking(officer, "fr"))
    french = course.get_translation(Locale.objects.get(language_code="fr"))
    client.post(f"{course.url}enrol/")
    assert Enrolment.objects.get(user=officer).course_id == course.pk != french.pk


def test_progress_in_french_and_english_completes_one_enrolment(client, officer, course):
    first, second = course.modules()
    client = enrolled(client, officer, course, "fr")
    client.post(f"{first.url}complete/")
    client.cookies["django_language"] = "en"
    client.post(f"{second.url}complete/")

    enrolment = Enrolment.objects.get(user=officer)
    assert enrolment.course_id == course.pk
    assert set(ModuleProgress.objects.values_list("module_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert CourseCompletion.objects.get(enrolment=enrolment).course_id == course.pk


def test_completion_rules_come_from_the_module_in_the_default_language(client, officer, course):
    """A quiz added to the English module binds officers reading an older French translation."""
    first = add_quiz_to_module(course.modules().first(), QuizFactory(title="Check"))
    client = enrolled(client, officer, course, "fr")
    client.post(f"{first.url}complete/")
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def add_quiz_to_every_translation(module, quiz):
    module = add_quiz_to_module(module, quiz)
    quizzes = [block for block in module.body.raw_data if block["type"] == "quiz"]
    for translated in module.get_translations():
        translated.body = [*translated.body.raw_data, *quizzes]
        translated.save_revision().publish()
    return module


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_officer_pages_stay_within_budget_in_every_language(client, officer, course, language):
    """Pages with the most to read: the module shows a quiz card, in the officer's language."""
    module = add_quiz_to_every_translation(course.modules().first(), QuizFactory(title="Check"))
    client = enrolled(client, officer, course, language)
    for url in (course.url, module.url, reverse("courses:my_training")):
        first_visit = count_queries(client, url)  # a module's first visit records it as opened
        assert max(first_visit, count_queries(client, url)) <= MAX_OFFICER_PAGE_QUERIES, url


def test_the_index_lists_every_course_in_the_officers_language(client, officer, course):
    index = course.get_parent().specific
    build_course(modules=1, slug="untranslated", index=index)
    client.force_login(speaking(officer, "fr"))
    page = BeautifulSoup(client.get(index.url).content, "html.parser")
    titles = {card.h2.get_text(strip=True): card.get("lang") for card in page.select(".card")}
    assert titles == {"Le cours": None, "Course untranslated": "en"}


@pytest.mark.parametrize(
    ("language", "title", "lang"), [("fr", "Le contrôle", None), ("es", "Check", "en")]
)
def test_the_quiz_card_shows_the_quizs_translation(client, officer, course, language, title, lang):
    quiz = QuizFactory(title="Check")
    translate_quiz(quiz, "fr", title="Le contrôle")
    module = add_quiz_to_every_translation(course.modules().first(), quiz)
    client = enrolled(client, officer, course, language)
    client.get(module.url)  # the first visit records the module as opened
    # The quiz's translation is read in the query that reads the quiz.
    assert count_queries(client, module.url) <= MAX_OFFICER_PAGE_QUERIES
    card = BeautifulSoup(client.get(module.url).content, "html.parser").select_one(".quiz-card")
    assert (card.h2.get_text(strip=True), card.h2.get("lang")) == (title, lang)
    assert card.a["href"].startswith(f"/quizzes/{quiz.slug}/")
