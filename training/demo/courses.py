"""The demo course, built from the reviewed text in demo/content/course.<language>.json.

The English course is the course; the French and Spanish texts are published as its
translations (Wagtail's localisation), which keep its structure, slugs and quizzes.
"""

import json
import uuid
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page

from courses.models import CourseIndexPage, CoursePage, ModulePage
from quizzes.models import Quiz
from training.models import HomePage

from . import translations
from .quizzes import FINAL_ASSESSMENT_SLUG

CONTENT_DIR = Path(__file__).parent / "content"

#: JSON block names that differ from the StreamField block names.
BLOCK_TYPES = {"rich_text": "text"}


def load_course_content(language="en"):
    return json.loads((CONTENT_DIR / f"course.{language}.json").read_text(encoding="utf-8"))


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _block(block_type, value):
    """A block as the page editor stores it (with an id), so wagtail-localize can track it."""
    if block_type == "case_study":
        value = {**value, "options": [_block("item", option) for option in value["options"]]}
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _module_body(module):
    return [
        _block(BLOCK_TYPES.get(block["type"], block["type"]), block["value"])
        for block in module["body"]
    ]


def _course_fields(content):
    outcomes = "".join(f"<li>{outcome}</li>" for outcome in content["learning_outcomes"])
    return {
        "title": content["title"],
        "summary": content["summary"],
        "audience": content["audience"],
        "learning_outcomes": f"<ul>{outcomes}</ul>",
    }


def _module_fields(module):
    return {"title": module["title"], "intro": module["intro"], "body": _module_body(module)}


def seed_course(content):
    """Create the course index and the demo course once; return the course page."""
    existing = CoursePage.objects.filter(slug=content["slug"], locale=Locale.get_default()).first()
    if existing:
        return existing
    home = HomePage.objects.first() or Page.get_first_root_node()
    index = CourseIndexPage.objects.first() or _publish(
        home, CourseIndexPage(title="Courses", slug="courses")
    )
    course = _publish(
        index,
        CoursePage(
            slug=content["slug"],
            estimated_duration_minutes=content["estimated_duration_minutes"],
            validity_months=content["validity_months"],
            **_course_fields(content),
        ),
    )
    for module in content["modules"]:
        _publish(
            course,
            ModulePage(
                slug=module["slug"],
                estimated_minutes=module["estimated_minutes"],
                **_module_fields(module),
            ),
        )
    return course


def seed_locales():
    """A locale for each content language, so trainers can translate into any of them."""
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)


def _translation(page, locale, **fields):
    """Publish ``page`` in ``locale`` with ``fields`` once; its parent must be translated."""
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
    return translation


def seed_translations(course):
    """Every content language gets a locale; the course is published in French and Spanish."""
    seed_locales()
    for language in translations.PAGES:
        translate_course(course, language)


def translate_course(course, language):
    """Publish the demo course, its modules and their parent pages in ``language`` once.

    Each module keeps the quiz blocks of the English module: the quizzes decide completion, so
    they are the same in every language.
    """
    locale = Locale.objects.get(language_code=language)
    content = load_course_content(language)
    index = course.get_parent().specific
    _translation(index.get_parent().specific, locale, **translations.PAGES[language]["home"])
    _translation(index, locale, **translations.PAGES[language]["courses"])
    _translation(course, locale, **_course_fields(content))
    modules = {module.slug: module for module in course.modules()}
    texts = {module["slug"]: _module_fields(module) for module in content["modules"]}
    texts[FINAL_ASSESSMENT_SLUG] = _final_assessment_fields(
        modules[FINAL_ASSESSMENT_SLUG], content["final_assessment"], language
    )
    for slug, fields in texts.items():
        source = modules[slug]
        quizzes = [block for block in source.body.raw_data if block["type"] == "quiz"]
        _translation(source, locale, **{**fields, "body": [*fields["body"], *quizzes]})


def _final_assessment_fields(module, content, language):
    quiz = Quiz.objects.get(pk__in=module.required_quizzes())
    text = translations.FINAL_ASSESSMENT[language]
    rules = text["text"].format(
        questions=quiz.max_questions, minutes=quiz.time_limit_minutes, attempts=quiz.max_attempts
    )
    return {
        "title": content["title"],
        "intro": text["intro"],
        "body": [_block("text", rules)],
    }
