"""The open SQLite database of admin changes: opening it safely, its pragmas and transactions.

One `Storage` per process holds one aiosqlite connection in WAL mode, migrated on open (see
`bot.faq.schema`; a file of an older schema is first copied to `backups/`, see
`bot.faq.backup`). A new database is built beside its final name and renamed into place.
Every read and write goes through `Storage.read()` / `Storage.write()`,
which share one asyncio lock: coroutines of one process never see each other's half-done
transaction, and `BEGIN IMMEDIATE` keeps other processes (the command line) from interleaving
a read-modify-write.

What the admin is told follows what is on disk:
- opening checks the file (`PRAGMA quick_check`); a damaged file, something that is not a
  database, an emptied file or a folder in its place raise `StorageCorruptError`, whose message
  names the file and how to restore it;
- the serving process holds an OS lock beside the file (`ProcessLock`): a second bot on the
  same data dir gets `StorageLockedError`;
- a data dir that cannot be written (at start or later) keeps reads working and makes every
  write raise `ReadOnlyStorageError` before anything is tried; a full disk raises
  `DiskFullError`; any other failed write `StorageWriteError`. All three are `FaqError`s with a
  Chinese message, and a failed transaction is rolled back whole, so nothing is acknowledged
  that is not committed, and the next write works once the cause is gone, without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.faq.backup import backup_connection, default_backup_path, fsync_dir
from bot.faq.errors import (
    DiskFullError,
    ReadOnlyStorageError,
    StorageCorruptError,
    StorageError,
    StorageLockedError,
    StorageWriteError,
)
from bot.faq.lock import ProcessLock
from bot.faq.schema import MIGRATIONS, Migration, migrate, schema_version

RESTORE_ADVICE = (
    "请先停止机器人。有备份：运行 python -m bot restore 备份文件（python -m bot backup 生成的，"
    "默认在数据目录的 backups 里）后再启动；"
    "没有备份：把这个文件改名留着，重新启动会得到空的问答库，"
    "再用 python -m bot faq import 导回最近一次 /faq export 或 python -m bot faq export"
    " 导出的文件。"
)
LOW_SPACE_BYTES = 256 * 1024
"""Less free space than this on the data dir's disk reads as a full disk."""


def damaged(path: Path, what: str) -> StorageCorruptError:
    return StorageCorruptError(f"问答数据库 {path} 无法使用：{what}。{RESTORE_ADVICE}")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class Storage:
    """One open database; create with `await Storage.open(path)`, end with `await close()`."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        path: Path,
        *,
        writable: bool = True,
        lock: ProcessLock | None = None,
    ) -> None:
        self._conn = conn
        self.path = path
        self.writable = writable
        """False when opened read-only (asked for, or the data dir could not be written)."""
        self._process_lock = lock
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        path: Path,
        migrations: Sequence[Migration] = MIGRATIONS,
        *,
        lock: bool = True,
        read_only: bool = False,
    ) -> Storage:
        """Open (create, check, migrate) the database at `path`.

        `lock`: hold the process lock (the serving bot; the command line need not). `read_only`:
        never write; also chosen by itself when the data dir cannot be written, in which case a
        missing file reads as an empty database."""
        exists = _survey(path)
        writable = not read_only and _make_dir(path.parent)
        held: ProcessLock | None = None
        if writable and lock:
            try:
                held = ProcessLock.acquire(lock_path(path))
            except OSError:
                writable = False
            else:
                if held is None:
                    raise StorageLockedError(
                        f"另一个填报助手进程正在使用问答数据库 {path}：同一个数据目录只能运行"
                        "一个机器人。请先停止那个进程，或给这个进程换一个数据目录"
                        "（LOCALSTORE_DATA_DIR）。"
                    )
        try:
            conn = await _open_checked(path, migrations, writable, exists)
        except BaseException:
            if held is not None:
                held.release()
            raise
        return cls(conn, path, writable=writable, lock=held)

    async def close(self) -> None:
        try:
            await self._conn.close()
        finally:
            if self._process_lock is not None:
                self._process_lock.release()
                self._process_lock = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection, for reads that must not see another coroutine's open transaction."""
        async with self._lock:
            yield self._conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction: committed when the block ends, rolled back whole if it raises.
        A database failure comes out as a `StorageWriteError` saying why."""
        async with self._lock:
            self._check_writable()
            conn = self._conn
            try:
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
                await conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.rollback()
                if isinstance(exc, sqlite3.Error):
                    raise self._write_failure(exc) from exc
                raise

    async def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of the live database (see `bot.faq.backup`); returns its path."""
        async with self._lock:
            return await backup_connection(self._conn, self.path, target)

    async def integrity_check(self) -> str:
        async with self.read() as conn, conn.execute("PRAGMA integrity_check") as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else ""

    def _check_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyStorageError(
                "机器人启动时数据目录是只读的，问答库现在只能查看，改动没有保存"
                f"（{self.path.parent}）。请让运维恢复写权限后重启机器人。"
            )
        if not _can_write(self.path):
            raise self._read_only()

    def _read_only(self) -> ReadOnlyStorageError:
        return ReadOnlyStorageError(
            f"数据目录现在是只读的，改动没有保存（{self.path.parent}）。"
            "请让运维恢复写权限后再发一次，不用重启。"
        )

    def _write_failure(self, exc: sqlite3.Error) -> StorageWriteError:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_READONLY or not _can_write(self.path):
            return self._read_only()
        if code == sqlite3.SQLITE_FULL or _low_space(self.path.parent):
            return DiskFullError(
                f"磁盘已满，改动没有保存（{self.path.parent}）。请让运维清理磁盘空间后再发一次，"
                "不用重启。"
            )
        return StorageWriteError(
            f"问答库写入失败，改动没有保存（{exc}）。请稍后再试；一直失败请让运维检查 {self.path}。"
        )


def _survey(path: Path) -> bool:
    """Whether the database file exists; raises when what is there cannot be one."""
    if path.is_dir():
        raise damaged(path, "这个位置是一个文件夹，不是数据库文件")
    if not path.exists():
        return False
    wal = path.with_name(path.name + "-wal")
    if path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        raise damaged(path, "文件是空的（0 字节，可能被截断或清空）")
    return True


async def _open_checked(
    path: Path, migrations: Sequence[Migration], writable: bool, exists: bool
) -> aiosqlite.Connection:
    """The configured, checked and migrated connection; every failure names the file."""
    try:
        if writable and not exists:
            await _create(path, migrations)
            exists = True
        conn = await _connect(path, writable, exists)
        try:
            await _configure(conn, path, writable)
            await _quick_check(conn, path)
            current = await schema_version(conn)
            if current < len(migrations) and not writable and exists:
                raise StorageError(
                    f"问答数据库 {path} 是旧版本，要写入才能升级，现在是只读打开："
                    "请在数据目录可写时正常启动一次机器人。"
                )
            if writable and 0 < current < len(migrations):
                # A copy of the file as the older code left it, in case the new code is wrong.
                label = f"before-v{len(migrations)}"
                await backup_connection(conn, path, default_backup_path(path, label))
            await migrate(conn, migrations)
        except BaseException:
            await conn.close()
            raise
    except sqlite3.Error as exc:
        raise _open_failure(path, exc) from exc
    except StorageError as exc:
        if isinstance(exc, StorageCorruptError) or str(path) in str(exc):
            raise
        raise StorageError(f"问答数据库 {path}：{exc}") from exc
    return conn


async def _create(path: Path, migrations: Sequence[Migration]) -> None:
    """A new database, built beside `path` and renamed into place: a crash while creating it
    never leaves a file that looks like an emptied database."""
    new = path.with_name(path.name + ".new")
    _remove_database(new)
    conn = await aiosqlite.connect(new, isolation_level=None)
    try:
        await _configure(conn, new, writable=True)
        await migrate(conn, migrations)
    finally:
        await conn.close()
    _move_into_place(new, path)


async def _connect(path: Path, writable: bool, exists: bool) -> aiosqlite.Connection:
    # isolation_level=None: no implicit transactions; write() issues BEGIN IMMEDIATE itself.
    if writable:
        return await aiosqlite.connect(path, isolation_level=None)
    if not exists:
        # Nothing stored and nowhere to store it: the shipped entries alone, read-only.
        return await aiosqlite.connect(":memory:", isolation_level=None)
    uri = _uri(path)
    try:
        conn = await aiosqlite.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        try:
            await conn.execute("SELECT count(*) FROM sqlite_master")
        except BaseException:
            await conn.close()
            raise
        return conn
    except sqlite3.OperationalError:
        # A WAL database whose -shm cannot be created on a read-only disk: read the main file
        # as it is (what the last clean stop checkpointed into it).
        return await aiosqlite.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


async def _configure(conn: aiosqlite.Connection, path: Path, writable: bool) -> None:
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA busy_timeout = 10000")
    if writable:
        async with conn.execute("PRAGMA journal_mode = WAL") as cur:
            row = await cur.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            raise StorageError(f"问答数据库 {path} 无法切换到 WAL 模式")
        # FULL: a commit is on disk before the admin is told "saved", even on power loss.
        await conn.execute("PRAGMA synchronous = FULL")
    await conn.execute("PRAGMA foreign_keys = ON")


async def _quick_check(conn: aiosqlite.Connection, path: Path) -> None:
    async with conn.execute("PRAGMA quick_check") as cur:
        rows = [str(r[0]) for r in await cur.fetchall()]
    if rows != ["ok"]:
        first = " ".join(rows[0].split())[:200] if rows else "没有结果"
        raise damaged(path, f"内容检查没有通过（{first}）")


def _open_failure(path: Path, exc: sqlite3.Error) -> StorageError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_NOTADB:
        return damaged(path, "不是 SQLite 数据库文件（可能被别的内容覆盖了）")
    if code == sqlite3.SQLITE_CORRUPT:
        return damaged(path, f"文件内容损坏（{exc}）")
    if code == sqlite3.SQLITE_FULL or _low_space(path.parent):
        return StorageError(f"磁盘已满，无法打开问答数据库 {path}：请清理磁盘空间后再启动。")
    return StorageError(f"无法打开问答数据库 {path}（{exc}）：请检查这个文件和它所在目录的权限。")


def _make_dir(directory: Path) -> bool:
    """Creates the data dir if needed; False when it cannot be written."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK)


def _can_write(path: Path) -> bool:
    # access(2) also answers "no" for a read-only mount, even to root.
    directory = path.parent
    return os.access(directory, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _low_space(directory: Path) -> bool:
    try:
        stat = os.statvfs(directory)
    except (OSError, AttributeError):  # statvfs: not on Windows
        return False
    return stat.f_bavail * stat.f_frsize < LOW_SPACE_BYTES


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _move_into_place(new: Path, path: Path) -> None:
    os.replace(new, path)
    fsync_dir(path.parent)
