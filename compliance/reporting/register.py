"""The certificate register: every certificate of the officers an auditor oversees.

A certificate belongs to the unit its holder is in *now* (their officer profile), so an
officer who moves takes their certificates to the new unit's register: auditors see who under
them holds which certificate today. Training administrators see every certificate, those of
deleted users and users without a profile included.
"""

import django_filters
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from certificates.models import STATUS_LABELS, Certificate
from courses.pages import CoursePage

from ..jurisdiction import sees_whole_organisation, visible_units
from ..ledger.views import guard
from .policy import ReportsPermissionPolicy

#: Rows read from the database at a time while an export is written.
EXPORT_CHUNK_SIZE = 2000


def effective_status_expression(today):
    """SQL for :func:`certificates.models.effective_status`: revoked and pending win, then a
    certificate past its expiry date is expired (it is still valid on the date itself)."""
    return Case(
        When(~Q(status=Certificate.Status.VALID), then=F("status")),
        When(expires_on__lt=today, then=Value(Certificate.EXPIRED)),
        default=Value(Certificate.Status.VALID),
        output_field=CharField(),
    )


def certificates_in_scope(user):
    """The certificates ``user`` may list, holders' current units in ``user``'s jurisdiction."""
    if sees_whole_organisation(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(user__officer_profile__unit__in=visible_units(user))


def _units_in_scope(request):
    return visible_units(request.user)


class CertificateRegisterFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.order_by("title")
    )
    effective_status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items())
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=_units_in_scope,
        method="filter_unit",
        help_text=_("The unit the holder belongs to today, with every unit under it."),
    )
    issued_on = django_filters.DateFromToRangeFilter(
        label=_("Issued between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificate
        fields = ["course", "effective_status", "unit", "issued_on"]

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(user__officer_profile__unit__path__startswith=unit.path)


class ChunkedRows:
    """A queryset read in chunks when iterated, so that an export never holds every row."""

    def __init__(self, queryset):
        self.model = queryset.model
        self.queryset = queryset

    def __iter__(self):
        return self.queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)


def _status_label(code):
    return str(STATUS_LABELS[code])


class CertificateRegisterView(ReportView):
    page_title = _("Certificate register")
    header_icon = "doc-full"
    index_url_name = "compliance_certificate_register"
    index_results_url_name = "compliance_certificate_register_results"
    filterset_class = CertificateRegisterFilterSet
    permission_policy = ReportsPermissionPolicy()
    permission_required = "view"
    columns = [
        Column("number", label=_("Certificate number")),
        Column("holder_name", label=_("Officer")),
        Column("service_number", label=_("Service number")),
        Column("unit_name", label=_("Unit")),
        Column("course_title", label=_("Course")),
        DateColumn("completed_on", label=_("Completed")),
        DateColumn("issued_on", label=_("Issued")),
        DateColumn("expires_on", label=_("Expires")),
        Column(
            "effective_status",
            label=_("Status"),
            accessor=lambda certificate: _status_label(certificate.effective_status),
        ),
        Column("revoked_reason", label=_("Reason for revocation")),
    ]
    export_headings = {
        "number": _("Certificate number"),
        "holder_name": _("Officer"),
        "service_number": _("Service number"),
        "unit_name": _("Unit"),
        "course_title": _("Course"),
        "completed_on": _("Completed"),
        "issued_on": _("Issued"),
        "expires_on": _("Expires"),
        "effective_status": _("Status"),
        "revoked_reason": _("Reason for revocation"),
    }
    list_export = list(export_headings)
    custom_field_preprocess = {
        "effective_status": {
            ReportView.FORMAT_CSV: _status_label,
            ReportView.FORMAT_XLSX: _status_label,
        }
    }
    # XLSX cells are written as text by Wagtail; a CSV cell a spreadsheet would run as a
    # formula gets the ledger export's apostrophe.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: guard},
    }

    def get_filename(self):
        return f"certificate-register-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return (
            certificates_in_scope(self.request.user)
            .annotate(
                unit_name=F("user__officer_profile__unit__name"),
                effective_status=effective_status_expression(timezone.localdate()),
            )
            .order_by("-issued_on", "-pk")
        )

    def get(self, request, *args, **kwargs):
        # Wagtail's export first counts the rows by loading them all; this one streams from
        # the database instead. An export with invalid filters shows the form's errors.
        if self.is_export and (self.filters is None or self.filters.is_valid()):
            rows = ChunkedRows(self.get_filtered_queryset())
            return self.as_spreadsheet(rows, request.GET["export"])
        self.is_export = False
        return super().get(request, *args, **kwargs)
