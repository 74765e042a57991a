"""Tables stored by their primary key, with no hidden rowid (SQLite).

An ordinary SQLite table keeps a hidden rowid that follows insertion order: the database file
alone then lines secret rows (ballots, survey responses) up with who took part when. A WITHOUT
ROWID table is stored by its primary key, a random UUID. Django rebuilds a SQLite table when a
later migration alters it, and the rebuilt table is an ordinary one: call this again in that
migration. PostgreSQL has no rowid (its heap order is dealt with by sealing, ADR 0001).
"""


def make_without_rowid(schema_editor, tables):
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
            # Table names are the migrations' own constants, never input.
            cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')  # noqa: S608
            cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
            for index in indexes:
                cursor.execute(index)
