from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Organisation units, officers, roles, assignments, reports and the audit record."""

    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from . import receivers
        from .assignments import checks  # noqa: F401 (registers the database check)
        from .assignments import receivers as assignment_receivers
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self)
        receivers.connect()
        assignment_receivers.connect()
