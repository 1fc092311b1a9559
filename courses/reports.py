"""The trainer's report of enrolments and progress, with Wagtail's CSV and XLSX export."""

import django_filters
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .localization import default_language
from .pages import CoursePage
from .records import Enrolment


def courses_with_records(request):
    """Courses in the default locale: the pages enrolments point at (not their translations)."""
    return CoursePage.objects.filter(locale__language_code=default_language()).order_by("title")


class EnrolmentReportFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=courses_with_records)
    completed = django_filters.BooleanFilter(
        label=_("Completed"), field_name="completion", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Enrolment
        fields = ["course", "source", "completed"]


class EnrolmentReportView(ReportView):
    page_title = _("Enrolments and progress")
    header_icon = "group"
    index_url_name = "courses_enrolment_report"
    index_results_url_name = "courses_enrolment_report_results"
    filterset_class = EnrolmentReportFilterSet
    permission_policy = ModelPermissionPolicy(Enrolment)
    permission_required = "view"
    columns = [
        Column("user_name", label=_("Officer")),
        Column("course_title", label=_("Course")),
        Column("get_source_display", label=_("Enrolled by")),
        DateColumn("enrolled_at", label=_("Enrolled")),
        DateColumn("due_on", label=_("Due")),
        Column("modules_completed", label=_("Modules completed")),
        DateColumn("completed_at", label=_("Course completed")),
        DateColumn("superseded_at", label=_("Refresher started")),
    ]
    list_export = [
        "user_name",
        "course_title",
        "source",
        "enrolled_at",
        "due_on",
        "modules_completed",
        "completed_at",
        "superseded_at",
    ]
    export_headings = {
        "user_name": _("Officer"),
        "course_title": _("Course"),
        "source": _("Enrolled by"),
        "enrolled_at": _("Enrolled"),
        "due_on": _("Due"),
        "modules_completed": _("Modules completed"),
        "completed_at": _("Course completed"),
        "superseded_at": _("Refresher started"),
    }

    def get_filename(self):
        return "enrolments"

    def get_queryset(self):
        return Enrolment.objects.annotate(
            modules_completed=Count(
                "module_progress", filter=Q(module_progress__completed_at__isnull=False)
            ),
            completed_at=F("completion__completed_at"),
        ).order_by("course_title", "user_name", "pk")
