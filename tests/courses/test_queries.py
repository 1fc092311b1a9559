"""The officer's pages run the same number of queries whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Enrolment
from tests.factories import OfficerProfileFactory

from .factories import build_course

#: DESIGN.md's budget for the officer's pages.
MAX_OFFICER_PAGE_QUERIES = 12


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def enrol_and_progress(officer, course):
    enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
    for module in list(course.modules())[:2]:
        services.complete_module(enrolment, module)
    services.record_opened(enrolment, course.modules().last())


@pytest.fixture
def small_and_large(db, officer):
    small = build_course(modules=2, slug="small")
    large = build_course(modules=9, slug="large")
    enrol_and_progress(officer, small)
    return small, large


def test_course_page_queries_do_not_grow_with_modules(client, officer, small_and_large):
    small, large = small_and_large
    client.force_login(officer)
    client.get(small.url)  # warm the site-root cache shared by both
    enrol_and_progress(officer, large)
    small_count = count_queries(client, small.url)
    assert small_count == count_queries(client, large.url)
    assert small_count <= MAX_OFFICER_PAGE_QUERIES


def test_module_page_queries_do_not_grow_with_modules(client, officer, small_and_large):
    small, large = small_and_large
    client.force_login(officer)
    enrol_and_progress(officer, large)
    client.get(small.modules().first().url)
    client.get(large.modules().first().url)
    small_count = count_queries(client, small.modules().first().url)
    assert small_count == count_queries(client, large.modules().first().url)
    assert small_count <= MAX_OFFICER_PAGE_QUERIES


def test_my_training_queries_do_not_grow_with_courses(client, officer, small_and_large):
    client.force_login(officer)
    one_course = count_queries(client, reverse("courses:my_training"))
    for number in range(4):
        enrol_and_progress(officer, build_course(modules=4, slug=f"more-{number}"))
    assert count_queries(client, reverse("courses:my_training")) == one_course
    assert one_course <= MAX_OFFICER_PAGE_QUERIES


def test_first_visit_to_a_module_stays_within_budget(client, officer, small_and_large):
    _small, large = small_and_large
    services.enrol(officer, large, source=Enrolment.Source.SELF)
    client.force_login(officer)
    assert count_queries(client, list(large.modules())[4].url) <= MAX_OFFICER_PAGE_QUERIES


def test_officer_pages_do_not_grow_with_other_officers(client, officer, small_and_large):
    small, _large = small_and_large
    client.force_login(officer)
    pages = [small.url, small.modules().first().url, reverse("courses:my_training")]
    for url in pages:
        client.get(url)
    before = [count_queries(client, url) for url in pages]
    for profile in OfficerProfileFactory.create_batch(15):
        enrol_and_progress(profile.user, small)
    assert [count_queries(client, url) for url in pages] == before
