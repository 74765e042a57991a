"""On SQLite, ballots and their choices live in WITHOUT ROWID tables (issue 9).

An ordinary SQLite table keeps a hidden rowid that follows insertion order: the database file
alone then lines ballots up with who voted when. A WITHOUT ROWID table is stored by its primary
key, a random UUID. Django rebuilds a SQLite table when a later migration alters it, and the
rebuilt table is an ordinary one: `voting.tests.test_storage` fails if that ever happens, and
this migration's `make_without_rowid` is the way back. PostgreSQL has no rowid; its storage
order is dealt with by voting.services.seal_box.
"""

from django.db import migrations

from delaktig.core import storage

TABLES = ("voting_ballot", "voting_ballotchoice")


def make_without_rowid(apps, schema_editor, tables=TABLES):
    storage.make_without_rowid(schema_editor, tables)


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_box_sealed_ballots")]

    operations = [migrations.RunPython(make_without_rowid, migrations.RunPython.noop)]
