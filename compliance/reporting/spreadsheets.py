"""Wagtail's spreadsheet export (CSV and XLSX) for the compliance reports."""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from ..ledger.views import guard


class GuardedSpreadsheetMixin(SpreadsheetExportMixin):
    def preprocess_field_value(self, field, value, export_format):
        """Give a CSV cell a spreadsheet would run as a formula the ledger export's apostrophe.

        Applied to the cell as written, after any field's own preprocessing: names, ranks, units
        and course titles are all typed in by people. XLSX cells are written as text by Wagtail.
        """
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return guard(value)
        return value


class TableExportMixin(GuardedSpreadsheetMixin):
    """For a page that is not a listing: ``?export=csv`` or ``?export=xlsx`` (the header's
    download buttons, keeping the filters) downloads :meth:`export_rows` instead."""

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.export_rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export_rows(self):
        raise NotImplementedError
