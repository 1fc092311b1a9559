"""An obligation's unit is required, and whether the officer started follows their progress.

"Started" follows module progress through two database triggers rather than a signal: progress
is written on the officer's module page, whose query budget has no room for another statement,
and a trigger keeps the column right whatever writes the rows.

The column change comes first, in a migration of its own: PostgreSQL cannot alter a table with
deferred checks still pending from the update that filled it, and SQLite rebuilds the table to
alter the column, which would break triggers already installed. For the same reason, a later
migration that makes SQLite rebuild one of the three tables involved must reinstall the
triggers after it; tests/compliance/test_obligation_upkeep.py fails when they are missing.
"""

import django.db.models.deletion
from django.db import migrations, models

# Shared by both databases. The first module opened in the current enrolment starts the
# officer's obligations for the course; a new enrolment (a refresher cycle) starts none yet.
MARK_STARTED = """
    UPDATE compliance_officerassignment SET started = TRUE
    WHERE NOT started
        AND user_id = (SELECT user_id FROM courses_enrolment
                       WHERE id = NEW.enrolment_id AND superseded_at IS NULL)
        AND course_id = (SELECT course_id FROM courses_enrolment WHERE id = NEW.enrolment_id);
"""
RESTART = """
    UPDATE compliance_officerassignment SET started = FALSE
    WHERE started AND user_id = NEW.user_id AND course_id = NEW.course_id;
"""

TRIGGERS = {
    "sqlite": [
        f"""CREATE TRIGGER compliance_obligation_started AFTER INSERT ON courses_moduleprogress
        BEGIN {MARK_STARTED} END""",
        f"""CREATE TRIGGER compliance_obligation_restarted AFTER INSERT ON courses_enrolment
        BEGIN {RESTART} END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION compliance_obligation_started() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {MARK_STARTED} RETURN NULL; END $$""",
        """CREATE TRIGGER compliance_obligation_started AFTER INSERT ON courses_moduleprogress
        FOR EACH ROW EXECUTE FUNCTION compliance_obligation_started()""",
        f"""CREATE FUNCTION compliance_obligation_restarted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {RESTART} RETURN NULL; END $$""",
        """CREATE TRIGGER compliance_obligation_restarted AFTER INSERT ON courses_enrolment
        FOR EACH ROW EXECUTE FUNCTION compliance_obligation_restarted()""",
    ],
}

DROP_TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS compliance_obligation_started",
        "DROP TRIGGER IF EXISTS compliance_obligation_restarted",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS compliance_obligation_started ON courses_moduleprogress",
        "DROP FUNCTION IF EXISTS compliance_obligation_started()",
        "DROP TRIGGER IF EXISTS compliance_obligation_restarted ON courses_enrolment",
        "DROP FUNCTION IF EXISTS compliance_obligation_restarted()",
    ],
}


def _execute(statements, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"Compliance supports SQLite and PostgreSQL, not {vendor}.")
    with schema_editor.connection.cursor() as cursor:
        for statement in statements[vendor]:
            cursor.execute(statement)


def install_triggers(apps, schema_editor):
    _execute(TRIGGERS, schema_editor)


def remove_triggers(apps, schema_editor):
    _execute(DROP_TRIGGERS, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0006_obligation_unit_and_start"),
    ]

    operations = [
        migrations.AlterField(
            model_name="officerassignment",
            name="unit",
            field=models.ForeignKey(
                help_text="The officer's unit, as the roster has it.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="compliance.orgunit",
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
