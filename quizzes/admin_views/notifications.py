"""Telling an officer that a marked attempt's result is ready."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.log_actions import log

logger = logging.getLogger(__name__)

#: The officer's result page, served by the learner-facing quiz views.
RESULT_URL_NAME = "quizzes:result"


def _absolute(path, request=None):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if base:
        return base.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def result_url(attempt, request=None):
    """The absolute address of the officer's result page, or None if the site has none.

    The learner's quiz pages are an optional part of a site that installs the apps; without
    them the email still goes out, pointing at the site itself.
    """
    try:
        path = reverse(RESULT_URL_NAME, args=[attempt.pk])
    except NoReverseMatch:
        return None
    return _absolute(path, request)


def notify_result_ready(attempt, *, marker=None, request=None):
    """Email the officer that their attempt has been marked; True if an email was sent.

    Runs after the marking has committed. A mail server that refuses the message does not
    undo the marking: the failure is logged and reported to the marker instead.
    """
    officer = attempt.user
    if not officer.email:
        return False
    context = {
        "name": attempt.user_name,
        "quiz_title": attempt.quiz_title,
        "attempt_number": attempt.attempt_number,
        "result_url": result_url(attempt, request),
        "site_url": _absolute("/", request),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("quizzes/admin/emails/result_ready_subject.txt", context)
        body = render_to_string("quizzes/admin/emails/result_ready_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [officer.email])
    except Exception:
        logger.exception("Could not email the result of attempt %s", attempt.pk)
        return False
    log(
        instance=attempt,
        action="quizzes.attempt.notify",
        user=marker,
        data={"result_url": context["result_url"]},
    )
    return True
