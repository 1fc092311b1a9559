"""The printable compliance report in the Wagtail admin: choose a course, download the PDF.

Generating the report is recorded in Wagtail's audit log (who, for which units and course), so
the page shows the form on GET and generates on POST: a GET never writes anything.
"""

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from courses.pages import CoursePage

from ..jurisdiction import jurisdiction_roots
from .pdf import build_report, render_pdf
from .policy import ReportsPermissionPolicy

REPORT_PDF_ACTION = "compliance.report_pdf"


class ComplianceReportForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.order_by("title"),
        required=False,
        empty_label=_("All courses"),
    )


class ComplianceReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "compliance/reporting/report_pdf.html"
    form_class = ComplianceReportForm
    page_title = _("PDF compliance report")
    header_icon = "doc-full"
    permission_policy = ReportsPermissionPolicy()
    permission_required = "view"

    def get_initial(self):
        # ?course= from a link (the dashboard's filter, say) preselects the course.
        return {"course": self.request.GET.get("course")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(scope=jurisdiction_roots(self.request.user), **kwargs)

    def form_valid(self, form):
        course = form.cleaned_data["course"]
        report = build_report(self.request.user, course=course)
        if not report.roots:
            form.add_error(
                None, _("No unit is in your jurisdiction, so there is nothing to report.")
            )
            return self.form_invalid(form)
        content = render_pdf(report)
        for unit in report.roots:
            log(
                instance=unit,
                action=REPORT_PDF_ACTION,
                user=self.request.user,
                data={
                    "course": report.course_title,
                    "units": [root.name for root in report.roots],
                },
            )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
        return response
