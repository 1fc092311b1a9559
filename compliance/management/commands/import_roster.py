from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from compliance.models import OrgUnit
from compliance.roster import RosterFileError, apply, plan_import, read_roster
from compliance.roster.display import field_changes


class Command(BaseCommand):
    help = (
        "Import officers from a CSV or XLSX roster into an agency: prints the changes, then "
        "applies them in one transaction. Any bad row stops the import; nothing is applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The roster, a .csv or .xlsx file.")
        parser.add_argument("--agency", required=True, help="The code of the agency.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the changes without applying them."
        )
        parser.add_argument(
            "--deactivate-leavers",
            action="store_true",
            help="Deactivate the agency's officers who are not in the roster.",
        )

    def handle(self, *args, file, agency, dry_run, deactivate_leavers, **options):
        try:
            agency_unit = OrgUnit.objects.agencies().get(code=agency)
        except OrgUnit.DoesNotExist:
            raise CommandError(_("No agency has the code %(code)s.") % {"code": agency}) from None
        try:
            rows = read_roster(file)
        except (OSError, RosterFileError) as error:
            raise CommandError(str(error)) from error

        plan = plan_import(rows, agency=agency_unit, deactivate_leavers=deactivate_leavers)
        if not plan.ok:
            lines = [_("Nothing was imported: the roster has bad rows.")]
            lines += [
                _("Row %(row)s: %(reason)s") % {"row": error.row, "reason": error.reason}
                for error in plan.errors
            ]
            raise CommandError("\n".join(lines))

        self.print_preview(plan)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
            return
        apply(plan)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Roster imported: %(creates)s created, %(updates)s updated, "
                    "%(deactivations)s deactivated."
                )
                % self.counts(plan)
            )
        )

    @staticmethod
    def counts(plan):
        return {
            "agency": plan.agency,
            "creates": len(plan.creates),
            "updates": len(plan.updates),
            "deactivations": len(plan.deactivations),
        }

    def print_preview(self, plan):
        self.stdout.write(
            _(
                "Roster for %(agency)s: %(creates)s to create, %(updates)s to update, "
                "%(deactivations)s to deactivate."
            )
            % self.counts(plan)
        )
        for change in plan.creates:
            self.stdout.write(
                _("Create %(service_number)s %(name)s in %(unit)s")
                % {
                    "service_number": change.service_number,
                    "name": change.name,
                    "unit": change.values["unit"],
                }
            )
        for change in plan.updates:
            fields = "; ".join(
                f"{label}: {old} → {new}" for label, old, new in field_changes(change)
            )
            self.stdout.write(
                _("Update %(service_number)s %(name)s: %(fields)s")
                % {"service_number": change.service_number, "name": change.name, "fields": fields}
            )
        for change in plan.deactivations:
            self.stdout.write(
                _("Deactivate %(service_number)s %(name)s")
                % {"service_number": change.service_number, "name": change.name}
            )
