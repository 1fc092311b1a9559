"""Completion is recorded exactly once even when the last two actions arrive together."""

import threading
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from courses import services
from courses.models import CourseCompletion, Enrolment, StudiedRevision
from tests.postgres import requires_postgres

from .factories import build_course

pytestmark = requires_postgres


def test_two_last_modules_completed_at_the_same_time_complete_the_course_once(officer):
    course = build_course(modules=3, slug="race")
    enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
    first, second, third = course.modules()
    services.complete_module(enrolment, first)

    barrier = threading.Barrier(2)
    errors = []

    def complete(module):
        try:
            barrier.wait()
            services.complete_module(enrolment, module)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(m,)) for m in (second, third)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    assert StudiedRevision.objects.count() == 3


def test_the_same_enrolment_requested_twice_at_once_is_created_once(officer):
    course = build_course(modules=1, slug="double-click")
    barrier = threading.Barrier(2)

    def enrol():
        barrier.wait()
        services.self_enrol(officer, course)
        connection.close()

    threads = [threading.Thread(target=enrol) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Enrolment.objects.filter(user=officer, course=course).count() == 1


def test_two_refresher_requests_at_once_open_one_new_enrolment(officer):
    course = build_course(modules=1, slug="refresher-race")
    enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
    completion = services.complete_module(enrolment, course.modules().first())
    CourseCompletion.objects.filter(pk=completion.pk).update(
        completed_at=timezone.now() - timedelta(days=700)
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def start_refresher():
        try:
            barrier.wait()
            outcomes.append(services.start_refresher(officer, course))
        except services.EnrolmentRefused as refusal:
            outcomes.append(refusal)
        finally:
            connection.close()

    threads = [threading.Thread(target=start_refresher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "Enrolment",
        "EnrolmentRefused",
    ]
    assert Enrolment.objects.filter(user=officer, course=course).count() == 2
    assert Enrolment.objects.current().filter(user=officer, course=course).count() == 1
