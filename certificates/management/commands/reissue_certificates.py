from django.core.management.base import BaseCommand, CommandError

from certificates.bulk import ProgressBar, default_workers, render_certificates
from certificates.holders import users_in_unit
from certificates.models import Certificate


class Command(BaseCommand):
    help = (
        "Render certificates again (after a change to the template or the issuer), keeping "
        "their numbers and verification codes and recording the new files' hashes. "
        "Revoked certificates are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", help="Only certificates of the course with this slug.")
        parser.add_argument("--unit", help="Only officers of the unit with this code, and below.")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Rendering processes (default: one per CPU).",
        )

    def handle(self, *args, course=None, unit=None, workers=1, **options):
        certificates = Certificate.objects.all()
        if course:
            certificates = certificates.filter(course__slug=course)
        if unit:
            user_ids = users_in_unit(unit)
            if user_ids is None:
                raise CommandError(f"No unit has the code {unit!r}.")
            certificates = certificates.filter(user_id__in=user_ids)
        outcome = render_certificates(
            certificates, workers=max(workers, 1), progress=ProgressBar(self.stdout)
        )
        self.stdout.write(
            self.style.SUCCESS(f"Re-issued {outcome.rendered} certificates.")
            + (f" {outcome.skipped} skipped." if outcome.skipped else "")
        )
        for number, error in outcome.failed.items():
            self.stderr.write(f"{number}: {error}")
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} certificates could not be rendered; they keep their "
                "previous file."
            )
