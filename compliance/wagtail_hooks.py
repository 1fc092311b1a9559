from wagtail import hooks

from . import certificate_details


@hooks.register("certificates_holder_details")
def certificate_holder_details(user):
    return certificate_details.holder_details(user)


@hooks.register("certificates_users_in_unit")
def certificate_users_in_unit(code):
    return certificate_details.users_in_unit(code)


# The audit ledger ---------------------------------------------------------------------------

from django.urls import path, reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from .ledger.views import EXPORT_ACTION, LedgerReportView  # noqa: E402


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [
        path("reports/audit-ledger/", LedgerReportView.as_view(), name="compliance_ledger"),
        path(
            "reports/audit-ledger/results/",
            LedgerReportView.as_view(results_only=True),
            name="compliance_ledger_results",
        ),
    ]


class LedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("compliance.view_ledgerentry")


@hooks.register("register_reports_menu_item")
def register_ledger_menu_item():
    return LedgerMenuItem(
        _("Audit ledger"),
        reverse("compliance_ledger"),
        name="audit-ledger",
        icon_name="list-ol",
        order=1900,
    )


@hooks.register("register_log_actions")
def register_ledger_log_actions(actions):
    actions.register_action(
        EXPORT_ACTION, _("Export audit ledger"), _("Audit ledger exported as CSV")
    )
