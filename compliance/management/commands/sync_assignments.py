from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from compliance.assignments.models import Assignment
from compliance.assignments.sync import sync_assignment


class Command(BaseCommand):
    help = (
        "Bring every officer's course obligations in line with the assignments and the roster "
        "(officers who joined, left or moved; certificates issued, expired or revoked). Safe to "
        "run at any time, from cron after roster changes: a second run changes nothing."
    )

    def handle(self, *args, verbosity=1, **options):
        assignments = Assignment.objects.select_related("course").order_by("pk")
        total = assignments.count()
        added = removed = 0
        for number, assignment in enumerate(assignments.iterator(), start=1):
            new, gone = sync_assignment(assignment)
            added, removed = added + new, removed + gone
            if verbosity >= 1:
                self.stderr.write(
                    _("… %(number)s/%(total)s %(course)s: %(added)s added, %(removed)s removed")
                    % {
                        "number": number,
                        "total": total,
                        "course": assignment,
                        "added": new,
                        "removed": gone,
                    }
                )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Assignments synced: %(total)s; obligations added: %(added)s, "
                    "removed: %(removed)s."
                )
                % {"total": total, "added": added, "removed": removed}
            )
        )
