"""Admin changes to the knowledge, stored in SQLite on top of the shipped `knowledge/` files.

Merge rule (also in docs/readme/faq_admin.md). The shipped entries are the base. For every entry
id the database keeps numbered revisions 1, 2, …; version 0 is the shipped entry itself. The
newest revision decides what users get:

- it either *follows the shipped entry* (content NULL: a newer file flows through at once) or
  holds an *override* (its own content: a newer shipped file never replaces it);
- it may hide the entry (`/faq del`), which keeps the content for `/faq restore`.

Edits, new paraphrases and imports store overrides; delete and restore keep whatever the entry
followed. `/faq show X` reports when the shipped X changed (or vanished) after the override was
made; `/faq rollback X 0` goes back to following the file. Admin entries get ids `admin-N`,
never one of a shipped id. Nothing here imports nonebot: handlers turn `FaqError` (Chinese
messages) into replies.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import aiosqlite
import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from bot.faq.storage import Storage
from bot.guide.knowledge import Entry, EntryFile, KnowledgeBase, KnowledgeError, validate_entry
from bot.guide.retrieval import Cleaner, Retriever

QUESTION_MAX_CHARS = 200
"""Longest question or paraphrase an admin may store (answers: `assistant_answer_max_chars`)."""

MISSED_MAX_CHARS = 300
"""Longer missed messages are pasted drafts, not questions: they are not recorded."""

MISSED_SIMILARITY = 75.0
"""Two missed questions whose texts are this similar (0-100) are counted as one."""

ADMIN_ID_PREFIX = "admin-"
EXPORT_TOPIC = "全部问答（导出）"

Source = Literal["shipped", "override", "admin"]


class FaqError(ValueError):
    """A request that cannot be carried out; the message is for the admin, in Chinese."""


class EntryNotFoundError(FaqError):
    pass


class DuplicateQuestionError(FaqError):
    pass


class InvalidInputError(FaqError):
    pass


class VersionNotFoundError(FaqError):
    pass


class MissedNotFoundError(FaqError):
    pass


class ImportFailedError(FaqError):
    pass


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change and where: a QQ number (or "cli") and a place such as "群807645478"."""

    user: str
    place: str


@dataclass(frozen=True, slots=True)
class EntryState:
    """One entry id as users see it now, with where its content comes from."""

    id: str
    entry: Entry | None
    """Effective content; None when it follows a shipped entry that is no longer shipped."""
    hidden: bool
    version: int
    """Newest stored version; 0 when the database has no revision of this id."""
    source: Source
    shipped: Entry | None
    """The shipped entry of this id in the current files, if any."""
    base_hash: str | None
    """Hash of the shipped entry the newest revision was made against."""

    @property
    def visible(self) -> bool:
        return self.entry is not None and not self.hidden

    @property
    def shipped_changed(self) -> bool:
        """An override whose shipped entry was added or changed in the files since."""
        return (
            self.source != "shipped"
            and self.shipped is not None
            and self.shipped != self.entry
            and self.base_hash != entry_hash(self.shipped)
        )

    @property
    def shipped_removed(self) -> bool:
        """The files no longer hold this id although an admin revision was made against it."""
        return self.shipped is None and self.base_hash is not None


@dataclass(frozen=True, slots=True)
class Revision:
    entry_id: str
    version: int
    action: str
    note: str
    follows_shipped: bool
    hidden: bool
    before: Entry | None
    after: Entry | None
    actor: str
    place: str
    created_at: float


@dataclass(frozen=True, slots=True)
class AuditRecord:
    created_at: float
    actor: str
    place: str
    action: str
    entry_id: str | None
    version: int | None
    summary: str


@dataclass(frozen=True, slots=True)
class MissedGroup:
    number: int
    sample: str
    count: int
    first_at: float
    last_at: float
    status: str
    entry_id: str | None


@dataclass(frozen=True, slots=True)
class Page:
    items: list[EntryState]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    changed: int
    hidden: int
    unchanged: int

    @property
    def total_changes(self) -> int:
        return self.added + self.changed + self.hidden


def entry_hash(entry: Entry) -> str:
    data = json.dumps(entry.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _to_json(entry: Entry | None) -> str | None:
    return None if entry is None else json.dumps(entry.model_dump(mode="json"), ensure_ascii=False)


def _from_json(data: str | None) -> Entry | None:
    return None if data is None else Entry.model_validate_json(data)


class FaqRepository:
    """Admin edits, history, missed questions and export/import over one `Storage`."""

    def __init__(
        self,
        storage: Storage,
        shipped: KnowledgeBase,
        *,
        answer_max_chars: int = 2000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.storage = storage
        self.shipped = shipped
        self.answer_max_chars = answer_max_chars
        self._clock = clock
        self._clean = Cleaner(shipped.lexicon.fillers)

    # ---- reading -------------------------------------------------------------------------

    async def states(self) -> dict[str, EntryState]:
        """Every known id: shipped ids in file order, then admin ids in order of creation."""
        async with self.storage.read() as conn:
            return await self._states(conn)

    async def effective(self) -> dict[str, Entry]:
        """What the assistant should answer from: visible entries, in a stable order."""
        return {
            s.id: s.entry for s in (await self.states()).values() if s.visible and s.entry
        }

    async def show(self, entry_id: str) -> EntryState:
        async with self.storage.read() as conn:
            return await self._state(conn, _clean_id(entry_id))

    async def list_entries(self, page: int = 1, per_page: int = 10) -> Page:
        items = [s for s in (await self.states()).values() if s.entry is not None]
        # Visible entries first: a hidden one is listed only so it can be found and restored.
        items.sort(key=lambda s: s.hidden)
        pages = max(1, -(-len(items) // per_page))
        if page < 1 or page > pages:
            raise InvalidInputError(f"没有第{page}页，一共{pages}页。")
        start = (page - 1) * per_page
        return Page(items[start : start + per_page], page, pages, len(items))

    async def search(self, keyword: str, limit: int = 10) -> list[EntryState]:
        """Entries whose id, question, paraphrases or answer hold the keyword, else the closest."""
        needle = self._clean(keyword)
        if not needle:
            raise InvalidInputError("请写要搜索的关键词。")
        states = [s for s in (await self.states()).values() if s.entry is not None]
        found = [s for s in states if s.entry and needle in self._haystack(s.entry)]
        if not found:
            by_id = {s.id: s for s in states}
            retriever = Retriever(
                ((s.id, s.entry.texts) for s in states if s.entry),
                self.shipped.lexicon.fillers,
            )
            found = [by_id[h.entry_id] for h in retriever.search(keyword, limit) if h.score > 0.3]
        return found[:limit]

    def _haystack(self, entry: Entry) -> str:
        return "\n".join(self._clean(t) for t in (entry.id, *entry.texts, entry.answer))

    async def history(self, entry_id: str) -> list[Revision]:
        """Stored revisions of an entry, oldest first (version 0, the shipped one, not included)."""
        entry_id = _clean_id(entry_id)
        async with self.storage.read() as conn:
            await self._state(conn, entry_id)
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
                before=_from_json(r["before_json"]),
                after=_from_json(r["after_json"]),
                actor=r["actor"],
                place=r["place"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    async def audit(self, limit: int = 20) -> list[AuditRecord]:
        """The newest changes of any kind, newest first."""
        async with (
            self.storage.read() as conn,
            conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)) as cur,
        ):
            rows = await cur.fetchall()
        return [
            AuditRecord(
                r["created_at"], r["actor"], r["place"], r["action"], r["entry_id"],
                r["version"], r["summary"],
            )
            for r in rows
        ]

    # ---- checks before a dialog asks for the answer ---------------------------------------

    async def check_new_question(self, question: str) -> str:
        """The cleaned question if `add` would accept it; raises as `add` would."""
        question = self._check_question(question)
        async with self.storage.read() as conn:
            self._check_unique(await self._states(conn), question)
        return question

    async def check_editable(self, entry_id: str) -> EntryState:
        async with self.storage.read() as conn:
            return await self._visible_state(conn, _clean_id(entry_id))

    async def check_adoptable(self, number: int) -> MissedGroup:
        async with self.storage.read() as conn:
            group = await self._open_missed(conn, number, allow_ignored=True)
            self._check_unique(await self._states(conn), self._check_question(group.sample))
            return group

    # ---- changing entries ----------------------------------------------------------------

    async def add(self, question: str, answer: str, actor: Actor) -> Entry:
        """A new admin entry; returns it (with its new id)."""
        question = self._check_question(question)
        answer = self._check_answer(answer)
        async with self.storage.write() as conn:
            return await self._add(conn, question, answer, actor, action="add", summary="添加问答")

    async def edit(self, entry_id: str, answer: str, actor: Actor) -> Entry:
        answer = self._check_answer(answer)
        async with self.storage.write() as conn:
            state = await self._visible_state(conn, _clean_id(entry_id))
            assert state.entry is not None
            if state.entry.answer == answer:
                raise InvalidInputError("新答案和现在的一样，没有改动。")
            entry = state.entry.model_copy(update={"answer": answer})
            await self._write(conn, state, "edit", entry, False, actor, "修改答案")
            return entry

    async def alias(self, entry_id: str, paraphrase: str, actor: Actor) -> Entry:
        """Adds another way of asking to an entry."""
        paraphrase = self._check_question(paraphrase, what="新问法")
        async with self.storage.write() as conn:
            state = await self._visible_state(conn, _clean_id(entry_id))
            return await self._alias(conn, state, paraphrase, actor, "alias", "添加问法")

    async def delete(self, entry_id: str, actor: Actor) -> EntryState:
        """Hides an entry; its content stays for `restore`."""
        async with self.storage.write() as conn:
            state = await self._visible_state(conn, _clean_id(entry_id))
            await self._write(conn, state, "delete", _stored(state), True, actor, "删除")
            return state

    async def restore(self, entry_id: str, actor: Actor) -> EntryState:
        async with self.storage.write() as conn:
            state = await self._state(conn, _clean_id(entry_id))
            if not state.hidden:
                raise InvalidInputError(f"问答 {state.id} 没有被删除，不用恢复。")
            if state.entry is None:
                raise InvalidInputError(f"内置文件里已经没有 {state.id}，无法恢复。")
            await self._write(conn, state, "restore", _stored(state), False, actor, "恢复")
            return await self._state(conn, state.id)

    async def rollback(self, entry_id: str, version: int, actor: Actor) -> EntryState:
        """Back to the content and visibility of `version`; 0 means the shipped entry."""
        entry_id = _clean_id(entry_id)
        async with self.storage.write() as conn:
            state = await self._state(conn, entry_id)
            if version == 0:
                if state.shipped is None:
                    raise VersionNotFoundError(f"{entry_id} 不是内置问答，没有版本0。")
                if state.source == "shipped" and not state.hidden:
                    raise InvalidInputError(f"{entry_id} 现在用的就是内置版本。")
                await self._write(
                    conn, state, "rollback", None, False, actor, "回滚到版本0（内置）"
                )
                return await self._state(conn, entry_id)
            async with conn.execute(
                "SELECT entry_json, hidden FROM revision WHERE entry_id = ? AND version = ?",
                (entry_id, version),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                first = "0-" if state.shipped is not None else "1-"
                raise VersionNotFoundError(
                    f"{entry_id} 没有版本{version}，现有版本 {first}{state.version}。"
                )
            if version == state.version:
                raise InvalidInputError(f"版本{version}就是 {entry_id} 的当前版本。")
            target = _from_json(row["entry_json"])
            if target is None and state.shipped is None:
                raise InvalidInputError(f"版本{version}跟随的内置问答已不在文件里，无法回滚到它。")
            await self._write(
                conn, state, "rollback", target, bool(row["hidden"]), actor, f"回滚到版本{version}"
            )
            return await self._state(conn, entry_id)

    # ---- missed questions ----------------------------------------------------------------

    async def record_missed(self, text: str, actor: Actor) -> MissedGroup | None:
        """Counts a question the bot could not answer; similar ones share one number."""
        text = text.strip()
        norm = self._clean(text)
        if not norm or len(text) > MISSED_MAX_CHARS:
            return None
        now = self._clock()
        async with self.storage.write() as conn:
            async with conn.execute(
                "SELECT id, norm FROM missed_group WHERE status IN ('open', 'ignored')"
            ) as cur:
                rows = await cur.fetchall()
            best, best_score = None, MISSED_SIMILARITY
            for row in rows:
                score = _similarity(norm, row["norm"])
                if score >= best_score:
                    best, best_score = row["id"], score
            if best is None:
                cur2 = await conn.execute(
                    "INSERT INTO missed_group (sample, norm, first_at, last_at)"
                    " VALUES (?, ?, ?, ?)",
                    (text, norm, now, now),
                )
                best = cur2.lastrowid
            else:
                await conn.execute(
                    "UPDATE missed_group SET count = count + 1, last_at = ? WHERE id = ?",
                    (now, best),
                )
            await conn.execute(
                "INSERT INTO missed_question (group_id, text, actor, place, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (best, text, actor.user, actor.place, now),
            )
            return await self._missed_group(conn, int(best or 0))

    async def missed(self, limit: int = 20) -> list[MissedGroup]:
        """Open missed questions, the most asked first."""
        async with (
            self.storage.read() as conn,
            conn.execute(
                "SELECT * FROM missed_group WHERE status = 'open' "
                "ORDER BY count DESC, last_at DESC LIMIT ?",
                (limit,),
            ) as cur,
        ):
            return [_missed(r) for r in await cur.fetchall()]

    async def adopt(
        self,
        number: int,
        actor: Actor,
        *,
        entry_id: str | None = None,
        answer: str | None = None,
    ) -> Entry:
        """A missed question becomes a paraphrase of `entry_id`, or a new entry with `answer`."""
        if (entry_id is None) == (answer is None):
            raise InvalidInputError("请写要并入的问答编号，或在下一行写答案（二选一）。")
        if answer is not None:
            answer = self._check_answer(answer)
        async with self.storage.write() as conn:
            group = await self._open_missed(conn, number, allow_ignored=True)
            question = self._check_question(group.sample)
            if entry_id is not None:
                state = await self._visible_state(conn, _clean_id(entry_id))
                entry = await self._alias(
                    conn, state, question, actor, "adopt", f"采纳未答问题{number}为问法"
                )
            else:
                assert answer is not None
                entry = await self._add(
                    conn, question, answer, actor, action="adopt",
                    summary=f"采纳未答问题{number}为新问答",
                )
            await conn.execute(
                "UPDATE missed_group SET status = 'adopted', entry_id = ? WHERE id = ?",
                (entry.id, number),
            )
            return entry

    async def ignore(self, number: int, actor: Actor) -> MissedGroup:
        async with self.storage.write() as conn:
            group = await self._open_missed(conn, number, allow_ignored=False)
            await conn.execute("UPDATE missed_group SET status = 'ignored' WHERE id = ?", (number,))
            await self._audit(
                conn, actor, "ignore", None, None, f"忽略未答问题{number}：{group.sample}"
            )
            return group

    # ---- export and import ---------------------------------------------------------------

    async def export_yaml(self) -> str:
        """The effective knowledge in the format of `knowledge/faq/*.yaml`."""
        entries = await self.effective()
        header = (
            f"# 填报助手问答导出：内置文件加管理员修改，共 {len(entries)} 条。\n"
            "# 可替换 knowledge/faq/ 下的文件提交；用 /faq import 导回得到同样的问答。\n"
        )
        body = {"topic": EXPORT_TOPIC, "entries": [_export_item(e) for e in entries.values()]}
        return header + yaml.dump(
            body, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=1000
        )

    async def import_yaml(self, text: str, actor: Actor) -> ImportResult:
        """Makes the effective knowledge equal to an exported file; entries not in it are hidden."""
        wanted = self._parse_import(text)
        async with self.storage.write() as conn:
            states = await self._states(conn)
            added = changed = hidden = unchanged = 0
            for entry_id, entry in wanted.items():
                state = states.get(entry_id) or _new_state(entry_id)
                if state.visible and state.entry == entry:
                    unchanged += 1
                    continue
                follow = state.shipped is not None and state.shipped == entry
                await self._write(
                    conn, state, "import", None if follow else entry, False, actor, "导入"
                )
                if state.entry is None and state.version == 0:
                    added += 1
                else:
                    changed += 1
            for state in states.values():
                if state.visible and state.id not in wanted:
                    await self._write(
                        conn, state, "import", _stored(state), True, actor,
                        "导入（文件中没有，删除）",
                    )
                    hidden += 1
            result = ImportResult(added, changed, hidden, unchanged)
            await self._audit(
                conn, actor, "import", None, None,
                f"导入：新增{added}条，修改{changed}条，删除{hidden}条，未变{unchanged}条",
            )
            return result

    def _parse_import(self, text: str) -> dict[str, Entry]:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ImportFailedError(f"导入失败：不是有效的 YAML（{_yaml_where(exc)}）。") from exc
        try:
            data = EntryFile.model_validate(raw)
        except ValidationError as exc:
            raise ImportFailedError(
                "导入失败：格式不对，需要导出文件那样的 topic 和 entries。"
            ) from exc
        wanted: dict[str, Entry] = {}
        for i, item in enumerate(data.entries, start=1):
            try:
                entry = validate_entry(item, self.shipped.clauses, "导入文件")
            except KnowledgeError as exc:
                raise ImportFailedError(f"导入失败：第{i}条有问题（{exc}）。") from exc
            if entry.id in wanted:
                raise ImportFailedError(f"导入失败：编号 {entry.id} 出现了两次。")
            if len(entry.answer) > self.answer_max_chars:
                raise ImportFailedError(
                    f"导入失败：{entry.id} 的答案超过{self.answer_max_chars}字。"
                )
            wanted[entry.id] = entry
        if not wanted:
            raise ImportFailedError("导入失败：文件里没有问答，什么也没改。")
        return wanted

    # ---- internals -----------------------------------------------------------------------

    def _check_question(self, text: str, what: str = "问题") -> str:
        text = " ".join(text.split())
        if not self._clean(text):
            raise InvalidInputError(f"{what}不能为空。")
        if len(text) > QUESTION_MAX_CHARS:
            raise InvalidInputError(f"{what}太长了（{len(text)}字，最多{QUESTION_MAX_CHARS}字）。")
        return text

    def _check_answer(self, text: str) -> str:
        text = text.strip()
        if not text:
            raise InvalidInputError("答案不能为空。")
        if len(text) > self.answer_max_chars:
            raise InvalidInputError(
                f"答案太长了（{len(text)}字，最多{self.answer_max_chars}字），没有保存。"
            )
        return text

    def _check_unique(
        self, states: Mapping[str, EntryState], text: str, own: str | None = None
    ) -> None:
        """No two visible entries may share a phrasing (compared as retrieval compares them)."""
        key = self._clean(text)
        for state in states.values():
            if not state.visible or state.entry is None:
                continue
            for phrase in state.entry.texts:
                if self._clean(phrase) == key:
                    if state.id == own:
                        raise DuplicateQuestionError(f"问答 {own} 已经有这个问法：{phrase}")
                    raise DuplicateQuestionError(
                        f"这个问法和问答 {state.id} 的“{phrase}”重复，没有保存。"
                    )

    async def _add(
        self, conn: aiosqlite.Connection, question: str, answer: str, actor: Actor, *,
        action: str, summary: str,
    ) -> Entry:
        states = await self._states(conn)
        self._check_unique(states, question)
        entry_id = _next_admin_id(states)
        entry = Entry(id=entry_id, origin="admin", question=question, answer=answer)
        await self._write(conn, _new_state(entry_id), action, entry, False, actor, summary)
        return entry

    async def _alias(
        self, conn: aiosqlite.Connection, state: EntryState, paraphrase: str, actor: Actor,
        action: str, summary: str,
    ) -> Entry:
        assert state.entry is not None
        self._check_unique(await self._states(conn), paraphrase, own=state.id)
        entry = state.entry.model_copy(
            update={"paraphrases": (*state.entry.paraphrases, paraphrase)}
        )
        await self._write(conn, state, action, entry, False, actor, f"{summary}：{paraphrase}")
        return entry

    async def _write(
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
        await conn.execute(
            "INSERT INTO revision (entry_id, version, action, entry_json, hidden, shipped_hash,"
            " before_json, after_json, actor, place, created_at, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.id, version, action, _to_json(stored), int(hidden),
                entry_hash(shipped) if shipped else None,
                _to_json(state.entry), _to_json(after),
                actor.user, actor.place, self._clock(), summary,
            ),
        )
        await self._audit(conn, actor, action, state.id, version, summary)
        return version

    async def _audit(
        self, conn: aiosqlite.Connection, actor: Actor, action: str, entry_id: str | None,
        version: int | None, summary: str,
    ) -> None:
        await conn.execute(
            "INSERT INTO audit_log (created_at, actor, place, action, entry_id, version, summary)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._clock(), actor.user, actor.place, action, entry_id, version, summary),
        )

    async def _states(self, conn: aiosqlite.Connection) -> dict[str, EntryState]:
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

    async def _state(self, conn: aiosqlite.Connection, entry_id: str) -> EntryState:
        async with conn.execute(
            "SELECT * FROM revision WHERE entry_id = ? ORDER BY version DESC LIMIT 1", (entry_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None and entry_id not in self.shipped.entries:
            raise EntryNotFoundError(f"没有编号为 {entry_id} 的问答。")
        return self._make_state(entry_id, row)

    async def _visible_state(self, conn: aiosqlite.Connection, entry_id: str) -> EntryState:
        state = await self._state(conn, entry_id)
        if state.entry is None:
            raise EntryNotFoundError(f"内置文件里已经没有 {entry_id}。")
        if state.hidden:
            raise InvalidInputError(f"问答 {entry_id} 已删除，请先恢复再修改。")
        return state

    def _make_state(self, entry_id: str, row: Any) -> EntryState:
        shipped = self.shipped.entries.get(entry_id)
        if row is None:
            return EntryState(entry_id, shipped, False, 0, "shipped", shipped, None)
        stored = _from_json(row["entry_json"])
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

    async def _missed_group(self, conn: aiosqlite.Connection, number: int) -> MissedGroup | None:
        async with conn.execute("SELECT * FROM missed_group WHERE id = ?", (number,)) as cur:
            row = await cur.fetchone()
        return None if row is None else _missed(row)

    async def _open_missed(
        self, conn: aiosqlite.Connection, number: int, *, allow_ignored: bool
    ) -> MissedGroup:
        group = await self._missed_group(conn, number)
        if group is None:
            raise MissedNotFoundError(f"没有编号为 {number} 的未答问题。")
        if group.status == "adopted":
            raise InvalidInputError(f"未答问题{number}已经采纳到 {group.entry_id}。")
        if group.status == "ignored" and not allow_ignored:
            raise InvalidInputError(f"未答问题{number}已经忽略过了。")
        return group


def _stored(state: EntryState) -> Entry | None:
    """What the newest revision stores: None while the entry follows the shipped file."""
    return None if state.source == "shipped" else state.entry


def _new_state(entry_id: str) -> EntryState:
    return EntryState(entry_id, None, False, 0, "admin", None, None)


def _clean_id(entry_id: str) -> str:
    entry_id = entry_id.strip().lower()
    if not entry_id:
        raise InvalidInputError("请写问答编号。")
    return entry_id


def _next_admin_id(states: Iterable[str]) -> str:
    pattern = re.compile(re.escape(ADMIN_ID_PREFIX) + r"(\d+)$")
    numbers = [int(m.group(1)) for s in states if (m := pattern.match(s))]
    return f"{ADMIN_ID_PREFIX}{max(numbers, default=0) + 1}"


def _similarity(a: str, b: str) -> float:
    """0-100. Sorted characters make word order irrelevant (什么时候截止 ~ 截止时间什么时候);
    a short question whose characters all recur in a longer one is close to it too."""
    score = max(fuzz.ratio(a, b), fuzz.ratio("".join(sorted(a)), "".join(sorted(b))))
    shorter = min(len(a), len(b))
    if shorter >= 4:
        shared = sum((Counter(a) & Counter(b)).values())
        score = max(score, 90.0 * shared / shorter)
    return score


def _missed(row: Any) -> MissedGroup:
    return MissedGroup(
        row["id"], row["sample"], row["count"], row["first_at"], row["last_at"], row["status"],
        row["entry_id"],
    )


def _export_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id}
    if entry.kind != "answer":
        item["kind"] = entry.kind
    if entry.clause is not None:
        item["clause"] = entry.clause
    if entry.origin != "guide":
        item["origin"] = entry.origin
    item["question"] = entry.question
    if entry.paraphrases:
        item["paraphrases"] = list(entry.paraphrases)
    item["answer"] = entry.answer
    return item


def _yaml_where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f"第{mark.line + 1}行" if mark is not None else "无法解析"


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line answers as `|` blocks and indented lists, as the shipped files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _represent_str)
