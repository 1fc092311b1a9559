from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import LogFormatter

from . import certificate_details, user_deletion
from .assignments.components import MyAssignedTrainingPanel
from .assignments.viewsets import AssignmentViewSet, JurisdictionViewSet
from .ledger.views import EXPORT_ACTION, LedgerReportView
from .reporting import urls as reporting_urls
from .reporting.export_views import REPORT_PDF_ACTION, ComplianceReportView
from .reporting.policy import can_view_reports
from .reporting.register import CertificateRegisterView
from .reporting.views import DASHBOARD_URL_NAME
from .roster import IMPORT_LOG_ACTION
from .roster.views import (
    IMPORT_URL_NAME,
    TEMPLATE_URL_NAME,
    RosterImportView,
    can_import,
    roster_template,
)

# Answers to the hooks other apps define -------------------------------------------------------


@hooks.register("certificates_holder_details")
def certificate_holder_details(user):
    return certificate_details.holder_details(user)


@hooks.register("certificates_users_in_unit")
def certificate_users_in_unit(code):
    return certificate_details.users_in_unit(code)


@hooks.register("courses_my_training_panels")
def my_assigned_training_panel(request):
    if not request.user.is_authenticated:
        return None
    return MyAssignedTrainingPanel(request.user)


# Admin URLs and viewsets ------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        *reporting_urls.urlpatterns,
        path("compliance/roster/import/", RosterImportView.as_view(), name=IMPORT_URL_NAME),
        path("compliance/roster/template.csv", roster_template, name=TEMPLATE_URL_NAME),
        path("reports/audit-ledger/", LedgerReportView.as_view(), name="compliance_ledger"),
        path(
            "reports/audit-ledger/results/",
            LedgerReportView.as_view(results_only=True),
            name="compliance_ledger_results",
        ),
        path(
            "reports/certificate-register/",
            CertificateRegisterView.as_view(),
            name="compliance_certificate_register",
        ),
        path(
            "reports/certificate-register/results/",
            CertificateRegisterView.as_view(results_only=True),
            name="compliance_certificate_register_results",
        ),
        path(
            "reports/compliance-report/",
            ComplianceReportView.as_view(),
            name="compliance_report_pdf",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_assignment_viewsets():
    return [AssignmentViewSet(), JurisdictionViewSet()]


# Users: an account with training records is deactivated, not deleted ----------------------------


hooks.register("before_delete_user", user_deletion.refuse_delete_user)
hooks.register("before_bulk_action", user_deletion.refuse_bulk_delete_users)


# Menus ------------------------------------------------------------------------------------------


class PermittedMenuItem(MenuItem):
    """A menu item shown to the users ``is_permitted`` accepts."""

    def __init__(self, *args, is_permitted, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_permitted = is_permitted

    def is_shown(self, request):
        return self.is_permitted(request.user)


#: The "Compliance" submenu; items join it with the ``register_compliance_menu_item`` hook, and
#: it shows only when one of its items does.
compliance_menu = Menu(
    register_hook_name="register_compliance_menu_item",
    construct_hook_name="construct_compliance_menu",
)


@hooks.register("register_admin_menu_item")
def register_compliance_menu():
    return SubmenuMenuItem(
        _("Compliance"), compliance_menu, name="compliance", icon_name="group", order=400
    )


@hooks.register("register_compliance_menu_item")
def register_dashboard_menu_item():
    return PermittedMenuItem(
        _("Compliance dashboard"),
        reverse(DASHBOARD_URL_NAME),
        name="compliance-dashboard",
        icon_name="table",
        order=10,
        is_permitted=can_view_reports,
    )


@hooks.register("register_compliance_menu_item")
def register_roster_menu_item():
    return PermittedMenuItem(
        _("Roster import"),
        reverse(IMPORT_URL_NAME),
        name="roster-import",
        icon_name="upload",
        order=100,
        is_permitted=can_import,
    )


@hooks.register("register_reports_menu_item")
def register_certificate_register_menu_item():
    return PermittedMenuItem(
        _("Certificate register"),
        reverse("compliance_certificate_register"),
        name="certificate-register",
        icon_name="doc-full",
        order=1700,
        is_permitted=can_view_reports,
    )


@hooks.register("register_reports_menu_item")
def register_compliance_report_menu_item():
    return PermittedMenuItem(
        _("PDF compliance report"),
        reverse("compliance_report_pdf"),
        name="compliance-report-pdf",
        icon_name="doc-full-inverse",
        order=1800,
        is_permitted=can_view_reports,
    )


@hooks.register("register_reports_menu_item")
def register_ledger_menu_item():
    return PermittedMenuItem(
        _("Audit ledger"),
        reverse("compliance_ledger"),
        name="audit-ledger",
        icon_name="list-ol",
        order=1900,
        is_permitted=lambda user: user.has_perm("compliance.view_ledgerentry"),
    )


# Wagtail's admin log ----------------------------------------------------------------------------


class RosterImportLogFormatter(LogFormatter):
    label = _("Import roster")

    def format_message(self, log_entry):
        data = log_entry.data
        counts = _("%(created)s created, %(updated)s updated, %(deactivated)s deactivated") % data
        if data.get("file_name"):
            return _("Roster %(file_name)s imported: %(counts)s") % {
                "file_name": data["file_name"],
                "counts": counts,
            }
        return _("Roster imported: %(counts)s") % {"counts": counts}


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        EXPORT_ACTION, _("Export audit ledger"), _("Audit ledger exported as CSV")
    )
    actions.register_action(
        REPORT_PDF_ACTION, _("Generate compliance report"), _("PDF compliance report generated")
    )
    actions.register_action(IMPORT_LOG_ACTION)(RosterImportLogFormatter)
