"""An officer's transcript: obligations, courses, quiz attempts and certificates, read in a fixed
number of queries."""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from certificates.models import STATUS_LABELS, Certificate
from courses.records import Enrolment
from quizzes.models import Attempt

from ..assignments.models import OfficerAssignment
from ..assignments.status import label_statuses, with_status


@dataclass
class Transcript:
    obligations: list
    enrolments: list
    attempts: list
    certificates: list


def transcript(officer, today):
    obligations = with_status(
        OfficerAssignment.objects.filter(user=officer).annotate(
            course_title=F("assignment__course_title")
        ),
        today,
    ).order_by("due_on", "pk")
    enrolments = (
        Enrolment.objects.filter(user=officer)
        .annotate(
            modules_opened=Count("module_progress"),
            modules_completed=Count(
                "module_progress", filter=Q(module_progress__completed_at__isnull=False)
            ),
            completed_at=F("completion__completed_at"),
        )
        .order_by("-enrolled_at", "-pk")
    )
    attempts = (
        Attempt.objects.filter(user=officer)
        .defer("snapshot", "question_order")
        .order_by("quiz_title", "attempt_number", "pk")
    )
    certificates = list(Certificate.objects.filter(user=officer).order_by("-issued_on", "-pk"))
    for certificate in certificates:
        certificate.status_label = STATUS_LABELS[certificate.effective_status(today)]
    return Transcript(label_statuses(obligations), list(enrolments), list(attempts), certificates)
