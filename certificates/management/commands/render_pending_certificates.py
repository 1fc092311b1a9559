from django.core.management.base import BaseCommand, CommandError

from certificates.bulk import ProgressBar, render_certificates
from certificates.models import Certificate
from certificates.services import issue_missing_certificates


class Command(BaseCommand):
    help = (
        "Issue the certificate of any completion that has none (after a crash between the two), "
        "then render every certificate still being prepared (for example after a failed "
        "render). Safe to run from cron, even twice at once: a certificate is stored once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="Rendering processes.")

    def handle(self, *args, workers=1, **options):
        issued = issue_missing_certificates()
        if issued:
            self.stdout.write(f"Issued {len(issued)} certificates to completions that had none.")
        pending = Certificate.objects.filter(status=Certificate.Status.PENDING)
        if not pending.exists():
            self.stdout.write("No certificate is waiting to be rendered.")
            return
        outcome = render_certificates(
            pending, workers=max(workers, 1), progress=ProgressBar(self.stdout)
        )
        self.stdout.write(self.style.SUCCESS(f"Rendered {outcome.rendered} certificates."))
        for number, error in outcome.failed.items():
            self.stderr.write(f"{number}: {error}")
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} certificates could not be rendered and are still "
                "pending; they will be tried again on the next run."
            )
