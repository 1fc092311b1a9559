"""Enrolment, access to modules, progress, resume and completion, through the real views."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from compliance import roles
from courses import services
from courses.models import CourseCompletion, Enrolment, ModuleProgress, StudiedRevision
from courses.signals import course_completed

from .factories import build_course


@pytest.fixture
def course(db):
    return build_course(modules=3)


def enrolled(user, course):
    return services.enrol(user, course, source=Enrolment.Source.SELF)


def test_anonymous_visitor_sees_the_course_summary_but_no_module(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert "What officers must know." in response.content.decode()
    module = course.modules().first()
    response = client.get(module.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor", "training administrator"])
def test_a_user_who_is_not_enrolled_gets_no_module_content(client, role_users, course, role):
    client.force_login(role_users[role])
    response = client.get(course.modules().first().url)
    assert response.status_code == 302
    assert response.url == course.url
    assert not ModuleProgress.objects.exists()


def test_an_officer_enrols_and_studies(client, officer, course):
    client.force_login(officer)
    response = client.post(course.url + "enrol/")
    assert response.status_code == 302
    module = course.modules().first()
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson 1." in html
    assert "Code of Conduct for Law Enforcement Officials</cite>, Article 3" in html


def test_enrolling_needs_a_post(client, officer, course):
    client.force_login(officer)
    client.get(course.url + "enrol/")
    assert not Enrolment.objects.exists()


def test_self_enrolment_is_refused_where_the_course_is_assigned_only(client, officer):
    course = build_course(modules=1, slug="assigned-only", allow_self_enrollment=False)
    client.force_login(officer)
    response = client.post(course.url + "enrol/", follow=True)
    assert "open only to officers it is assigned to" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_case_study_reveals_the_discussion_only_after_a_choice(client, officer, course):
    enrolled(officer, course)
    client.force_login(officer)
    module = course.modules().first()
    html = client.get(module.url).content.decode()
    assert "Art. 16(5)." not in html
    block_id = next(block.id for block in module.body if block.block_type == "case_study")
    html = client.get(module.url, {f"choice-{block_id}": "0"}).content.decode()
    assert "Your choice" in html
    assert "Art. 16(5)." in html
    assert "Not lawful." in html


def test_progress_is_recorded_and_resumes_where_the_officer_stopped(client, officer, course):
    enrolled(officer, course)
    first, second, _third = course.modules()
    client.force_login(officer)
    client.get(first.url)
    client.post(first.url + "complete/")
    client.get(second.url)

    assert ModuleProgress.objects.get(module=first).completed_at is not None
    assert ModuleProgress.objects.get(module=second).completed_at is None
    html = client.get(course.url).content.decode()
    assert f'href="{second.url}">Resume where you stopped' in html
    html = client.get(reverse("courses:my_training")).content.decode()
    assert "1 of 3 required modules completed" in html


def test_completing_a_module_moves_on_to_the_next(client, officer, course):
    enrolled(officer, course)
    first, second, _third = course.modules()
    client.force_login(officer)
    response = client.post(first.url + "complete/")
    assert response.url == second.url


def test_completing_every_module_completes_the_course_once_with_the_revisions_studied(
    officer, course, django_capture_on_commit_callbacks
):
    enrolment = enrolled(officer, course)
    received = []

    def receive(completion, **kwargs):
        received.append(completion)

    course_completed.connect(receive)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            results = [services.complete_module(enrolment, module) for module in course.modules()]
            services.complete_module(enrolment, course.modules().last())
            services.complete_course_if_done(enrolment)
    finally:
        course_completed.disconnect(receive)
    assert results[:2] == [None, None]
    assert isinstance(results[2], CourseCompletion)
    assert CourseCompletion.objects.count() == 1
    assert len(received) == 1
    studied = {s.module_id: s.revision_id for s in StudiedRevision.objects.all()}
    assert studied == {m.pk: m.live_revision_id for m in course.modules()}


def test_a_later_correction_is_told_apart_from_the_revision_studied(officer, course):
    enrolment = enrolled(officer, course)
    for module in course.modules():
        services.complete_module(enrolment, module)
    first = course.modules().first()
    studied_revision = StudiedRevision.objects.get(module=first).revision_id
    first.title = "Module 1 (corrected)"
    first.save_revision().publish()
    first.refresh_from_db()
    assert first.live_revision_id != studied_revision


def test_records_outlive_the_deleted_course(officer, course):
    enrolment = enrolled(officer, course)
    for module in course.modules():
        services.complete_module(enrolment, module)
    course.delete()
    completion = CourseCompletion.objects.get()
    assert completion.course is None
    assert completion.course_title == "Course course"
    assert completion.user_name == officer.get_full_name()
    assert StudiedRevision.objects.filter(completion=completion).count() == 3
    assert ModuleProgress.objects.filter(enrolment=enrolment).count() == 3


def test_my_training_lists_only_the_officers_own_courses(client, officer, other_officer, course):
    other_course = build_course(modules=1, slug="other", allow_self_enrollment=False)
    enrolled(officer, course)
    services.enrol(other_officer, other_course, source=Enrolment.Source.ASSIGNMENT)
    client.force_login(officer)
    html = client.get(reverse("courses:my_training")).content.decode()
    assert "Course course" in html
    assert "Course other" not in html


def test_a_view_restriction_on_the_course_still_protects_its_modules(client, officer, course):
    enrolled(officer, course)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=roles.TRAINER)])
    client.force_login(officer)
    response = client.get(course.modules().first().url)
    assert response.status_code == 302
    assert "login" in response.url
    assert not ModuleProgress.objects.exists()


def test_unknown_course_and_module_addresses_are_not_found(client, officer, course):
    client.force_login(officer)
    assert client.get("/courses/no-such-course/").status_code == 404
    assert client.get(f"{course.url}no-such-module/").status_code == 404


def test_my_training_offers_the_courses_an_officer_may_still_enrol_in(client, officer, course):
    assigned_only = build_course(modules=1, slug="assigned", allow_self_enrollment=False)
    taken = build_course(modules=1, slug="taken")
    enrolled(officer, taken)
    client.force_login(officer)
    html = client.get(reverse("courses:my_training")).content.decode()
    open_section = html.split("Courses open to you", 1)[1]
    assert f'href="{course.url}"' in open_section
    assert f'href="{taken.url}"' not in open_section
    assert f'href="{assigned_only.url}"' not in open_section
