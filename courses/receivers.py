"""Courses listen to the quiz engine: passing a module's required quiz completes the module."""

from quizzes.models import Attempt
from quizzes.signals import attempt_finished, attempt_marked

from . import services
from .records import Enrolment


def complete_modules_of_passed_quiz(sender, attempt, **kwargs):
    """Complete every module of the officer's current enrolments that requires the quiz just
    passed (``complete_module`` counts only attempts of the enrolment's cycle).

    Runs inside the quiz service's transaction, so the attempt and the progress it earns are
    committed together or not at all.
    """
    if attempt.status != Attempt.Status.PASSED or attempt.user_id is None:
        return
    enrolments = Enrolment.objects.current().filter(user_id=attempt.user_id, course__isnull=False)
    for enrolment in enrolments.select_related("course", "user"):
        for module in enrolment.course.modules():
            if attempt.quiz_id in module.required_quizzes():
                services.complete_module(enrolment, module)


def connect():
    for signal in (attempt_finished, attempt_marked):
        signal.connect(
            complete_modules_of_passed_quiz,
            sender=Attempt,
            dispatch_uid=f"courses.complete_modules_of_passed_quiz.{id(signal)}",
        )
