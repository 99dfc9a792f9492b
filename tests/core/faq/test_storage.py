"""The open database: data kept across reopening, transactions rolled back whole, damaged files
refused with a message naming them, one serving process, and writes that fail saying why."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.faq import storage as storage_module
from bot.faq.errors import (
    DiskFullError,
    ReadOnlyStorageError,
    StorageCorruptError,
    StorageLockedError,
    StorageWriteError,
)
from bot.faq.schema import SCHEMA_VERSION, migrate
from bot.faq.storage import Storage

INSERT = (
    "INSERT INTO audit_log (created_at, actor, place, action, summary)"
    " VALUES (1, 'u', 'p', 'a', ?)"
)


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def test_reopen_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    """Opening an up-to-date file again runs no migration and loses nothing."""
    path = tmp_path / "faq.sqlite3"
    storage = await Storage.open(path)
    async with storage.write() as conn:
        await conn.execute(
            "INSERT INTO audit_log (created_at, actor, place, action, summary)"
            " VALUES (1, 'u', 'p', 'a', 's')"
        )
    await storage.close()
    storage = await Storage.open(path)
    try:
        async with storage.read() as conn, conn.execute("SELECT count(*) FROM audit_log") as cur:
            assert (await cur.fetchone())[0] == 1
    finally:
        await storage.close()
    assert _user_version(path) == SCHEMA_VERSION


async def test_write_rolls_back_on_error(tmp_path: Path) -> None:
    """An exception inside `write()` leaves no trace of the transaction."""
    storage = await Storage.open(tmp_path / "w.sqlite3")
    try:

        async def failing_write() -> None:
            async with storage.write() as conn:
                await conn.execute(
                    "INSERT INTO audit_log (created_at, actor, place, action, summary)"
                    " VALUES (1, 'u', 'p', 'a', 's')"
                )
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            await failing_write()
        async with storage.read() as conn, conn.execute("SELECT count(*) FROM audit_log") as cur:
            assert (await cur.fetchone())[0] == 0
        assert await migrate(conn) == SCHEMA_VERSION
    finally:
        await storage.close()


async def _seeded(path: Path) -> None:
    storage = await Storage.open(path)
    async with storage.write() as conn:
        for i in range(200):
            await conn.execute(INSERT, (f"第{i}条记录" * 20,))
    await storage.close()


def _overwrite(offset: int, size: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with open(path, "r+b") as file:
            file.seek(offset)
            file.write(os.urandom(size))

    return damage


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2 + 100)


def _empty(path: Path) -> None:
    os.truncate(path, 0)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        pytest.param(_overwrite(0, 4096), "不是 SQLite 数据库", id="random-header"),
        pytest.param(_overwrite(8192, 4096), "无法使用", id="damaged-page"),
        pytest.param(_truncate, "无法使用", id="truncated"),
        pytest.param(_empty, "文件是空的", id="emptied"),
        pytest.param(_folder, "文件夹", id="directory"),
    ],
)
async def test_damaged_file_is_refused_naming_it(
    tmp_path: Path, damage: Callable[[Path], None], words: str
) -> None:
    """A damaged database is not opened: the error names the file and how to restore it, and
    the lock is released so that a fixed file can be opened by the same process."""
    path = tmp_path / "faq.sqlite3"
    await _seeded(path)
    damage(path)
    with pytest.raises(StorageCorruptError, match=words) as caught:
        await Storage.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "备份" in message
    assert "python -m bot faq export" in message
    assert not (tmp_path / "faq.sqlite3.new").exists()


async def test_garbage_wal_is_ignored_and_data_served(tmp_path: Path) -> None:
    """A WAL file of random bytes beside a cleanly closed database is not a reason to stop."""
    path = tmp_path / "faq.sqlite3"
    await _seeded(path)
    path.with_name("faq.sqlite3-wal").write_bytes(os.urandom(20_000))
    storage = await Storage.open(path)
    try:
        async with storage.read() as conn, conn.execute("SELECT count(*) FROM audit_log") as cur:
            assert (await cur.fetchone())[0] == 200
    finally:
        await storage.close()


async def test_second_serving_process_is_refused(tmp_path: Path) -> None:
    """While one storage holds the process lock, another is refused with a message naming
    the file; a command-line job (no lock) still opens it; closing releases the lock."""
    path = tmp_path / "faq.sqlite3"
    first = await Storage.open(path)
    try:
        with pytest.raises(StorageLockedError, match="另一个") as caught:
            await Storage.open(path)
        assert str(path) in str(caught.value)
        beside = await Storage.open(path, lock=False)
        await beside.close()
    finally:
        await first.close()
    again = await Storage.open(path)
    await again.close()


async def test_read_only_open_serves_and_refuses_writes(tmp_path: Path) -> None:
    """Opened read-only, stored rows are read and every write is refused before it starts;
    with no file at all, an empty read-only database stands in."""
    path = tmp_path / "faq.sqlite3"
    await _seeded(path)
    storage = await Storage.open(path, read_only=True)
    try:
        assert not storage.writable
        async with storage.read() as conn, conn.execute("SELECT count(*) FROM audit_log") as cur:
            assert (await cur.fetchone())[0] == 200
        with pytest.raises(ReadOnlyStorageError, match="只读"):
            async with storage.write():
                pass
    finally:
        await storage.close()
    missing = await Storage.open(tmp_path / "none" / "faq.sqlite3", read_only=True)
    try:
        async with missing.read() as conn, conn.execute("SELECT count(*) FROM revision") as cur:
            assert (await cur.fetchone())[0] == 0
    finally:
        await missing.close()
    assert not (tmp_path / "none" / "faq.sqlite3").exists()


async def test_data_dir_turning_read_only_refuses_then_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the data dir cannot be written, a write is refused and nothing is stored; once it
    can, the next write is stored, on the same open storage."""
    storage = await Storage.open(tmp_path / "faq.sqlite3")
    try:
        monkeypatch.setattr(storage_module, "_can_write", lambda path: False)
        with pytest.raises(ReadOnlyStorageError, match="只读"):
            async with storage.write() as conn:
                await conn.execute(INSERT, ("不该保存",))
        monkeypatch.undo()
        async with storage.write() as conn:
            await conn.execute(INSERT, ("保存了",))
        async with storage.read() as conn, conn.execute("SELECT summary FROM audit_log") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["保存了"]
    finally:
        await storage.close()


async def _insert_many(storage: Storage, count: int) -> None:
    async with storage.write() as conn:
        for i in range(count):
            await conn.execute(INSERT, (f"第{i}条" * 50,))


async def test_full_disk_is_reported_and_next_write_works(tmp_path: Path) -> None:
    """SQLITE_FULL (a page limit standing in for a full disk) comes out as `DiskFullError`,
    the transaction is gone whole, and once there is room the next write is stored."""
    storage = await Storage.open(tmp_path / "faq.sqlite3")
    try:
        async with storage.read() as conn, conn.execute("PRAGMA page_count") as cur:
            pages = (await cur.fetchone())[0]
        async with storage.read() as conn:
            await conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DiskFullError, match="磁盘已满"):
            await _insert_many(storage, 200)
        async with storage.read() as conn:
            await conn.execute("PRAGMA max_page_count = 1073741823")
        async with storage.write() as conn:
            await conn.execute(INSERT, ("有空间了",))
        async with storage.read() as conn, conn.execute("SELECT summary FROM audit_log") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["有空间了"]
    finally:
        await storage.close()


async def test_other_write_failure_says_nothing_was_stored(tmp_path: Path) -> None:
    """A database error inside a write is a `StorageWriteError` (a `FaqError` the admin is
    shown) saying the change was not stored."""
    storage = await Storage.open(tmp_path / "faq.sqlite3")
    try:
        with pytest.raises(StorageWriteError, match="没有保存"):
            async with storage.write() as conn:
                await conn.execute("INSERT INTO no_such_table VALUES (1)")
        async with storage.write() as conn:
            await conn.execute(INSERT, ("之后照常",))
    finally:
        await storage.close()
