"""Obligations carry their officer's unit and whether they started, so that reports need no join.
The next migration installs the triggers that keep "started" in step."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def fill_unit_and_start(apps, schema_editor):
    OfficerAssignment = apps.get_model("compliance", "OfficerAssignment")
    OfficerProfile = apps.get_model("compliance", "OfficerProfile")
    ModuleProgress = apps.get_model("courses", "ModuleProgress")
    OfficerAssignment.objects.update(
        unit=Subquery(
            OfficerProfile.objects.filter(user_id=OuterRef("user_id")).values("unit_id")[:1]
        ),
        started=Exists(
            ModuleProgress.objects.filter(
                enrolment__user_id=OuterRef("user_id"),
                enrolment__course_id=OuterRef("course_id"),
                enrolment__superseded_at__isnull=True,
            )
        ),
    )
    # An officer without a profile is outside every assignment: the next sync removes the row.
    OfficerAssignment.objects.filter(unit__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0005_reminders"),
        ("courses", "0002_refresher_cycles"),
    ]

    operations = [
        migrations.AddField(
            model_name="officerassignment",
            name="unit",
            field=models.ForeignKey(
                help_text="The officer's unit, as the roster has it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="compliance.orgunit",
                verbose_name="unit",
            ),
        ),
        migrations.AddField(
            model_name="officerassignment",
            name="started",
            field=models.BooleanField(
                default=False,
                help_text="Whether the officer has opened a module of the course in this cycle.",
                verbose_name="started",
            ),
        ),
        migrations.RunPython(fill_unit_and_start, migrations.RunPython.noop, elidable=True),
    ]
