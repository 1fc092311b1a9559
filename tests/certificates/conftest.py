import pytest
from django.core.cache import cache

from courses import services as course_services
from courses.models import Enrolment
from tests.courses.factories import build_course

from ..factories import OfficerProfileFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course(db):
    return build_course(modules=2, slug="rights")


def complete(user, course):
    """Complete every module of ``course`` as ``user``; returns the completion."""
    enrolment = course_services.enrol(user, course, source=Enrolment.Source.SELF)
    completion = None
    for module in course.modules():
        completion = course_services.complete_module(enrolment, module) or completion
    return completion


@pytest.fixture
def completion(officer, course):
    return complete(officer, course)


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue (and render, through the immediate task backend) the certificate of a completion
    the way the signal does, after the transaction commits."""
    from certificates.services import issue_certificate

    def issue(completion):
        with django_capture_on_commit_callbacks(execute=True):
            certificate = issue_certificate(completion)
        certificate.refresh_from_db()
        return certificate

    return issue


@pytest.fixture
def certificate(completion, issue):
    return issue(completion)


@pytest.fixture
def other_certificate(other_officer, course, issue):
    return issue(complete(other_officer, course))


def officer_with(org_unit, username, **profile):
    return OfficerProfileFactory(user__username=username, unit=org_unit, **profile).user
