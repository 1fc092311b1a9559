"""Every change to a learner's record goes through one of these functions.

Each takes the row lock on the enrolment first, so that concurrent requests from the same officer
(two tabs, a double click, a retried request) are applied one after the other; the database's
unique constraints back this up on SQLite, which has no row locks.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quizzes import services as quiz_services

from .dates import add_months
from .quiz_results import passed_quiz_ids
from .records import CourseCompletion, Enrolment, ModuleProgress, StudiedRevision
from .signals import course_completed

#: How many days before a certificate expires its officer may start the refresher course.
REFRESHER_WINDOW_DAYS = 90


class EnrolmentRefused(Exception):
    pass


class CompletionRefused(Exception):
    pass


def display_name(user):
    return user.get_full_name() or user.get_username()


def enrol(user, course, *, source, due_on=None):
    """Enrol ``user`` in ``course`` once; a second call returns the current enrolment.

    Enrolments point at the course in the default locale, whichever translation was chosen.
    """
    course = course.default_locale_page
    defaults = {
        "user_name": display_name(user),
        "course_title": course.title,
        "source": source,
        "due_on": due_on,
    }
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.current().get_or_create(
                user=user, course=course, defaults=defaults
            )
    except IntegrityError:
        enrolment = Enrolment.objects.current().get(user=user, course=course)
    return enrolment


def self_enrol(user, course):
    if (
        not course.allow_self_enrollment
        and not course.enrolments.current().filter(user=user).exists()
    ):
        raise EnrolmentRefused(
            _("This course is open only to officers it is assigned to. Ask your training officer.")
        )
    return enrol(user, course, source=Enrolment.Source.SELF)


def _locked(enrolment):
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def refresher_opens_on(completion, course):
    """The first day the officer may take ``course`` again after ``completion``: the end of the
    certificate's validity less :data:`REFRESHER_WINDOW_DAYS`; None if it never expires."""
    if completion is None or course is None or not course.validity_months:
        return None
    expires_on = add_months(timezone.localdate(completion.completed_at), course.validity_months)
    return expires_on - timedelta(days=REFRESHER_WINDOW_DAYS)


def refresher_is_open(completion, course):
    opens_on = refresher_opens_on(completion, course)
    return opens_on is not None and timezone.localdate() >= opens_on


def _refuse_refresher(enrolment, course):
    completion = getattr(enrolment, "completion", None) if enrolment else None
    if completion is None:
        raise EnrolmentRefused(_("Complete this course before starting its refresher course."))
    opens_on = refresher_opens_on(completion, course)
    if opens_on is None:
        raise EnrolmentRefused(_("This course's certificate does not expire: no refresher is due."))
    if timezone.localdate() < opens_on:
        raise EnrolmentRefused(
            _("The refresher course opens on %(date)s.")
            % {"date": formats.date_format(opens_on, "DATE_FORMAT")}
        )


def start_refresher(user, course):
    """Start a new cycle of ``course`` for ``user``, whose certificate expires within
    :data:`REFRESHER_WINDOW_DAYS` days (or has expired).

    The current enrolment is superseded and kept with its progress and completion; the new one
    keeps its source and due date, starts with no progress, and counts only quiz attempts
    started from now, for completion and for attempt limits alike.
    """
    course = course.default_locale_page
    with transaction.atomic():
        current = (
            Enrolment.objects.current().select_for_update().filter(user=user, course=course).first()
        )
        _refuse_refresher(current, course)
        now = timezone.now()
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
        refresher = Enrolment.objects.create(
            user=user,
            course=course,
            user_name=display_name(user),
            course_title=course.title,
            source=current.source,
            due_on=current.due_on,
            enrolled_at=now,
        )
        quiz_ids = {quiz_id for module in course.modules() for quiz_id in module.required_quizzes()}
        quiz_services.count_attempts_from(user, quiz_ids, now)
    return refresher


def record_opened(enrolment, module):
    """Remember that the officer opened ``module``, so "resume" can bring them back to it.

    Viewing a module is recorded on GET like a read receipt: it only concerns the viewer's own
    record, is idempotent (one row, however often or concurrently the page is loaded) and changes
    no outcome; completing a module needs a POST.
    """
    ModuleProgress.objects.bulk_create(
        [ModuleProgress(enrolment=enrolment, module=module, module_title=module.title)],
        ignore_conflicts=True,
    )


def complete_module(enrolment, module):
    """Mark ``module`` studied; complete the course if that was the last requirement.

    A module with a required quiz is completed by passing the quiz, not by this call alone.
    """
    missing = set(module.required_quizzes()) - passed_quiz_ids(
        enrolment.user, module.required_quizzes(), since=enrolment.enrolled_at
    )
    if missing:
        raise CompletionRefused(_("Pass the module's quiz to complete it."))
    with transaction.atomic():
        enrolment = _locked(enrolment)
        progress, _created = ModuleProgress.objects.get_or_create(
            enrolment=enrolment, module=module, defaults={"module_title": module.title}
        )
        if progress.completed_at is None:
            progress.completed_at = timezone.now()
            progress.revision_id = module.live_revision_id
            progress.save(update_fields=["completed_at", "revision"])
        return _complete_course_if_done(enrolment)


def requirements_met(enrolment, course, completed_module_ids):
    modules = list(course.modules())
    required_quizzes = {quiz_id for m in modules if m.required for quiz_id in m.required_quizzes()}
    passed = passed_quiz_ids(enrolment.user, required_quizzes, since=enrolment.enrolled_at)
    if required_quizzes - passed:
        return False
    if course.completion_rule == course.CompletionRule.QUIZZES_ONLY:
        return bool(required_quizzes)
    return all(m.pk in completed_module_ids for m in modules if m.required)


def _complete_course_if_done(enrolment):
    """Record the completion once. Must run inside the transaction that locked ``enrolment``."""
    if CourseCompletion.objects.filter(enrolment=enrolment).exists():
        return None
    course = enrolment.course
    completed = {
        progress.module_id: progress
        for progress in enrolment.module_progress.filter(completed_at__isnull=False)
    }
    if course is None or not requirements_met(enrolment, course, completed.keys()):
        return None
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                enrolment=enrolment,
                user=enrolment.user,
                course=course,
                user_name=enrolment.user_name,
                course_title=course.title,
            )
    except IntegrityError:
        return None  # A concurrent request recorded it first (SQLite has no row locks).
    StudiedRevision.objects.bulk_create(
        StudiedRevision(
            completion=completion,
            module_id=progress.module_id,
            module_title=progress.module_title,
            revision_id=progress.revision_id,
            completed_at=progress.completed_at,
        )
        for progress in completed.values()
    )
    transaction.on_commit(
        lambda: course_completed.send(sender=CourseCompletion, completion=completion)
    )
    return completion


def complete_course_if_done(enrolment):
    with transaction.atomic():
        return _complete_course_if_done(_locked(enrolment))
