"""Varied demo progress, made through the same services officers use.

Officers cycle through the stages below, so the demo shows every state: not started, a failed
quiz, half way, an essay awaiting marking, and the course completed (essays marked by the demo
trainer, final assessment passed).
"""

from django.contrib.auth import get_user_model

from compliance import roles
from courses import services
from courses.models import Enrolment
from quizzes import services as quiz_services
from quizzes.models import Question
from quizzes.scoring import model_payload

STAGES = ["not started", "failed a quiz", "half way", "awaiting marking", "complete"]

ESSAY_ANSWER = (
    "I would keep my distance, speak calmly, find an interpreter, and use no force unless it "
    "became strictly necessary, in proportion to the threat, and I would report it."
)


def _take(officer, quiz, *, correct=True):
    attempt = quiz_services.start_attempt(officer, quiz)
    for question in attempt.questions_as_asked():
        payload = model_payload(question, correct=correct, essay_text=ESSAY_ANSWER)
        quiz_services.submit_answer(attempt, officer, question["id"], payload)
    return quiz_services.finish_attempt(attempt, user=officer)


def _study(enrolment, module, marker, *, pass_quiz=True):
    """Open a module and earn its completion: pass its quizzes (a marker marks essays)."""
    services.record_opened(enrolment, module)
    quiz_ids = module.required_quizzes()
    if not quiz_ids:
        services.complete_module(enrolment, module)
    for block in module.body:
        if block.block_type == "quiz" and block.value["quiz"].pk in quiz_ids:
            attempt = _take(enrolment.user, block.value["quiz"], correct=pass_quiz)
            if marker is not None and attempt.status == attempt.Status.AWAITING_MARKING:
                for answer in attempt.answers.filter(kind=Question.Kind.ESSAY):
                    quiz_services.mark_essay(answer, marker, score=1, comment="Clear and correct.")


def _advance(enrolment, modules, stage, marker):
    if stage == "failed a quiz":
        _study(enrolment, modules[0], marker, pass_quiz=False)
    elif stage == "half way":
        for module in modules[:2]:
            _study(enrolment, module, marker)
        services.record_opened(enrolment, modules[2])
    elif stage == "awaiting marking":
        for module in modules[:3]:
            _study(enrolment, module, marker=None)
    elif stage == "complete":
        for module in modules:
            _study(enrolment, module, marker)


def seed_progress(course, marker):
    """Enrol the demo officers not yet enrolled and advance them; return the stage counts."""
    modules = list(course.modules())
    enrolled = Enrolment.objects.filter(course=course).values("user")
    officers = (
        get_user_model()
        .objects.filter(groups__name=roles.OFFICER, officer_profile__isnull=False)
        .exclude(pk__in=enrolled)
        .order_by("username")
    )
    counts = dict.fromkeys(STAGES, 0)
    for number, officer in enumerate(officers):
        # The account "officer" is the one people try first: show it half way through.
        stage = "half way" if officer.username == "officer" else STAGES[number % len(STAGES)]
        enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
        _advance(enrolment, modules, stage, marker)
        counts[stage] += 1
    return counts
