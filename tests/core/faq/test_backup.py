"""Backups: consistent copies of a live WAL database, one before each schema migration, and a
restore that puts a checked copy back only while no bot holds the database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from bot.faq.backup import backup_database, restore_database
from bot.faq.errors import StorageCorruptError, StorageError, StorageLockedError
from bot.faq.schema import MIGRATIONS
from bot.faq.storage import Storage

INSERT = (
    "INSERT INTO audit_log (created_at, actor, place, action, summary)"
    " VALUES (1, 'u', 'p', 'a', ?)"
)


def _summaries(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as c:
        return [r[0] for r in c.execute("SELECT summary FROM audit_log ORDER BY id")]


def _journal_mode(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


async def _storage_with(path: Path, *summaries: str) -> Storage:
    storage = await Storage.open(path)
    async with storage.write() as conn:
        for summary in summaries:
            await conn.execute(INSERT, (summary,))
    return storage


async def test_backup_of_live_database_holds_every_commit(tmp_path: Path) -> None:
    """Commits still in the WAL of the open database are in the copy; a transaction open at
    the time is not; the copy is one self-contained, checked file."""
    path = tmp_path / "faq.sqlite3"
    storage = await _storage_with(path, "一", "二")
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        assert path.with_name("faq.sqlite3-wal").stat().st_size > 0
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(INSERT, ("未提交",))
        copy = backup_database(path)
        writer.execute("ROLLBACK")
    finally:
        writer.close()
        await storage.close()
    assert copy.parent == tmp_path / "backups"
    assert copy.name.startswith("faq-")
    assert _summaries(copy) == ["一", "二"]
    assert _journal_mode(copy) == "delete"
    assert not copy.with_name(copy.name + "-wal").exists()
    assert not list(copy.parent.glob("*.part"))


async def test_storage_backup_to_a_folder_or_file(tmp_path: Path) -> None:
    """The serving storage copies itself into a given folder or to a given file name, and
    refuses to write the copy over the database itself."""
    path = tmp_path / "faq.sqlite3"
    storage = await _storage_with(path, "一")
    try:
        folder = tmp_path / "elsewhere"
        folder.mkdir()
        into_folder = await storage.backup(folder)
        named = await storage.backup(tmp_path / "copy.sqlite3")
        with pytest.raises(StorageError, match="数据库本身"):
            await storage.backup(path)
    finally:
        await storage.close()
    assert into_folder.parent == folder
    assert named == tmp_path / "copy.sqlite3"
    assert _summaries(into_folder) == _summaries(named) == ["一"]


async def test_backup_of_missing_database_says_so(tmp_path: Path) -> None:
    """Nothing to back up is an error naming the path, not an empty backup."""
    with pytest.raises(StorageError, match="没有找到"):
        backup_database(tmp_path / "faq.sqlite3")
    assert not (tmp_path / "backups").exists()


async def test_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    """Opening a file of an older schema first copies it as it was; new and up-to-date files
    get no copy."""
    path = tmp_path / "m.sqlite3"
    first = [("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, created_at, actor, place,"
              " action, summary)",)]
    storage = await Storage.open(path, first)
    async with storage.write() as conn:
        await conn.execute(INSERT, ("旧版本的数据",))
    await storage.close()
    assert not (tmp_path / "backups").exists()
    storage = await Storage.open(path, [*first, ("CREATE TABLE later (x)",)])
    await storage.close()
    [copy] = (tmp_path / "backups").glob("m-before-v2-*.sqlite3")
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT summary FROM audit_log").fetchall() == [("旧版本的数据",)]
    storage = await Storage.open(path, [*first, ("CREATE TABLE later (x)",)])
    await storage.close()
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 1


async def test_real_schema_from_empty_makes_no_backup(tmp_path: Path) -> None:
    """A fresh database is created at the newest version: nothing to keep."""
    storage = await Storage.open(tmp_path / "faq.sqlite3", MIGRATIONS)
    await storage.close()
    assert not (tmp_path / "backups").exists()


async def test_restore_puts_the_copy_back_only_while_stopped(tmp_path: Path) -> None:
    """Restore is refused while a bot holds the database; once stopped, the copy replaces it,
    the replaced file is kept and its WAL does not leak into the restored one."""
    path = tmp_path / "faq.sqlite3"
    storage = await _storage_with(path, "备份前")
    copy = await storage.backup()
    async with storage.write() as conn:
        await conn.execute(INSERT, ("备份后",))
    with pytest.raises(StorageLockedError, match="先停止机器人"):
        restore_database(copy, path)
    await storage.close()
    path.with_name("faq.sqlite3-wal").write_bytes(os.urandom(4096))
    kept = restore_database(copy, path)
    assert kept is not None
    assert _summaries(kept) == ["备份前", "备份后"]
    assert not path.with_name("faq.sqlite3-wal").exists()
    reopened = await Storage.open(path)
    try:
        async with reopened.read() as conn, conn.execute("SELECT summary FROM audit_log") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["备份前"]
    finally:
        await reopened.close()


async def test_restore_refuses_a_bad_copy(tmp_path: Path) -> None:
    """A file that is not a sound backup is refused and the database is left alone."""
    path = tmp_path / "faq.sqlite3"
    storage = await _storage_with(path, "原来的")
    await storage.close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(os.urandom(8192))
    with pytest.raises(StorageCorruptError, match="没有恢复"):
        restore_database(bad, path)
    assert _summaries(path) == ["原来的"]
