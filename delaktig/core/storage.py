"""Secret rows (ballots, survey responses) and the database file.

`make_without_rowid`: tables stored by their primary key, with no hidden rowid (SQLite).
`forget_old_rows`: after a seal, the file forgets the rows it rewrote.

An ordinary SQLite table keeps a hidden rowid that follows insertion order: the database file
alone then lines secret rows (ballots, survey responses) up with who took part when. A WITHOUT
ROWID table is stored by its primary key, a random UUID. Django rebuilds a SQLite table when a
later migration alters it, and the rebuilt table is an ordinary one: call this again in that
migration. PostgreSQL has no rowid (its heap order is dealt with by sealing, ADR 0001).
"""

import logging
import time

from django.db import connection

LOGGER = logging.getLogger(__name__)


def forget_old_rows(tables) -> None:
    """Outside a transaction, make the database file forget the old rows of `tables` after a
    seal rewrote them: PostgreSQL's VACUUM FULL rewrites the tables (dead rows and their order
    gone); SQLite checkpoints its write-ahead log (secure_delete has already zeroed the old
    rows in the main file). Inside a transaction it does nothing."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM FULL " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            # (busy, frames in the log, frames checkpointed): busy while a reader holds an old
            # snapshot; try again a few times, and say so if the log could not be emptied.
            for _attempt in range(5):
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log, _done = cursor.fetchone()
                if not busy:
                    return
                time.sleep(0.2)
            LOGGER.warning("the SQLite write-ahead log could not be emptied after sealing")


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
