import os
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from training.demo import accounts
from training.demo.assignments import seed_assignments
from training.demo.certificates import seed_certificates
from training.demo.courses import load_course_content, seed_course, seed_translations
from training.demo.organisation import seed_organisation
from training.demo.progress import seed_progress
from training.demo.quizzes import seed_quiz_translations, seed_quizzes
from training.demo.site import seed_home_page


class Command(BaseCommand):
    help = (
        "Create the demo police service, its accounts and content. Safe to run again: it only "
        "adds what is missing. Passwords come from DEMO_PASSWORD, or one is generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo account a new password (DEMO_PASSWORD, or a generated one).",
        )

    def handle(self, *args, reset_passwords=False, **options):
        chosen_password = os.environ.get("DEMO_PASSWORD", "")
        password = chosen_password or secrets.token_urlsafe(12)

        with transaction.atomic():
            seed_home_page()
            content = load_course_content()
            course = seed_course(content)
            seed_quizzes(course, content)
            seed_translations(course)
            seed_quiz_translations(course, load_course_content)
            stations = seed_organisation()
            created = accounts.seed_accounts(stations, password)
            stages = seed_progress(course, marker=accounts.demo_user("trainer"))
            changed = reset_passwords and accounts.reset_passwords(password)
        # Rendered after the transaction: certificate PDFs are written to storage.
        certificates = seed_certificates()
        statuses = seed_assignments(
            course, accounts.demo_user("admin"), auditor=accounts.demo_user("auditor")
        )

        self.stdout.write(f"Organisation: {len(stations)} stations.")
        self.stdout.write(f"Course: {course.title} ({course.modules().count()} modules).")
        if any(stages.values()):
            progress = ", ".join(f"{count} {stage}" for stage, count in stages.items())
            self.stdout.write(f"Officers enrolled, by progress: {progress}.")
        summary = ", ".join(f"{count} {status}" for status, count in certificates.items())
        self.stdout.write(f"Certificates: {summary or 'none'}.")
        summary = ", ".join(f"{count} {str(status).lower()}" for status, count in statuses.items())
        self.stdout.write(f"Assigned training, by status: {summary}.")
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} demo accounts."))
        else:
            self.stdout.write("Demo accounts already exist; nothing was created.")
        role_logins = ", ".join(account.username for account in accounts.ROLE_ACCOUNTS)
        self.stdout.write(
            f"Demo logins: {role_logins}, and officer01 to officer{accounts.FURTHER_OFFICERS}."
        )
        if created or changed:
            if chosen_password:
                self.stdout.write("Password: the value of DEMO_PASSWORD.")
            else:
                self.stdout.write(
                    self.style.WARNING(f"Password for every demo account (shown once): {password}")
                )
        else:
            self.stdout.write(
                "Passwords are unchanged. Run with --reset-passwords to set new ones."
            )
