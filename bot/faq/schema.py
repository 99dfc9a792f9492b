"""The database schema as an ordered list of migrations, and the code that applies them.

The schema version lives in `PRAGMA user_version`; migration N (1-based) brings the file from
version N-1 to N inside one transaction, so a crash mid-migration leaves the old version intact.
"""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.faq.errors import StorageError

Migration = Sequence[str]

MIGRATIONS: list[Migration] = [
    # 1: entry revisions, missed questions and the audit log. In `revision`, entry_json is the
    # stored content (NULL: follow the shipped entry of that id), before_json/after_json what
    # users got before and after the change, shipped_hash the shipped entry it was made against.
    (
        """
        CREATE TABLE revision (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id    TEXT    NOT NULL,
            version     INTEGER NOT NULL CHECK (version >= 1),
            action      TEXT    NOT NULL,
            entry_json  TEXT,
            hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
            shipped_hash TEXT,
            before_json TEXT,
            after_json  TEXT,
            actor       TEXT    NOT NULL,
            place       TEXT    NOT NULL,
            created_at  REAL    NOT NULL,
            note        TEXT    NOT NULL DEFAULT '',
            UNIQUE (entry_id, version)
        )
        """,
        """
        CREATE TABLE missed_group (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            sample      TEXT    NOT NULL,
            norm        TEXT    NOT NULL,
            count       INTEGER NOT NULL DEFAULT 1,
            first_at    REAL    NOT NULL,
            last_at     REAL    NOT NULL,
            status      TEXT    NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'adopted', 'ignored')),
            entry_id    TEXT
        )
        """,
        """
        CREATE TABLE missed_question (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id    INTEGER NOT NULL REFERENCES missed_group (id),
            text        TEXT    NOT NULL,
            actor       TEXT    NOT NULL,
            place       TEXT    NOT NULL,
            created_at  REAL    NOT NULL
        )
        """,
        "CREATE INDEX missed_question_group ON missed_question (group_id)",
        """
        CREATE TABLE audit_log (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at  REAL    NOT NULL,
            actor       TEXT    NOT NULL,
            place       TEXT    NOT NULL,
            action      TEXT    NOT NULL,
            entry_id    TEXT,
            version     INTEGER,
            summary     TEXT    NOT NULL
        )
        """,
        "CREATE INDEX audit_log_entry ON audit_log (entry_id)",
    ),
    # 2: usage figures for the admins, counted per hour (unix time // 3600) and written in
    # batches: how often each entry answered a question, and how many questions were answered
    # or missed. Missed questions themselves stay in missed_question.
    (
        """
        CREATE TABLE entry_hit (
            entry_id    TEXT    NOT NULL,
            hour        INTEGER NOT NULL,
            count       INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (entry_id, hour)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE question_hour (
            hour        INTEGER NOT NULL,
            outcome     TEXT    NOT NULL CHECK (outcome IN ('answered', 'missed')),
            count       INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (hour, outcome)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX entry_hit_hour ON entry_hit (hour)",
        "CREATE INDEX missed_question_time ON missed_question (created_at)",
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def migrate(
    conn: aiosqlite.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Apply the pending migrations in order; returns the version reached."""
    current = await schema_version(conn)
    if current > len(migrations):
        raise StorageError(
            f"数据库是更新版本的程序写的（版本{current}，这个程序只认识到版本{len(migrations)}）："
            "请升级程序，或换回升级前的备份"
        )
    for version in range(current + 1, len(migrations) + 1):
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in migrations[version - 1]:
                await conn.execute(statement)
            # user_version is part of the database header, so it commits or rolls back with
            # the statements above.
            await conn.execute(f"PRAGMA user_version = {version:d}")
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()
    return len(migrations)
