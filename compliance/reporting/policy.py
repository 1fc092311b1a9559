"""Who may open the compliance reports: one permission, whatever model a report lists."""

from wagtail.permission_policies.base import BasePermissionPolicy

from ..assignments.models import OfficerAssignment

PERMISSION = "compliance.view_compliance_reports"


def can_view_reports(user):
    return user.is_active and user.has_perm(PERMISSION)


class ReportsPermissionPolicy(BasePermissionPolicy):
    """Grants "view" to holders of ``compliance.view_compliance_reports`` and nothing else.

    The permission says a person may read reports; which rows they read is decided by their
    jurisdiction (:func:`compliance.jurisdiction.visible_units`) in each report's queryset.
    """

    def __init__(self):
        super().__init__(OfficerAssignment)

    def user_has_permission(self, user, action):
        return action == "view" and can_view_reports(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
