"""Varied demo progress: some officers have not started, some are half way, some have finished."""

from django.contrib.auth import get_user_model

from compliance import roles
from courses import services
from courses.models import Enrolment

#: How far each demo officer has got, cycling through the roster.
STAGES = ["not started", "first module opened", "half way", "complete"]


def _advance(enrolment, modules, stage):
    if stage == "not started":
        return
    if stage == "first module opened":
        services.record_opened(enrolment, modules[0])
        return
    done = modules if stage == "complete" else modules[: len(modules) // 2]
    for module in done:
        services.record_opened(enrolment, module)
        services.complete_module(enrolment, module)
    if stage == "half way":
        services.record_opened(enrolment, modules[len(done)])


def seed_progress(course):
    """Enrol every demo officer in ``course`` with progress by stage; return the stage counts."""
    modules = list(course.modules())
    officers = (
        get_user_model()
        .objects.filter(groups__name=roles.OFFICER, officer_profile__isnull=False)
        .order_by("username")
    )
    counts = dict.fromkeys(STAGES, 0)
    for number, officer in enumerate(officers):
        # The account "officer" is the one people try first: show it half way through.
        stage = "half way" if officer.username == "officer" else STAGES[number % len(STAGES)]
        enrolment = services.enrol(officer, course, source=Enrolment.Source.SELF)
        _advance(enrolment, modules, stage)
        counts[stage] += 1
    return counts
