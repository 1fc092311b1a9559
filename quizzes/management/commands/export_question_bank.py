from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes import bank
from quizzes.models import Category


class Command(BaseCommand):
    help = (
        "Export the question bank (or one category of it) to a CSV or JSON file in the format "
        "of docs/question-bank-format.md. Questions without a key are given one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write: a name ending in .csv or .json.")
        parser.add_argument("--category", help="Export only the questions of this category.")

    def handle(self, *args, file, category, verbosity, **options):
        try:
            bank.format_of(file)
        except bank.BankFileError as error:
            raise CommandError(error.problems[0]) from error
        chosen = None
        if category is not None:
            chosen = Category.objects.filter(name=category).first()
            if chosen is None:
                raise CommandError(_("There is no category named “%(name)s”.") % {"name": category})
        records = bank.export_records(category=chosen)
        Path(file).write_text(bank.dumps(file, records), encoding="utf-8")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Exported %(count)d questions to %(file)s.")
                    % {"count": len(records), "file": file}
                )
            )
