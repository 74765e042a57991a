"""Follows get a random key and, on SQLite, a table stored by it (WITHOUT ROWID), so that
neither a sequence nor the storage order says in which order e-mail follows were made (next to
ballots and answers); events name a person already told of them.

The follow table is made anew rather than altered: a bigint key cannot become a UUID in place
on PostgreSQL, and nothing was stored in it yet (0001 was the models only). Django rebuilds a
SQLite table when a later migration alters it, and the rebuilt table is an ordinary one: call
`make_without_rowid` again in that migration."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

from delaktig.core import storage

TABLES = ["following_follow"]


def without_rowid(apps, schema_editor):
    storage.make_without_rowid(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("following", "0001_following"),
        ("processes", "0007_anyone_in_a_dialogue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="Follow"),
        migrations.CreateModel(
            name="Follow",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail address")),
                ("target_id", models.PositiveBigIntegerField()),
                ("confirmed", models.BooleanField(default=False)),
                ("created_on", models.DateField(auto_now_add=True)),
                ("last_sent_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("settled", models.BooleanField(default=True, editable=False)),
                (
                    "process",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="processes.budgetround",
                    ),
                ),
                (
                    "target_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "follow",
                "verbose_name_plural": "follows",
                "indexes": [
                    models.Index(fields=["target_type", "target_id"], name="follow_target"),
                    models.Index(fields=["user", "email"], name="follow_recipient"),
                    models.Index(fields=["process"], name="follow_process"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=(Q(user__isnull=False) & Q(email=""))
                        | (Q(user__isnull=True) & ~Q(email="")),
                        name="follow_user_or_email",
                    ),
                    models.UniqueConstraint(
                        condition=Q(user__isnull=False),
                        fields=("user", "target_type", "target_id"),
                        name="follow_once_per_user",
                    ),
                    models.UniqueConstraint(
                        condition=Q(user__isnull=True),
                        fields=("email", "target_type", "target_id"),
                        name="follow_once_per_email",
                    ),
                ],
            },
        ),
        migrations.RunPython(without_rowid, migrations.RunPython.noop),
        migrations.AddField(
            model_name="event",
            name="told_user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["process", "happened_at"], name="event_process_time"),
        ),
    ]
