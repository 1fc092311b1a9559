"""A database check (``manage.py check --database default``, also run by ``migrate``) that the
triggers keeping an obligation's "started" in step are installed (migration 0007)."""

from django.core import checks
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

TRIGGERS = ("compliance_obligation_started", "compliance_obligation_restarted")
INSTALLED_BY = ("compliance", "0007_obligation_unit_required")

INSTALLED_TRIGGERS_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}


@checks.register(checks.Tags.database)
def check_obligation_triggers(databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor not in INSTALLED_TRIGGERS_SQL:
            continue
        if INSTALLED_BY not in MigrationRecorder(connection).applied_migrations():
            continue  # migrate installs them
        with connection.cursor() as cursor:
            cursor.execute(INSTALLED_TRIGGERS_SQL[connection.vendor])
            installed = {name for (name,) in cursor.fetchall()}
        missing = [name for name in TRIGGERS if name not in installed]
        if missing:
            errors.append(
                checks.Error(
                    f"The database {alias!r} lacks the trigger(s) {', '.join(missing)}: "
                    "officers' obligations will not follow their progress, and the compliance "
                    "reports will count officers who started as not started.",
                    hint=(
                        "Reinstall them as compliance/migrations/0007_obligation_unit_required.py "
                        "does (on SQLite, a migration that rebuilds one of their tables drops "
                        "them), then run manage.py sync_assignments to repair the obligations."
                    ),
                    id="compliance.E001",
                )
            )
    return errors
