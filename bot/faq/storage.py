"""The SQLite database of admin changes: connection, pragmas and schema migrations.

One `Storage` per process holds one aiosqlite connection in WAL mode. The schema version lives
in `PRAGMA user_version`; `MIGRATIONS` is an ordered list and migration N (1-based) brings the
file from version N-1 to N inside one transaction, so a crash mid-migration leaves the old
version intact. Every read and write goes through `Storage.read()` / `Storage.write()`, which
share one asyncio lock: coroutines of one process never see each other's half-done
transaction, and `BEGIN IMMEDIATE` keeps other processes (the `ask` command, a second bot)
from interleaving a read-modify-write.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

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
]

SCHEMA_VERSION = len(MIGRATIONS)


class StorageError(RuntimeError):
    """The database file is unusable (newer schema than this code, corrupt...)."""


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
            f"database schema version {current} is newer than this code ({len(migrations)})"
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


class Storage:
    """One open database; create with `await Storage.open(path)`, end with `await close()`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: Path, migrations: Sequence[Migration] = MIGRATIONS
    ) -> Storage:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; write() issues BEGIN IMMEDIATE itself.
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute("PRAGMA busy_timeout = 10000")
            async with conn.execute("PRAGMA journal_mode = WAL") as cur:
                row = await cur.fetchone()
            if row is None or str(row[0]).lower() != "wal":
                raise StorageError(f"{path}: cannot switch to WAL mode")
            # FULL: a commit is on disk before the admin is told "saved", even on power loss.
            await conn.execute("PRAGMA synchronous = FULL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await migrate(conn, migrations)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection, for reads that must not see another coroutine's open transaction."""
        async with self._lock:
            yield self._conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    async def integrity_check(self) -> str:
        async with self.read() as conn, conn.execute("PRAGMA integrity_check") as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else ""
