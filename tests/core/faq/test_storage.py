"""The open database: data kept across reopening, transactions rolled back on error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.faq.schema import SCHEMA_VERSION, migrate
from bot.faq.storage import Storage


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
