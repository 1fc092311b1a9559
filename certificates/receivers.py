"""Certificates listen to course completion: every completion gets its certificate."""

from courses.records import CourseCompletion
from courses.signals import course_completed

from .services import issue_certificate


def issue_certificate_on_completion(sender, completion, **kwargs):
    issue_certificate(completion)


def connect():
    course_completed.connect(
        issue_certificate_on_completion,
        sender=CourseCompletion,
        dispatch_uid="certificates.issue_certificate_on_completion",
    )
