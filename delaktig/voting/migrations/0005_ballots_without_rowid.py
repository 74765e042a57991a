"""On SQLite, ballots and their choices live in WITHOUT ROWID tables (issue 9).

An ordinary SQLite table keeps a hidden rowid that follows insertion order: the database file
alone then lines ballots up with who voted when. A WITHOUT ROWID table is stored by its primary
key, a random UUID. Django rebuilds a SQLite table when a later migration alters it, and the
rebuilt table is an ordinary one: `voting.tests.test_storage` fails if that ever happens, and
this migration's `make_without_rowid` is the way back. PostgreSQL has no rowid; its storage
order is dealt with by voting.services.seal_box.
"""

from django.db import migrations

TABLES = ("voting_ballot", "voting_ballotchoice")


def make_without_rowid(apps, schema_editor, tables=TABLES):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table]
            )
            (create,) = cursor.fetchone()
            if "WITHOUT ROWID" in create.upper():
                continue
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
            indexes = [row[0] for row in cursor.fetchall()]
            new = f"{table}__without_rowid"
            cursor.execute(create.replace(f'"{table}"', f'"{new}"', 1) + " WITHOUT ROWID")
            cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
            cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
            for index in indexes:
                cursor.execute(index)


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_box_sealed_ballots")]

    operations = [migrations.RunPython(make_without_rowid, migrations.RunPython.noop)]
