"""The audit log: one line per change of any kind (who, where, what), newest first on reading.

Written inside the transaction of the change it describes, so the log never tells of a change
that was not stored."""

from __future__ import annotations

import aiosqlite

from bot.faq.model import Actor, AuditRecord


async def record(
    conn: aiosqlite.Connection,
    at: float,
    actor: Actor,
    action: str,
    entry_id: str | None,
    version: int | None,
    summary: str,
) -> None:
    await conn.execute(
        "INSERT INTO audit_log (created_at, actor, place, action, entry_id, version, summary)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, actor.user, actor.place, action, entry_id, version, summary),
    )


async def newest(conn: aiosqlite.Connection, limit: int) -> list[AuditRecord]:
    async with conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)) as cur:
        rows = await cur.fetchall()
    return [
        AuditRecord(
            r["created_at"], r["actor"], r["place"], r["action"], r["entry_id"],
            r["version"], r["summary"],
        )
        for r in rows
    ]
