"""The demo course, built from the reviewed text in demo/content/course.<language>.json."""

import json
from pathlib import Path

from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, ModulePage
from training.models import HomePage

CONTENT_DIR = Path(__file__).parent / "content"

#: JSON block names that differ from the StreamField block names.
BLOCK_TYPES = {"rich_text": "text"}


def load_course_content(language="en"):
    return json.loads((CONTENT_DIR / f"course.{language}.json").read_text(encoding="utf-8"))


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _module_body(module):
    return [
        {"type": BLOCK_TYPES.get(block["type"], block["type"]), "value": block["value"]}
        for block in module["body"]
    ]


def seed_course(content):
    """Create the course index and the demo course once; return the course page."""
    existing = CoursePage.objects.filter(slug=content["slug"]).first()
    if existing:
        return existing
    home = HomePage.objects.first() or Page.get_first_root_node()
    index = CourseIndexPage.objects.first() or _publish(
        home, CourseIndexPage(title="Courses", slug="courses")
    )
    outcomes = "".join(f"<li>{outcome}</li>" for outcome in content["learning_outcomes"])
    course = _publish(
        index,
        CoursePage(
            title=content["title"],
            slug=content["slug"],
            summary=content["summary"],
            audience=content["audience"],
            learning_outcomes=f"<ul>{outcomes}</ul>",
            estimated_duration_minutes=content["estimated_duration_minutes"],
            validity_months=content["validity_months"],
        ),
    )
    for module in content["modules"]:
        _publish(
            course,
            ModulePage(
                title=module["title"],
                slug=module["slug"],
                intro=module["intro"],
                estimated_minutes=module["estimated_minutes"],
                body=_module_body(module),
            ),
        )
    return course
