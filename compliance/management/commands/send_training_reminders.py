from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assignments import mailing


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--today takes a date as YYYY-MM-DD, not %(value)s.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Email officers whose assigned courses are due within 14 days or overdue (one email "
        "each, listing their courses), and each unit commander a weekly digest of their units. "
        "Safe to run from cron as often as you like: a reminder is sent once per course, kind "
        "and due date, a digest once per commander and ISO week."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )
        parser.add_argument(
            "--today", type=iso_date, help="Act as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        failures = 0
        sent = {"reminders": 0, "digests": 0}
        for kind, items, send, describe in (
            ("reminders", mailing.pending_reminders(today), mailing.send_reminder, self.reminder),
            ("digests", mailing.pending_digests(today), mailing.send_digest, self.digest),
        ):
            for item in items:
                line = describe(item)
                if dry_run:
                    self.stdout.write(_("Would send %(what)s") % {"what": line})
                    continue
                try:
                    if send(item):
                        sent[kind] += 1
                        self.stdout.write(_("Sent %(what)s") % {"what": line})
                except Exception as error:  # one bad address must not stop the run
                    failures += 1
                    self.stderr.write(
                        _("Could not send %(what)s: %(error)s") % {"what": line, "error": error}
                    )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was sent or recorded."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Reminders sent: %(reminders)s; digests sent: %(digests)s.") % sent
            )
        )
        if failures:
            raise CommandError(
                _("Emails not sent: %(count)s; the next run tries them again.")
                % {"count": failures}
            )

    @staticmethod
    def reminder(reminder):
        courses = "; ".join(
            f"{row.course.title} ({row.status_label}, {row.due_on.isoformat()})"
            for row in reminder.obligations
        )
        return _("reminder to %(email)s: %(courses)s") % {
            "email": reminder.user.email,
            "courses": courses,
        }

    @staticmethod
    def digest(digest):
        return _("digest %(week)s to %(email)s: %(units)s, %(overdue)s overdue") % {
            "week": digest.week,
            "email": digest.commander.email,
            "units": ", ".join(unit.code for unit in digest.units),
            "overdue": len(digest.overdue),
        }
