"""Backups of the FAQ database, and putting one back.

A backup is made with SQLite's online backup API, so it is a consistent copy even of a live WAL
database that the running bot is writing (copying the file and its `-wal` is not). Each backup
is one self-contained file (rollback-journal mode, checked before it is kept), written beside
its final name and renamed into place, so a half-written backup never looks like a good one.

- `backup_database(db)` / `Storage.backup()`: a copy in `backups/` beside the database, or at a
  path of your choice; `Storage.open` makes one by itself before migrating a database to a
  newer schema (`faq-before-v2-….sqlite3`).
- `restore_database(copy, db)`: with the bot stopped, the copy replaces the database (the old
  file is kept beside it as `faq.sqlite3.replaced-…`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from pathlib import Path

import aiosqlite

from bot.faq.errors import StorageCorruptError, StorageError, StorageLockedError
from bot.faq.lock import ProcessLock

BACKUP_DIR = "backups"


def default_backup_path(database: Path, label: str = "", now: float | None = None) -> Path:
    """`backups/faq-[label-]YYYYmmdd-HHMMSS.sqlite3` beside the database."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    stem = database.name.split(".")[0]
    name = f"{stem}-{label}-{stamp}" if label else f"{stem}-{stamp}"
    return database.parent / BACKUP_DIR / f"{name}.sqlite3"


def backup_database(database: Path, target: Path | None = None) -> Path:
    """A consistent copy of `database` (which may be in use by the running bot) at `target`:
    a file, a folder to put it in, or by default `backups/` beside the database. Returns it."""
    if not database.is_file():
        raise StorageError(f"没有找到问答数据库 {database}，没有可备份的内容。")
    final = _target(database, target)
    part = _part(final)
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(part)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        part.unlink(missing_ok=True)
        raise StorageError(f"备份问答数据库 {database} 失败：{exc}") from exc
    finally:
        source.close()
    return _keep(part, final)


async def backup_connection(
    conn: aiosqlite.Connection, database: Path, target: Path | None
) -> Path:
    """`backup_database` from a connection already open on `database` (the serving one)."""
    final = _target(database, target)
    part = _part(final)
    # aiosqlite runs the copy on its own thread: the target connection must allow that.
    copy = sqlite3.connect(part, check_same_thread=False)
    try:
        await conn.backup(copy)
    except sqlite3.Error as exc:
        part.unlink(missing_ok=True)
        raise StorageError(f"备份问答数据库 {database} 失败：{exc}") from exc
    finally:
        copy.close()
    return await asyncio.to_thread(_keep, part, final)


def restore_database(copy: Path, database: Path) -> Path | None:
    """Puts a backup in place of `database` while no bot holds it; returns where the replaced
    file was kept (None when there was none). The copy is checked first."""
    _check_copy(copy)
    database.parent.mkdir(parents=True, exist_ok=True)
    held = ProcessLock.acquire(database.with_name(database.name + ".lock"))
    if held is None:
        raise StorageLockedError(
            f"机器人正在使用问答数据库 {database}：请先停止机器人再恢复备份。"
        )
    try:
        kept = None
        if database.exists():
            kept = database.with_name(f"{database.name}.replaced-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(database, kept)
        for suffix in ("-wal", "-shm"):
            # They belong to the replaced file; beside the backup they would be read into it.
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        part = _part(database)
        part.write_bytes(copy.read_bytes())
        _fsync(part)
        os.replace(part, database)
        fsync_dir(database.parent)
        return kept
    finally:
        held.release()


def _target(database: Path, target: Path | None) -> Path:
    if target is None:
        final = default_backup_path(database)
    elif target.is_dir():
        final = target / default_backup_path(database).name
    else:
        final = target
    if final.resolve() == database.resolve():
        raise StorageError(f"备份不能写到数据库本身：{database}")
    final.parent.mkdir(parents=True, exist_ok=True)
    return final


def _part(final: Path) -> Path:
    part = final.with_name(final.name + ".part")
    part.unlink(missing_ok=True)
    return part


def _keep(part: Path, final: Path) -> Path:
    """Makes the finished copy self-contained and checked, then gives it its name."""
    try:
        with contextlib.closing(sqlite3.connect(part)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
            result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise StorageError(f"备份 {final} 没有通过检查（{result}），没有保留。")
        _fsync(part)
        os.replace(part, final)
        fsync_dir(final.parent)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return final


def _check_copy(copy: Path) -> None:
    try:
        with contextlib.closing(
            sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        ) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as exc:
        raise StorageCorruptError(f"{copy} 不是可用的备份（{exc}），没有恢复。") from exc
    if result is None or result[0] != "ok" or "revision" not in tables:
        raise StorageCorruptError(f"{copy} 不是可用的问答数据库备份，没有恢复。")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def fsync_dir(directory: Path) -> None:
    """Makes a rename in `directory` durable (POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # folders cannot be opened on Windows; the rename is as durable as it gets
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
