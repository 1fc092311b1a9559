"""The roster import in the Wagtail admin: upload, preview the changes, then apply them.

The preview plans the import (writing nothing) and keeps the file waiting in the session (see
``pending``); Apply plans it again against the database as it is then and applies it in one
transaction, or shows the rows that have gone bad since and applies nothing.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import OfficerProfile, OrgUnit, Rank
from . import COLUMNS, RosterFileError, apply, parse_roster, plan_import
from .display import field_changes, field_values
from .forms import RosterUploadForm
from .pending import PendingImport

IMPORT_URL_NAME = "compliance_roster_import"
TEMPLATE_URL_NAME = "compliance_roster_template"

officer_policy = ModelPermissionPolicy(OfficerProfile)


def can_import(user):
    """Importing adds and changes officers, so it takes both permissions (training admins)."""
    return officer_policy.user_has_permission(user, "add") and officer_policy.user_has_permission(
        user, "change"
    )


def _require_import_permission(request):
    if not can_import(request.user):
        raise PermissionDenied


def preview_lines(plan):
    """One line per officer the import touches, in the order of the file, for the preview."""
    lines = [
        {"action": _("Create"), "change": change, "new_fields": field_values(change)}
        for change in plan.creates
    ]
    lines += [
        {"action": _("Update"), "change": change, "changes": field_changes(change)}
        for change in plan.updates
    ]
    lines.sort(key=lambda line: line["change"].row)
    lines += [
        {"action": _("Deactivate"), "change": change, "changes": field_changes(change)}
        for change in plan.deactivations
    ]
    return lines


def counts(plan):
    return {
        "agency": plan.agency,
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "deactivated": len(plan.deactivations),
    }


class RosterImportView(WagtailAdminTemplateMixin, FormView):
    """Upload and preview (POST with a file), or apply the previewed file (POST with its hash)."""

    template_name = "compliance/roster/import.html"
    form_class = RosterUploadForm
    page_title = gettext_lazy("Roster import")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        _require_import_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse(IMPORT_URL_NAME),
            template_url=reverse(TEMPLATE_URL_NAME),
            columns=COLUMNS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "sha256" in request.POST:
            return self.apply_previewed(request.POST["sha256"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        pending = PendingImport(
            name=upload.name,
            content=upload.read(),
            agency_id=form.cleaned_data["agency"].pk,
            deactivate_leavers=form.cleaned_data["deactivate_leavers"],
        )
        PendingImport.discard(self.request.session)
        try:
            plan = self.plan(pending, form.cleaned_data["agency"])
        except RosterFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if plan.ok:
            pending.keep(self.request.session)
        return self.render_preview(form, plan, pending)

    def apply_previewed(self, sha256):
        session = self.request.session
        pending = PendingImport.waiting(session)
        if pending is None or not pending.matches(sha256):
            messages.error(
                self.request,
                _(
                    "This is not the roster that was previewed, or its preview has expired: "
                    "nothing was imported. Upload the file again."
                ),
            )
            return redirect(IMPORT_URL_NAME)
        PendingImport.discard(session)
        agency = OrgUnit.objects.agencies().filter(pk=pending.agency_id).first()
        if agency is None:
            messages.error(self.request, _("The agency no longer exists: nothing was imported."))
            return redirect(IMPORT_URL_NAME)
        plan = self.plan(pending, agency)
        if not plan.ok:
            # The database changed since the preview (a unit removed, say): show why.
            return self.render_preview(self.get_form_class()(), plan, pending)
        apply(plan, user=self.request.user, file_name=pending.name, file_sha256=pending.sha256)
        messages.success(
            self.request,
            _(
                "Roster imported into %(agency)s: %(created)s created, %(updated)s updated, "
                "%(deactivated)s deactivated."
            )
            % counts(plan),
        )
        return redirect(IMPORT_URL_NAME)

    @staticmethod
    def plan(pending, agency):
        rows = parse_roster(pending.name, pending.content)
        return plan_import(rows, agency=agency, deactivate_leavers=pending.deactivate_leavers)

    def render_preview(self, form, plan, pending):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                plan=plan,
                pending=pending,
                counts=counts(plan),
                lines=preview_lines(plan) if plan.ok else [],
            )
        )


def roster_template(request):
    """A CSV with the header and one example row that names a unit and a rank of this site."""
    _require_import_permission(request)
    unit = OrgUnit.objects.filter(depth__gt=1).first() or OrgUnit.objects.first()
    rank = Rank.objects.order_by("seniority", "name").first()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-template.csv"'
    response.write("\ufeff")  # so that Excel opens it as UTF-8
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    example = {
        "service_number": "100234",
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina.haddad@police.example",
        "rank": rank.name if rank else "",
        "unit_code": unit.code if unit else "",
        "preferred_language": "en",
        "active": "true",
    }
    writer.writerow([example[column] for column in COLUMNS])
    return response
