"""The schema's migrations: applied in order from an empty file and from each earlier version,
each in one transaction, never to a file of a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.faq.errors import StorageError
from bot.faq.schema import MIGRATIONS, SCHEMA_VERSION
from bot.faq.storage import Storage

EXPECTED_TABLES = {
    "revision", "missed_group", "missed_question", "audit_log", "entry_hit", "question_hour",
}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows} - {"sqlite_sequence"}


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def test_migrates_from_empty_file(tmp_path: Path) -> None:
    """A new file gets every table, the latest user_version, WAL mode and a clean check."""
    path = tmp_path / "sub" / "faq.sqlite3"
    storage = await Storage.open(path)
    try:
        assert await storage.integrity_check() == "ok"
        async with storage.read() as conn, conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
    finally:
        await storage.close()
    assert _user_version(path) == SCHEMA_VERSION == len(MIGRATIONS)
    assert _tables(path) == EXPECTED_TABLES


async def test_migrations_apply_in_order_and_only_once(tmp_path: Path) -> None:
    """A file at version 1 of a longer list gets only the later steps, in order."""
    path = tmp_path / "m.sqlite3"
    steps = [("CREATE TABLE a (x)",), ("CREATE TABLE b (x)", "INSERT INTO a VALUES (2)")]
    storage = await Storage.open(path, steps[:1])
    await storage.close()
    assert _user_version(path) == 1
    storage = await Storage.open(path, steps)
    await storage.close()
    assert _user_version(path) == 2
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT x FROM a").fetchall() == [(2,)]


async def test_failed_migration_leaves_old_version(tmp_path: Path) -> None:
    """A migration that fails half-way is rolled back whole, user_version unchanged."""
    path = tmp_path / "f.sqlite3"
    good = ("CREATE TABLE a (x)",)
    bad = ("CREATE TABLE b (x)", "THIS IS NOT SQL")
    storage = await Storage.open(path, [good])
    await storage.close()
    with pytest.raises(StorageError, match="syntax error") as caught:
        await Storage.open(path, [good, bad])
    assert str(path) in str(caught.value)
    assert _user_version(path) == 1
    assert _tables(path) == {"a"}


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A file written by newer code is not touched by older code."""
    path = tmp_path / "n.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError):
        await Storage.open(path)


@pytest.mark.parametrize("start", range(SCHEMA_VERSION), ids=lambda v: f"from-v{v}")
async def test_migrates_from_each_earlier_version(tmp_path: Path, start: int) -> None:
    """A file left at any earlier version reaches the newest with every table, keeps its rows,
    and (unless it was empty) is copied to backups/ first."""
    path = tmp_path / "faq.sqlite3"
    with sqlite3.connect(path) as conn:
        for statements in MIGRATIONS[:start]:
            for statement in statements:
                conn.execute(statement)
        if start >= 1:
            conn.execute(
                "INSERT INTO audit_log (created_at, actor, place, action, summary)"
                " VALUES (1, 'u', 'p', 'add', '旧版本的记录')"
            )
        conn.execute(f"PRAGMA user_version = {start}")
    storage = await Storage.open(path)
    try:
        assert await storage.integrity_check() == "ok"
    finally:
        await storage.close()
    assert _user_version(path) == SCHEMA_VERSION
    assert _tables(path) == EXPECTED_TABLES
    backups = list((tmp_path / "backups").glob("faq-before-*.sqlite3"))
    assert len(backups) == (1 if start >= 1 else 0)
    if start >= 1:
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT summary FROM audit_log").fetchall() == [("旧版本的记录",)]
        assert _user_version(backups[0]) == start


async def test_usage_tables_add_up_counts(tmp_path: Path) -> None:
    """The usage tables of migration 2 take batches that add up per key."""
    storage = await Storage.open(tmp_path / "faq.sqlite3")
    try:
        for _ in range(2):
            async with storage.write() as conn:
                await conn.execute(
                    "INSERT INTO entry_hit (entry_id, hour, count) VALUES ('a', 5, 3)"
                    " ON CONFLICT (entry_id, hour) DO UPDATE SET count = count + excluded.count"
                )
        async with storage.read() as conn, conn.execute("SELECT * FROM entry_hit") as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [("a", 5, 6)]
    finally:
        await storage.close()
