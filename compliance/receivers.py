"""The ledger listens to the training apps; none of them knows it is there.

Every receiver runs inside the transaction of the event it records, so the event and its ledger
entry commit together or not at all:

- the quiz engine sends ``attempt_finished`` and ``attempt_marked`` inside its transaction;
- enrolments, module progress, course completions and certificates send no signal of their own
  for these moments inside their transaction (``course_completed`` is sent after commit, too late
  to be atomic), so the ledger listens to ``post_save`` on their records and looks at what
  changed: a row created, or a column that went from empty to set.

Compliance comes after courses, quizzes and certificates in INSTALLED_APPS, so these receivers
run after theirs, and the ledger lock comes after the row locks their services take (attempt,
enrolment, certificate). One exception: passing a quiz that several of an officer's courses
require completes a module in each enrolment in turn, locking the next enrolment after the ledger;
a concurrent request on that enrolment may then deadlock, and PostgreSQL rolls one back.
"""

from django.db.models.signals import post_init, post_save

from certificates.models import Certificate
from courses.records import CourseCompletion, Enrolment, ModuleProgress
from quizzes.models import Attempt
from quizzes.signals import attempt_finished, attempt_marked

from .ledger import actions, record

#: What ``post_init`` saw for a field that was deferred (not loaded): we cannot tell.
UNKNOWN = object()


def _str(value):
    return None if value is None else str(value)


def _loaded(instance, field):
    """The field's value as loaded, without the query that reading a deferred field makes."""
    return instance.__dict__.get(field, UNKNOWN)


def _became(instance, field, was, update_fields, test):
    """Whether ``field`` passes ``test`` now and did not when the instance was loaded."""
    if not test(getattr(instance, field)):
        return False
    if was is UNKNOWN:
        return update_fields is not None and field in update_fields
    return not test(was)


# Enrolment, module completion and course completion (courses) --------------------------------


def record_enrolment(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    details = {
        "enrolment_id": instance.pk,
        "course_id": instance.course_id,
        "course_title": instance.course_title,
        "source": instance.source,
        "due_on": _str(instance.due_on),
    }
    if _is_refresher(instance):
        details["refresher"] = True
    record(
        actions.ENROL,
        actor=instance.user if instance.source == Enrolment.Source.SELF else None,
        subject=instance.user,
        occurred_at=instance.enrolled_at,
        details=details,
    )


def _is_refresher(enrolment):
    """Whether ``enrolment`` opens a new cycle of a course the officer took before."""
    if enrolment.user_id is None or enrolment.course_id is None:
        return False
    earlier = Enrolment.objects.filter(
        user_id=enrolment.user_id, course_id=enrolment.course_id, superseded_at__isnull=False
    )
    return earlier.exists()


def remember_completed_at(sender, instance, **kwargs):
    instance._ledger_completed_at = _loaded(instance, "completed_at")


def record_module_completion(sender, instance, created, raw=False, update_fields=None, **kwargs):
    was = None if created else getattr(instance, "_ledger_completed_at", UNKNOWN)
    instance._ledger_completed_at = instance.completed_at
    if raw or not _became(instance, "completed_at", was, update_fields, bool):
        return
    enrolment = instance.enrolment
    record(
        actions.MODULE_COMPLETE,
        actor=enrolment.user,
        subject=enrolment.user,
        occurred_at=instance.completed_at,
        details={
            "enrolment_id": enrolment.pk,
            "course_id": enrolment.course_id,
            "course_title": enrolment.course_title,
            "module_id": instance.module_id,
            "module_title": instance.module_title,
            "revision_id": instance.revision_id,
        },
    )


def record_course_completion(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    record(
        actions.COURSE_COMPLETE,
        actor=instance.user,
        subject=instance.user,
        occurred_at=instance.completed_at,
        details={
            "completion_id": instance.pk,
            "enrolment_id": instance.enrolment_id,
            "course_id": instance.course_id,
            "course_title": instance.course_title,
        },
    )


# Quiz attempts (quizzes) ---------------------------------------------------------------------


def _attempt_details(attempt):
    return {
        "attempt_id": attempt.pk,
        "quiz_id": attempt.quiz_id,
        "quiz_title": attempt.quiz_title,
        "attempt_number": attempt.attempt_number,
        "status": attempt.status,
        "score": _str(attempt.score),
        "max_score": _str(attempt.max_score),
        "percent": _str(attempt.percent),
        "pass_mark": attempt.pass_mark,
    }


def record_attempt_submitted(sender, attempt, **kwargs):
    record(
        actions.ATTEMPT_SUBMIT,
        actor=attempt.user,
        subject=attempt.user,
        occurred_at=attempt.submitted_at,
        details=_attempt_details(attempt),
    )


def record_attempt_marked(sender, attempt, answer, marker, **kwargs):
    record(
        actions.ATTEMPT_MARK,
        actor=marker,
        subject=attempt.user,
        occurred_at=answer.marked_at,
        details={
            **_attempt_details(attempt),
            "question_id": answer.question_id,
            "awarded_score": _str(answer.awarded_score),
            "decided": attempt.is_decided,
        },
    )


# Certificates ----------------------------------------------------------------------------------


def remember_status(sender, instance, **kwargs):
    instance._ledger_status = _loaded(instance, "status")


def _is_revoked(status):
    return status == Certificate.Status.REVOKED


def _certificate_details(certificate):
    return {
        "certificate_id": certificate.pk,
        "number": certificate.number,
        "completion_id": certificate.completion_id,
        "course_id": certificate.course_id,
        "course_title": certificate.course_title,
        "issued_on": _str(certificate.issued_on),
        "expires_on": _str(certificate.expires_on),
    }


def record_certificate(sender, instance, created, raw=False, update_fields=None, **kwargs):
    was = getattr(instance, "_ledger_status", UNKNOWN)
    instance._ledger_status = instance.status
    if raw:
        return
    if created:
        record(
            actions.CERTIFICATE_ISSUE,
            subject=instance.user,
            occurred_at=instance.created_at,
            details=_certificate_details(instance),
        )
    elif _became(instance, "status", was, update_fields, _is_revoked):
        record(
            actions.CERTIFICATE_REVOKE,
            actor=instance.revoked_by,
            subject=instance.user,
            occurred_at=instance.revoked_at,
            details={**_certificate_details(instance), "reason": instance.revoked_reason},
        )


def connect():
    uid = "compliance.ledger."
    post_save.connect(record_enrolment, sender=Enrolment, dispatch_uid=uid + "enrolment")
    post_init.connect(remember_completed_at, sender=ModuleProgress, dispatch_uid=uid + "progress")
    post_save.connect(record_module_completion, sender=ModuleProgress, dispatch_uid=uid + "module")
    post_save.connect(
        record_course_completion, sender=CourseCompletion, dispatch_uid=uid + "completion"
    )
    attempt_finished.connect(record_attempt_submitted, sender=Attempt, dispatch_uid=uid + "submit")
    attempt_marked.connect(record_attempt_marked, sender=Attempt, dispatch_uid=uid + "mark")
    post_init.connect(remember_status, sender=Certificate, dispatch_uid=uid + "status")
    post_save.connect(record_certificate, sender=Certificate, dispatch_uid=uid + "certificate")
