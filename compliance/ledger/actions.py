"""The action codes the ledger records, with labels for people."""

from django.utils.translation import gettext_lazy as _

ENROL = "courses.enrol"
MODULE_COMPLETE = "courses.module_complete"
COURSE_COMPLETE = "courses.complete"
ATTEMPT_SUBMIT = "quizzes.attempt_submit"
ATTEMPT_MARK = "quizzes.attempt_mark"
CERTIFICATE_ISSUE = "certificates.issue"
CERTIFICATE_REVOKE = "certificates.revoke"

#: Labels for the codes above; codes recorded by later features fall back to the code itself.
LABELS = {
    ENROL: _("Enrolled in a course"),
    MODULE_COMPLETE: _("Completed a module"),
    COURSE_COMPLETE: _("Completed a course"),
    ATTEMPT_SUBMIT: _("Submitted a quiz attempt"),
    ATTEMPT_MARK: _("Marked an essay answer"),
    CERTIFICATE_ISSUE: _("Certificate issued"),
    CERTIFICATE_REVOKE: _("Certificate revoked"),
}


def label(code):
    return LABELS.get(code, code)
