from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import EnrolmentReportView


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/enrolments/",
            EnrolmentReportView.as_view(),
            name="courses_enrolment_report",
        ),
        path(
            "reports/enrolments/results/",
            EnrolmentReportView.as_view(results_only=True),
            name="courses_enrolment_report_results",
        ),
    ]


class EnrolmentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.view_enrolment")


@hooks.register("register_reports_menu_item")
def register_enrolment_report_menu_item():
    return EnrolmentReportMenuItem(
        _("Enrolments and progress"),
        reverse("courses_enrolment_report"),
        name="enrolments",
        icon_name="group",
        order=1200,
    )
