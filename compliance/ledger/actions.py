"""The action codes the ledger records, with labels for people."""

from django.utils.translation import gettext_lazy as _

ENROL = "courses.enrol"
MODULE_COMPLETE = "courses.module_complete"
COURSE_COMPLETE = "courses.complete"
ATTEMPT_SUBMIT = "quizzes.attempt_submit"
ATTEMPT_MARK = "quizzes.attempt_mark"
CERTIFICATE_ISSUE = "certificates.issue"
CERTIFICATE_REVOKE = "certificates.revoke"
ROSTER_ADD = "compliance.roster_add"
ROSTER_UPDATE = "compliance.roster_update"
ROSTER_DEACTIVATE = "compliance.roster_deactivate"
ASSIGN = "compliance.assign"
ASSIGNMENT_CHANGE = "compliance.assignment_change"
ASSIGNMENT_DELETE = "compliance.assignment_delete"
TRANSCRIPT_VIEW = "compliance.transcript_view"

#: Labels for the codes above; codes recorded by later features fall back to the code itself.
LABELS = {
    ENROL: _("Enrolled in a course"),
    MODULE_COMPLETE: _("Completed a module"),
    COURSE_COMPLETE: _("Completed a course"),
    ATTEMPT_SUBMIT: _("Submitted a quiz attempt"),
    ATTEMPT_MARK: _("Marked an essay answer"),
    CERTIFICATE_ISSUE: _("Certificate issued"),
    CERTIFICATE_REVOKE: _("Certificate revoked"),
    ROSTER_ADD: _("Officer added from a roster"),
    ROSTER_UPDATE: _("Officer updated from a roster"),
    ROSTER_DEACTIVATE: _("Officer deactivated by a roster"),
    ASSIGN: _("Course assigned"),
    ASSIGNMENT_CHANGE: _("Course assignment changed"),
    ASSIGNMENT_DELETE: _("Course assignment deleted"),
    TRANSCRIPT_VIEW: _("Transcript viewed"),
}


def label(code):
    return LABELS.get(code, code)
