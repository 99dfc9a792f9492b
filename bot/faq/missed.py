"""Missed questions: what the bot told someone it could not answer, grouped by similarity so
that one number stands for all the ways the same thing was asked (`/faq missed`, `adopt`,
`ignore`). These functions run inside a transaction the repository opens."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import aiosqlite
from rapidfuzz import fuzz

from bot.faq.errors import InvalidInputError, MissedNotFoundError
from bot.faq.model import Actor, MissedGroup

MISSED_MAX_CHARS = 300
"""Longer missed messages are pasted drafts, not questions: they are not recorded."""

MISSED_SIMILARITY = 75.0
"""Two missed questions whose texts are this similar (0-100) are counted as one."""


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    """One time a question was missed, with the group (number) it was counted under."""

    number: int
    text: str
    actor: str
    place: str
    created_at: float
    status: str
    entry_id: str | None


async def record(
    conn: aiosqlite.Connection, text: str, norm: str, actor: Actor, now: float
) -> MissedGroup | None:
    """Counts `text` (cleaned: `norm`) under the most similar open or ignored group, else a
    new one."""
    async with conn.execute(
        "SELECT id, norm FROM missed_group WHERE status IN ('open', 'ignored')"
    ) as cur:
        rows = await cur.fetchall()
    best, best_score = None, MISSED_SIMILARITY
    for row in rows:
        score = similarity(norm, row["norm"])
        if score >= best_score:
            best, best_score = row["id"], score
    if best is None:
        inserted = await conn.execute(
            "INSERT INTO missed_group (sample, norm, first_at, last_at) VALUES (?, ?, ?, ?)",
            (text, norm, now, now),
        )
        best = inserted.lastrowid
    else:
        await conn.execute(
            "UPDATE missed_group SET count = count + 1, last_at = ? WHERE id = ?", (now, best)
        )
    await conn.execute(
        "INSERT INTO missed_question (group_id, text, actor, place, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (best, text, actor.user, actor.place, now),
    )
    return await group(conn, int(best or 0))


async def open_groups(conn: aiosqlite.Connection, limit: int) -> list[MissedGroup]:
    """Open missed questions, the most asked first."""
    async with conn.execute(
        "SELECT * FROM missed_group WHERE status = 'open'"
        " ORDER BY count DESC, last_at DESC LIMIT ?",
        (limit,),
    ) as cur:
        return [_group(r) for r in await cur.fetchall()]


async def group(conn: aiosqlite.Connection, number: int) -> MissedGroup | None:
    async with conn.execute("SELECT * FROM missed_group WHERE id = ?", (number,)) as cur:
        row = await cur.fetchone()
    return None if row is None else _group(row)


async def open_group(
    conn: aiosqlite.Connection, number: int, *, allow_ignored: bool
) -> MissedGroup:
    """The group `number` if it can still be adopted (or ignored); raises a `FaqError` if not."""
    found = await group(conn, number)
    if found is None:
        raise MissedNotFoundError(f"没有编号为 {number} 的未答问题。")
    if found.status == "adopted":
        raise InvalidInputError(f"未答问题{number}已经采纳到 {found.entry_id}。")
    if found.status == "ignored" and not allow_ignored:
        raise InvalidInputError(f"未答问题{number}已经忽略过了。")
    return found


async def set_status(
    conn: aiosqlite.Connection, number: int, status: str, entry_id: str | None = None
) -> None:
    await conn.execute(
        "UPDATE missed_group SET status = ?, entry_id = coalesce(?, entry_id) WHERE id = ?",
        (status, entry_id, number),
    )


async def questions(conn: aiosqlite.Connection, since: float = 0.0) -> list[MissedQuestion]:
    """Every missed question asked at or after `since`, oldest first."""
    async with conn.execute(
        "SELECT q.group_id, q.text, q.actor, q.place, q.created_at, g.status, g.entry_id"
        " FROM missed_question q JOIN missed_group g ON g.id = q.group_id"
        " WHERE q.created_at >= ? ORDER BY q.created_at, q.id",
        (since,),
    ) as cur:
        return [MissedQuestion(*row) for row in await cur.fetchall()]


def similarity(a: str, b: str) -> float:
    """0-100. Sorted characters make word order irrelevant (什么时候截止 ~ 截止时间什么时候);
    a short question whose characters all recur in a longer one is close to it too."""
    score = max(fuzz.ratio(a, b), fuzz.ratio("".join(sorted(a)), "".join(sorted(b))))
    shorter = min(len(a), len(b))
    if shorter >= 4:
        shared = sum((Counter(a) & Counter(b)).values())
        score = max(score, 90.0 * shared / shorter)
    return score


def _group(row: Any) -> MissedGroup:
    return MissedGroup(
        row["id"], row["sample"], row["count"], row["first_at"], row["last_at"], row["status"],
        row["entry_id"],
    )
