from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes.importers.django_quiz import DEFAULT_SOURCE, ImportFileError, import_file

#: A file with thousands of problems shows the first ones and a count of the rest.
MAX_PROBLEMS_SHOWN = 100


class Command(BaseCommand):
    help = (
        "Import a django-quiz-app dumpdata export (categories, quizzes, questions with their "
        "answers, sittings and progress). A malformed file imports nothing; running it twice "
        "imports nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by django-quiz-app's dumpdata.")
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help=(
                "A name for the installation the file comes from, kept on imported rows so "
                "that re-imports match them (default: %(default)s). Give each source its own."
            ),
        )

    def handle(self, *args, file, source, verbosity, **options):
        def report(message):
            if verbosity >= 2:
                self.stdout.write(message)

        try:
            summary = import_file(file, source=source, report=report)
        except ImportFileError as error:
            problems = [f"  - {problem}" for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
            hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
            if hidden > 0:
                problems.append(_("  … and %(count)d more problems.") % {"count": hidden})
            raise CommandError(
                "\n".join([_("Nothing was imported from %(file)s:") % {"file": file}, *problems])
            ) from error
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(_("Imported from %(file)s:") % {"file": file}))
            self.stdout.write("\n".join(summary.lines()))
