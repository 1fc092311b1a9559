"""The filters of the compliance reports, shared by the dashboard, its officer lists and exports."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from courses.pages import CoursePage
from quizzes.models import AttemptAnswer

from ..assignments.models import OfficerAssignment
from ..assignments.status import Status, with_status
from ..models import OfficerProfile, Rank


def _courses(request):
    return CoursePage.objects.order_by("title")


class ObligationFilterSet(WagtailFilterSet):
    """Narrows ``OfficerAssignment`` rows: the dashboard's totals, charts and timeline."""

    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=_courses)
    rank = django_filters.ModelChoiceFilter(
        label=_("Rank"), field_name="user__officer_profile__rank", queryset=Rank.objects.all()
    )
    due_on = django_filters.DateFromToRangeFilter(
        label=_("Due between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = OfficerAssignment
        fields = ["course", "rank", "due_on"]


class ProficiencyFilterSet(WagtailFilterSet):
    """Narrows the answers that proficiency by legal norm counts."""

    rank = django_filters.ModelChoiceFilter(
        label=_("Rank"),
        field_name="attempt__user__officer_profile__rank",
        queryset=Rank.objects.all(),
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Answered between"),
        field_name="attempt__submitted_at__date",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = AttemptAnswer
        fields = ["rank", "submitted_at"]


class OfficerFilterSet(WagtailFilterSet):
    """Narrows a unit's officers: by rank, and to those with an obligation of a course and/or in
    a status (both on the same obligation when both are given)."""

    rank = django_filters.ModelChoiceFilter(label=_("Rank"), queryset=Rank.objects.all())
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_courses, method="filter_obligations"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_obligations"
    )

    class Meta:
        model = OfficerProfile
        fields = ["rank", "course", "status"]

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_obligations(self, queryset, name, value):
        return queryset  # Both are applied together in filter_queryset.

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        course, status = self.form.cleaned_data.get("course"), self.form.cleaned_data.get("status")
        if not course and not status:
            return queryset
        obligations = OfficerAssignment.objects.filter(user=OuterRef("user_id"))
        if course:
            obligations = obligations.filter(course=course)
        if status:
            obligations = with_status(obligations, self.today).filter(status=status)
        return queryset.filter(Exists(obligations))
