"""Top-K ranking, receipt hashes, and random keys for ballot choices.

BallotChoice is re-created rather than altered: a bigint key cannot become a UUID in place on
PostgreSQL, and no ballots exist before this migration (voting had no views yet).
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("voting", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballotbox",
            name="rank_count",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Ranking ballots only: the voter puts up to this many proposals in order.",
                null=True,
                verbose_name="number of places to rank",
            ),
        ),
        migrations.AddField(
            model_name="ballot",
            name="receipt_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.DeleteModel(name="BallotChoice"),
        migrations.CreateModel(
            name="BallotChoice",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("value", models.PositiveIntegerField(default=1)),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="choices",
                        to="voting.ballot",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="proposals.proposal",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("ballot", "proposal"), name="proposal_once_per_ballot"
                    )
                ],
            },
        ),
    ]
