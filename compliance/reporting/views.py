"""The compliance dashboard in the Wagtail admin, read-only, for auditors and training
administrators: totals per unit with drill-down, a unit's officers, and an officer's transcript.

Every view starts from :func:`compliance.jurisdiction.visible_units`: a unit or an officer
outside it is answered with 404, as if it did not exist, and every queryset is filtered by it.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from courses.services import display_name

from ..assignments.status import Status, label_statuses
from ..jurisdiction import visible_units
from ..ledger import actions
from ..ledger.services import record
from ..models import OrgUnit
from .charts import bar_chart
from .filters import ObligationFilterSet, OfficerFilterSet, ProficiencyFilterSet
from .officers import officers_in
from .policy import can_view_reports
from .proficiency import LOW_SHARE, NormRow, Share, decided_answers, proficiency_by_unit
from .spreadsheets import GuardedSpreadsheetMixin, TableExportMixin
from .timeline import completions_by_month
from .totals import EXPIRY_WINDOWS, active_obligations, overall, totals_per_unit
from .transcript import transcript
from .units import level_units, unit_rows

DASHBOARD_URL_NAME = "compliance_dashboard"
UNIT_URL_NAME = "compliance_dashboard_unit"
OFFICERS_URL_NAME = "compliance_officers"
OFFICERS_RESULTS_URL_NAME = "compliance_officers_results"
TRANSCRIPT_URL_NAME = "compliance_transcript"
PROFICIENCY_URL_NAME = "compliance_proficiency"
UNIT_PROFICIENCY_URL_NAME = "compliance_proficiency_unit"


def percent(value):
    return f"{number_format(value, 1)} %"


class ComplianceViewMixin:
    """Refuses anyone without the reports permission; loads the unit named in the URL from the
    viewer's visible units (404 for any other) and builds the breadcrumbs down to it."""

    unit = None

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        self.today = timezone.localdate()
        self.visible_units = visible_units(request.user)
        if "unit_id" in kwargs:
            self.unit = get_object_or_404(self.visible_units, pk=kwargs["unit_id"])
        return super().dispatch(request, *args, **kwargs)

    def unit_trail(self, unit):
        """``unit`` and those of its ancestors the viewer may see, from the top down."""
        steps = range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)
        return list(self.visible_units.filter(path__in=[unit.path[:end] for end in steps]))

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse(DASHBOARD_URL_NAME), "label": _("Compliance dashboard")},
        ]
        if self.unit is not None:
            items += [
                {"url": reverse(UNIT_URL_NAME, args=[unit.pk]), "label": unit.name}
                for unit in self.unit_trail(self.unit)
            ]
        return items


class LevelViewMixin(ComplianceViewMixin):
    """A page about the units of one level of the tree: the top of the viewer's jurisdiction,
    or the sub-units of the unit in the URL."""

    def get_page_subtitle(self):
        return self.unit.name if self.unit else ""

    def level_url(self, top_url_name, unit_url_name):
        """The URL of a page about the same level as this one."""
        if self.unit is None:
            return reverse(top_url_name)
        return reverse(unit_url_name, args=[self.unit.pk])

    def get_filename(self):
        scope = self.unit.code if self.unit else "all"
        return f"{self.export_filename}-{scope}-{self.today.isoformat()}"


class DashboardView(LevelViewMixin, TableExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Training status totals per unit of one level of the tree, with charts."""

    template_name = "compliance/reporting/dashboard.html"
    page_title = gettext_lazy("Compliance dashboard")
    header_icon = "group"
    export_filename = "compliance"
    list_export = [
        "unit.name",
        "unit.code",
        "totals.assigned",
        "totals.completed",
        "totals.overdue",
        *(f"totals.expiring_within.{days}" for days in EXPIRY_WINDOWS),
        "totals.completion_rate",
    ]
    export_headings = {
        "unit.name": gettext_lazy("Unit"),
        "unit.code": gettext_lazy("Unit code"),
        "totals.assigned": pgettext_lazy("number of assigned courses", "Assigned"),
        "totals.completed": gettext_lazy("Completed"),
        "totals.overdue": gettext_lazy("Overdue"),
        "totals.expiring_within.30": gettext_lazy("Expiring in 30 days"),
        "totals.expiring_within.60": gettext_lazy("Expiring in 60 days"),
        "totals.expiring_within.90": gettext_lazy("Expiring in 90 days"),
        "totals.completion_rate": gettext_lazy("Completion rate (%)"),
    }

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {"url": "", "label": items[-1]["label"]}  # The page itself.
        return items

    @cached_property
    def filters(self):
        return ObligationFilterSet(
            self.request.GET, queryset=active_obligations(self.visible_units), request=self.request
        )

    @cached_property
    def obligations(self):
        obligations = self.filters.qs
        if self.unit is not None:
            obligations = obligations.for_units(OrgUnit.objects.within(self.unit))
        return obligations

    @cached_property
    def per_unit(self):
        return totals_per_unit(self.obligations, self.today)

    @cached_property
    def rows(self):
        return unit_rows(self.per_unit, level_units(self.request.user, self.unit))

    def export_rows(self):
        return self.rows

    def get_context_data(self, **kwargs):
        rows = self.rows
        return super().get_context_data(
            filters=self.filters,
            rows=rows,
            summary=overall(self.per_unit),
            units_caption=(
                _("Training status of the units of %(unit)s") % {"unit": self.unit.name}
                if self.unit
                else _("Training status of the units of your jurisdiction")
            ),
            completion_chart=bar_chart(
                _("Completion rate by unit"),
                [(row.unit.name, row.totals.completion_rate) for row in rows],
                label_heading=_("Unit"),
                value_heading=_("Completion rate"),
                maximum=100,
                display=percent,
            ),
            timeline_chart=bar_chart(
                _("Assigned courses completed per month"),
                [
                    (date_format(month, "YEAR_MONTH_FORMAT"), count)
                    for month, count in completions_by_month(self.obligations, self.today)
                ],
                label_heading=_("Month"),
                value_heading=_("Completions"),
            ),
            proficiency_url=self.level_url(PROFICIENCY_URL_NAME, UNIT_PROFICIENCY_URL_NAME),
            **kwargs,
        )


@dataclass
class ShareRow:
    """A unit's share of correct answers for one norm: a row of the proficiency export."""

    norm: NormRow
    unit: OrgUnit
    share: Share


class ProficiencyView(LevelViewMixin, TableExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Proficiency by legal norm for the units of one level of the tree, as on the dashboard."""

    template_name = "compliance/reporting/proficiency.html"
    page_title = gettext_lazy("Proficiency by legal norm")
    header_icon = "help"
    export_filename = "proficiency"
    list_export = [
        "norm.instrument",
        "norm.article",
        "unit.name",
        "unit.code",
        "share.answered",
        "share.correct",
        "share.percent",
    ]
    export_headings = {
        "norm.instrument": gettext_lazy("Instrument"),
        "norm.article": gettext_lazy("Article"),
        "unit.name": gettext_lazy("Unit"),
        "unit.code": gettext_lazy("Unit code"),
        "share.answered": gettext_lazy("Answers"),
        "share.correct": gettext_lazy("Correct answers"),
        "share.percent": gettext_lazy("Share correct (%)"),
    }

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    @cached_property
    def filters(self):
        return ProficiencyFilterSet(
            self.request.GET, queryset=decided_answers(self.visible_units), request=self.request
        )

    @cached_property
    def units(self):
        return level_units(self.request.user, self.unit)

    @cached_property
    def norms(self):
        return proficiency_by_unit(self.filters.qs, self.units)

    def export_rows(self):
        return [
            ShareRow(norm, unit, share)
            for norm in self.norms
            for unit, share in zip(self.units, norm.shares, strict=True)
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters,
            units=self.units,
            proficiency=self.norms,
            low_share=LOW_SHARE,
            dashboard_url=self.level_url(DASHBOARD_URL_NAME, UNIT_URL_NAME),
            **kwargs,
        )


def obligations_text(obligations):
    """The officer list's "Assigned courses" cell in a spreadsheet."""
    return "; ".join(f"{o.course_title}: {Status(o.status).label}" for o in obligations)


class ObligationsColumn(Column):
    cell_template_name = "compliance/reporting/cells/obligations.html"

    def get_cell_context_data(self, instance, parent_context):
        # Not Column's: it would turn the list into text, one query per obligation.
        context = BaseColumn.get_cell_context_data(self, instance, parent_context)
        context["value"] = label_statuses(self.get_value(instance))
        return context


class UnitOfficersView(ComplianceViewMixin, GuardedSpreadsheetMixin, ReportView):
    """The officers of a unit and of its sub-units, with their status in every assigned course."""

    index_url_name = OFFICERS_URL_NAME
    index_results_url_name = OFFICERS_RESULTS_URL_NAME
    header_icon = "user"
    verbose_name = gettext_lazy("officer")
    verbose_name_plural = gettext_lazy("officers")
    filterset_class = OfficerFilterSet
    columns = [
        TitleColumn(
            "name",
            label=gettext_lazy("Officer"),
            accessor=lambda profile: display_name(profile.user),
            get_url=lambda profile: reverse(TRANSCRIPT_URL_NAME, args=[profile.user_id]),
        ),
        Column("service_number", label=gettext_lazy("Service number")),
        Column("rank", label=gettext_lazy("Rank")),
        Column("unit", label=gettext_lazy("Unit")),
        ObligationsColumn(
            "obligations",
            label=gettext_lazy("Assigned courses"),
            accessor=lambda profile: profile.user.obligations,
        ),
    ]
    list_export = [
        "service_number",
        "user.last_name",
        "user.first_name",
        "rank",
        "unit",
        "unit.code",
        "user.obligations",
    ]
    export_headings = {
        "service_number": gettext_lazy("Service number"),
        "user.last_name": gettext_lazy("Last name"),
        "user.first_name": gettext_lazy("First name"),
        "rank": gettext_lazy("Rank"),
        "unit": gettext_lazy("Unit"),
        "unit.code": gettext_lazy("Unit code"),
        "user.obligations": gettext_lazy("Assigned courses"),
    }
    custom_field_preprocess = {
        "user.obligations": {
            ReportView.FORMAT_CSV: obligations_text,
            ReportView.FORMAT_XLSX: obligations_text,
        }
    }

    def get_page_title(self):
        return _("Officers of %(unit)s") % {"unit": self.unit.name}

    def get_filename(self):
        return f"officers-{self.unit.code}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.unit.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.unit.pk])

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "today": self.today}

    def get_queryset(self):
        return officers_in(self.unit, self.visible_units, self.today)


class TranscriptView(ComplianceViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """One officer's training record. Each view is recorded in the ledger: who looked at whom."""

    template_name = "compliance/reporting/transcript.html"
    header_icon = "user"

    def get(self, request, *args, **kwargs):
        self.officer = get_object_or_404(
            get_user_model().objects.select_related(
                "officer_profile__unit", "officer_profile__rank"
            ),
            pk=kwargs["user_id"],
            officer_profile__unit__in=self.visible_units,
        )
        self.unit = self.officer.officer_profile.unit
        record(actions.TRANSCRIPT_VIEW, actor=request.user, subject=self.officer)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Transcript of %(name)s") % {"name": display_name(self.officer)}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            officer=self.officer,
            profile=self.officer.officer_profile,
            transcript=transcript(self.officer, self.today),
            officers_url=reverse(OFFICERS_URL_NAME, args=[self.unit.pk]),
            **kwargs,
        )
