"""Builds published course trees the way a trainer would in the admin."""

from wagtail.models import Locale, Page

from courses.models import CourseIndexPage, CoursePage, ModulePage


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def case_study_block():
    return {
        "type": "case_study",
        "value": {
            "title": "A night-time identity check",
            "situation": "A worker without papers is stopped at 2 a.m.",
            "question": "What should the officer do?",
            "options": [
                {
                    "text": "Take his passport and keep it",
                    "discussion": "Not lawful.",
                    "is_best": False,
                },
                {
                    "text": "Explain the check in a language he understands",
                    "discussion": "Art. 16(5).",
                    "is_best": True,
                },
            ],
        },
    }


def key_standard_block():
    return {
        "type": "key_standard",
        "value": {
            "instrument": "Code of Conduct for Law Enforcement Officials",
            "article": "Article 3",
            "summary": "Force only when strictly necessary.",
            "link": "",
        },
    }


def build_course(modules=3, *, slug="course", allow_self_enrollment=True, index=None):
    if index is None:
        home = Page.objects.get(depth=2)
        index = CourseIndexPage.objects.first() or publish(
            home, CourseIndexPage(title="Courses", slug="courses")
        )
    course = publish(
        index,
        CoursePage(
            title=f"Course {slug}",
            slug=slug,
            summary="What officers must know.",
            validity_months=24,
            allow_self_enrollment=allow_self_enrollment,
        ),
    )
    for number in range(1, modules + 1):
        publish(
            course,
            ModulePage(
                title=f"Module {number}",
                slug=f"module-{number}",
                body=[
                    {"type": "text", "value": f"<p>Lesson {number}.</p>"},
                    key_standard_block(),
                    case_study_block(),
                ],
            ),
        )
    return course


def quiz_block(quiz, required=True):
    return {"type": "quiz", "value": {"quiz": quiz.pk, "required": required}}


def add_quiz_to_module(module, quiz, required=True):
    """Append a quiz block to a module and publish the change, as a trainer would."""
    module.body = [*module.body.raw_data, quiz_block(quiz, required)]
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def translate(page, language, **fields):
    """Publish ``page`` in ``language``; untranslated parents become aliases of the original,
    as wagtail-localize makes them."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if ancestor.get_translation_or_none(locale) is None:
            ancestor.copy_for_translation(locale, alias=True)
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated
