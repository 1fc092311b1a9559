from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes import bank

#: A file with thousands of problems shows the first ones and a count of the rest.
MAX_PROBLEMS_SHOWN = 100


class Command(BaseCommand):
    help = (
        "Import a question bank from a CSV or JSON file in the format of "
        "docs/question-bank-format.md. Questions are matched on their key: a second import "
        "of the same file changes nothing. One bad row and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .json question-bank file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without writing anything.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from error
        try:
            records = bank.read_records(path.name, data)
            plan = bank.import_records(records, dry_run=dry_run)
        except bank.BankFileError as error:
            problems = [f"  - {problem}" for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
            hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
            if hidden > 0:
                problems.append(_("  … and %(count)d more problems.") % {"count": hidden})
            raise CommandError(
                "\n".join([_("Nothing was imported from %(file)s:") % {"file": file}, *problems])
            ) from error
        if verbosity >= 1:
            lines = plan.lines(detail=verbosity >= 2)
            heading = (
                _("Dry run: nothing was written. Importing %(file)s would give:")
                if dry_run
                else _("Imported %(file)s:")
            )
            self.stdout.write(self.style.SUCCESS(heading % {"file": file}))
            self.stdout.write("\n".join(lines))
