"""Processes as spaces that hold components (ADR 0004): the former `kind` (citizens' or staff
budget) is who the process is for, `audience`; `kind` is now the kind of process (a budget
round, a dialogue), and money is only required where the kind needs it."""

import django.db.models
from django.db import migrations

import delaktig.processes.components
import delaktig.processes.phases


class Migration(migrations.Migration):
    dependencies = [("processes", "0002_round_officials")]

    operations = [
        migrations.RenameField("budgetround", "kind", "audience"),
        migrations.AlterField(
            model_name="budgetround",
            name="audience",
            field=django.db.models.CharField(
                choices=[("citizen", "Residents"), ("staff", "Employees")],
                max_length=16,
                verbose_name="who it is for",
            ),
        ),
        migrations.AddField(
            model_name="budgetround",
            name="kind",
            field=django.db.models.CharField(
                choices=delaktig.processes.components.kind_choices,
                default="budget",
                max_length=16,
                verbose_name="kind of process",
            ),
        ),
        migrations.AlterField(
            model_name="budgetround",
            name="total_budget",
            field=django.db.models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="total budget (kr)"
            ),
        ),
        migrations.AlterField(
            model_name="phase",
            name="kind",
            field=django.db.models.CharField(
                choices=delaktig.processes.phases.choices, max_length=16, verbose_name="phase"
            ),
        ),
    ]
