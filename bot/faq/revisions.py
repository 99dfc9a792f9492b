"""Entry revisions and the merge rule that turns them into what users get.

The shipped entries (`knowledge/faq/`) are the base. For every entry id the database keeps
numbered revisions 1, 2, …; version 0 is the shipped entry itself. The newest revision decides
what users get:

- it either *follows the shipped entry* (content NULL: a newer file flows through at once) or
  holds an *override* (its own content: a newer shipped file never replaces it);
- it may hide the entry (`/faq del`), which keeps the content for `/faq restore`.

Edits, new paraphrases and imports store overrides; delete and restore keep whatever the entry
followed. `EntryState.shipped_changed` tells when the shipped entry changed (or vanished) after
an override was made; rolling back to version 0 goes back to following the file. Admin entries
get ids `admin-N`, never one of a shipped id. `Revisions` reads and appends revisions inside a
transaction the repository opens; every appended revision is audited in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import aiosqlite

from bot.faq import audit
from bot.faq.errors import EntryNotFoundError, InvalidInputError
from bot.faq.model import Actor, EntryState, Revision, Source, entry_hash, from_json, to_json
from bot.guide.knowledge import Entry, KnowledgeBase

ADMIN_ID_PREFIX = "admin-"


class Revisions:
    """Revisions of entry ids over one shipped `KnowledgeBase`; times from `clock`."""

    def __init__(self, shipped: KnowledgeBase, clock: Callable[[], float]) -> None:
        self.shipped = shipped
        self.clock = clock

    async def states(self, conn: aiosqlite.Connection) -> dict[str, EntryState]:
        """Every known id: shipped ids in file order, then admin ids in order of creation."""
        async with conn.execute(
            "SELECT r.*, m.first_seq FROM revision r JOIN ("
            "  SELECT entry_id, MAX(version) AS v, MIN(seq) AS first_seq"
            "  FROM revision GROUP BY entry_id"
            ") m ON r.entry_id = m.entry_id AND r.version = m.v ORDER BY m.first_seq"
        ) as cur:
            rows = {r["entry_id"]: r for r in await cur.fetchall()}
        states = {
            entry_id: self._make_state(entry_id, rows.pop(entry_id, None))
            for entry_id in self.shipped.entries
        }
        for entry_id, row in rows.items():
            states[entry_id] = self._make_state(entry_id, row)
        return states

    async def state(self, conn: aiosqlite.Connection, entry_id: str) -> EntryState:
        async with conn.execute(
            "SELECT * FROM revision WHERE entry_id = ? ORDER BY version DESC LIMIT 1", (entry_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None and entry_id not in self.shipped.entries:
            raise EntryNotFoundError(f"没有编号为 {entry_id} 的问答。")
        return self._make_state(entry_id, row)

    async def visible_state(self, conn: aiosqlite.Connection, entry_id: str) -> EntryState:
        """The state of an entry that may be changed: known, still shipped or stored, shown."""
        state = await self.state(conn, entry_id)
        if state.entry is None:
            raise EntryNotFoundError(f"内置文件里已经没有 {entry_id}。")
        if state.hidden:
            raise InvalidInputError(f"问答 {entry_id} 已删除，请先恢复再修改。")
        return state

    async def history(self, conn: aiosqlite.Connection, entry_id: str) -> list[Revision]:
        """Stored revisions of an entry, oldest first (version 0, the shipped one, not included)."""
        await self.state(conn, entry_id)
        async with conn.execute(
            "SELECT * FROM revision WHERE entry_id = ? ORDER BY version", (entry_id,)
        ) as cur:
            rows = await cur.fetchall()
        return [
            Revision(
                entry_id=r["entry_id"],
                version=r["version"],
                action=r["action"],
                note=r["note"],
                follows_shipped=r["entry_json"] is None,
                hidden=bool(r["hidden"]),
                before=from_json(r["before_json"]),
                after=from_json(r["after_json"]),
                actor=r["actor"],
                place=r["place"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    async def stored_version(
        self, conn: aiosqlite.Connection, entry_id: str, version: int
    ) -> tuple[Entry | None, bool] | None:
        """(content, hidden) of one stored version; None when there is no such version."""
        async with conn.execute(
            "SELECT entry_json, hidden FROM revision WHERE entry_id = ? AND version = ?",
            (entry_id, version),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else (from_json(row["entry_json"]), bool(row["hidden"]))

    async def append(
        self,
        conn: aiosqlite.Connection,
        state: EntryState,
        action: str,
        stored: Entry | None,
        hidden: bool,
        actor: Actor,
        summary: str,
    ) -> int:
        """Appends revision `state.version + 1`; the UNIQUE key refuses a lost update."""
        version = state.version + 1
        shipped = self.shipped.entries.get(state.id)
        after = stored if stored is not None else shipped
        now = self.clock()
        await conn.execute(
            "INSERT INTO revision (entry_id, version, action, entry_json, hidden, shipped_hash,"
            " before_json, after_json, actor, place, created_at, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.id, version, action, to_json(stored), int(hidden),
                entry_hash(shipped) if shipped else None,
                to_json(state.entry), to_json(after),
                actor.user, actor.place, now, summary,
            ),
        )
        await audit.record(conn, self.clock(), actor, action, state.id, version, summary)
        return version

    def _make_state(self, entry_id: str, row: Any) -> EntryState:
        shipped = self.shipped.entries.get(entry_id)
        if row is None:
            return EntryState(entry_id, shipped, False, 0, "shipped", shipped, None)
        stored = from_json(row["entry_json"])
        source: Source
        if stored is None:
            entry, source = shipped, "shipped"
        else:
            entry = stored
            source = "override" if (shipped is not None or row["shipped_hash"]) else "admin"
        return EntryState(
            entry_id, entry, bool(row["hidden"]), row["version"], source, shipped,
            row["shipped_hash"],
        )


def stored_content(state: EntryState) -> Entry | None:
    """What the newest revision stores: None while the entry follows the shipped file."""
    return None if state.source == "shipped" else state.entry


def new_state(entry_id: str) -> EntryState:
    """The state of an id the database and the files have never held."""
    return EntryState(entry_id, None, False, 0, "admin", None, None)


def clean_id(entry_id: str) -> str:
    entry_id = entry_id.strip().lower()
    if not entry_id:
        raise InvalidInputError("请写问答编号。")
    return entry_id


ADMIN_NUMBER_DIGITS = 9
"""Admin ids count up to `admin-999999999`; a longer number (an imported id may have up to 64
characters) is not followed, or the next id could grow past what an id may hold."""


def next_admin_id(ids: Iterable[str]) -> str:
    """`admin-N`, N one more than the largest admin number in use (of a sane length)."""
    taken = set(ids)
    pattern = re.compile(re.escape(ADMIN_ID_PREFIX) + rf"(\d{{1,{ADMIN_NUMBER_DIGITS}}})$")
    numbers = [int(m.group(1)) for s in taken if (m := pattern.match(s))]
    number = max(numbers, default=0) + 1
    while f"{ADMIN_ID_PREFIX}{number}" in taken:  # `admin-007` and `admin-7` are two ids
        number += 1
    return f"{ADMIN_ID_PREFIX}{number}"
