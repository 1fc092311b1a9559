"""Page-type rules and the trainer's authoring in the Wagtail admin."""

import json

from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, ModulePage
from training.models import HomePage

from .factories import build_course


def test_a_module_can_only_be_created_inside_a_course(db):
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert not ModulePage.can_create_at(HomePage.objects.get())
    assert not ModulePage.can_create_at(Page.get_first_root_node())


def test_a_course_lives_in_a_course_index_and_holds_only_modules(db):
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == []


def test_the_admin_refuses_to_add_a_module_under_the_home_page(client, trainer):
    client.force_login(trainer)
    home = HomePage.objects.get()
    response = client.post(
        f"/admin/pages/add/courses/modulepage/{home.pk}/",
        {"title": "Stray module", "slug": "stray", "body-count": "0", "action-publish": "1"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert not ModulePage.objects.filter(slug="stray").exists()


def test_a_trainer_adds_and_publishes_a_module_in_the_admin(client, trainer):
    course = build_course(modules=1)
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/add/courses/modulepage/{course.pk}/",
        {
            "title": "Consular notification",
            "slug": "consular-notification",
            "intro": "",
            "required": "on",
            "body-count": "1",
            "body-0-type": "text",
            "body-0-value": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a",
                            "type": "unstyled",
                            "text": "Tell the consulate.",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "b1",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    module = ModulePage.objects.get(slug="consular-notification")
    assert module.live
    assert module.get_parent().pk == course.pk
    assert module.live_revision is not None


def test_a_trainer_previews_a_draft_module_without_being_enrolled(client, trainer):
    course = build_course(modules=1)
    module = course.modules().first()
    module.title = "Draft correction"
    module.save_revision()
    client.force_login(trainer)
    edit_url = f"/admin/pages/{module.pk}/edit/preview/"
    form = {
        "title": "Draft correction",
        "slug": module.slug,
        "required": "on",
        "body-count": "0",
    }
    assert client.post(edit_url, form).json()["is_valid"]
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "Draft correction" in response.content.decode()
    assert ModulePage.objects.get(pk=module.pk).title == "Module 1"
