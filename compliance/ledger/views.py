"""The ledger in the Wagtail admin: a read-only listing and the CSV export for auditors.

There is no add, edit or delete view, and no permission to grant one (see the model's Meta).

Training administrators see the whole ledger; an auditor sees the entries about officers who
were in their jurisdiction when the event happened (the entry's ``unit_path`` snapshot), so an
officer's history stays with the units it happened in when the officer moves. Entries with no
officer (or an officer without a unit) are for administrators only.
"""

import csv

from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from ..jurisdiction import jurisdiction_roots, sees_whole_organisation
from . import actions
from .hashing import HASHED_FIELDS, canonical_bytes
from .models import LedgerEntry

#: The export's columns, in order: the hashed content, then the entry's own hash.
CSV_COLUMNS = (*HASHED_FIELDS, "entry_hash")

#: Cells a spreadsheet would run as a formula, and cells that already start with the guard.
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

EXPORT_ACTION = "compliance.ledger_export"


class _Echo:
    def write(self, value):
        return value


def guard(value):
    """Prefix an apostrophe to a cell a spreadsheet would run, or that starts with one.

    Unambiguous, so that verification restores the exact value: a cell that starts with an
    apostrophe always had one added, and loses exactly that one.
    """
    return f"'{value}" if value.startswith(GUARDED_STARTS) else value


def csv_row(entry):
    values = entry.hashed_content()
    values["details"] = canonical_bytes(values["details"]).decode("utf-8")
    values["entry_hash"] = entry.entry_hash
    return [guard("" if values[column] is None else str(values[column])) for column in CSV_COLUMNS]


def stream_csv(queryset):
    """The CSV, line by line, reading the ledger in chunks: memory stays flat however long."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in queryset.order_by("sequence").iterator(chunk_size=2000):
        yield writer.writerow(csv_row(entry))


def entries_in_scope(user):
    """The entries ``user`` may read and export: all of them, or those of their units."""
    if sees_whole_organisation(user):
        return LedgerEntry.objects.all()
    in_scope = Q()
    for unit in jurisdiction_roots(user):
        in_scope |= Q(unit_path__startswith=unit.path)
    return LedgerEntry.objects.filter(in_scope) if in_scope else LedgerEntry.objects.none()


class LedgerReportView(ReportView):
    page_title = _("Audit ledger")
    header_icon = "list-ol"
    index_url_name = "compliance_ledger"
    index_results_url_name = "compliance_ledger_results"
    permission_policy = ModelPermissionPolicy(LedgerEntry)
    permission_required = "view"
    columns = [
        Column("sequence", label=_("No.")),
        DateColumn("occurred_at", label=_("Occurred")),
        Column("action", label=_("Event"), accessor=lambda entry: actions.label(entry.action)),
        Column("actor_name", label=_("By")),
        Column("subject_name", label=_("Officer")),
        Column("subject_service_number", label=_("Service number")),
        Column("entry_hash", label=_("Hash"), accessor=lambda entry: entry.entry_hash[:16] + "…"),
    ]

    def get_queryset(self):
        return entries_in_scope(self.request.user).order_by("-sequence")

    @property
    def header_more_buttons(self):
        return [
            Button(
                _("Download CSV with hashes"),
                url=self.get_export_url("csv"),
                icon_name="download",
                priority=100,
            )
        ]

    def get(self, request, *args, **kwargs):
        if self.is_export:
            if request.GET.get("export") != self.FORMAT_CSV:
                raise Http404  # XLSX is built in memory, and would not verify byte for byte.
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def csv_response(self):
        queryset = entries_in_scope(self.request.user)
        last = queryset.order_by("-sequence").first()
        if last is not None:
            log(
                instance=last,
                action=EXPORT_ACTION,
                user=self.request.user,
                data={"up_to_sequence": last.sequence, "last_hash": last.entry_hash},
            )
        # Entries appended while the file streams may be included; the chain holds either way.
        # A scoped export is not a contiguous chain: see docs/audit-ledger.md.
        response = StreamingHttpResponse(stream_csv(queryset), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit-ledger.csv"'
        return response
