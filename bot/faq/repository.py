"""`FaqRepository`: every FAQ request an admin can make, over one open `Storage`.

Adding, editing, paraphrasing, deleting, restoring and rolling back entries (stored as
revisions: `bot.faq.revisions` states the merge rule), reading them back (effective entries,
list, search, history, the audit log), the missed-question queue (`bot.faq.missed`) and
import/export (`bot.faq.import_export`). Input is checked before anything is stored; a request
that cannot be carried out raises a `FaqError` with a Chinese message for the admin. Each
change is one transaction. Nothing here imports nonebot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping

import aiosqlite

from bot.faq import audit, missed, stats
from bot.faq.errors import (
    DuplicateQuestionError,
    EntryNotFoundError,
    FaqError,
    ImportFailedError,
    InvalidInputError,
    MissedNotFoundError,
    VersionNotFoundError,
)
from bot.faq.import_export import export_yaml, parse_import
from bot.faq.inputs import InputRules
from bot.faq.model import (
    Actor,
    AuditRecord,
    EntryState,
    ImportResult,
    MissedGroup,
    Page,
    Revision,
)
from bot.faq.revisions import Revisions, clean_id, new_state, next_admin_id, stored_content
from bot.faq.stats import HitKey, QuestionKey
from bot.faq.storage import Storage
from bot.guide.knowledge import Entry, KnowledgeBase
from bot.guide.retrieval import Cleaner, Retriever

__all__ = [
    "Actor",
    "AuditRecord",
    "DuplicateQuestionError",
    "EntryNotFoundError",
    "EntryState",
    "FaqError",
    "FaqRepository",
    "ImportFailedError",
    "ImportResult",
    "InvalidInputError",
    "MissedGroup",
    "MissedNotFoundError",
    "Page",
    "Revision",
    "VersionNotFoundError",
]

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
        self._revisions = Revisions(shipped, clock)
        self._clean = Cleaner(shipped.lexicon.fillers)
        self._inputs = InputRules(self._clean, answer_max_chars)

    # ---- reading -------------------------------------------------------------------------

    async def states(self) -> dict[str, EntryState]:
        """Every known id: shipped ids in file order, then admin ids in order of creation."""
        async with self.storage.read() as conn:
            return await self._revisions.states(conn)

    async def effective(self) -> dict[str, Entry]:
        """What the assistant should answer from: visible entries, in a stable order."""
        return {
            s.id: s.entry for s in (await self.states()).values() if s.visible and s.entry
        }

    async def show(self, entry_id: str) -> EntryState:
        async with self.storage.read() as conn:
            return await self._revisions.state(conn, clean_id(entry_id))

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
        async with self.storage.read() as conn:
            return await self._revisions.history(conn, clean_id(entry_id))

    async def audit(self, limit: int = 20) -> list[AuditRecord]:
        """The newest changes of any kind, newest first."""
        async with self.storage.read() as conn:
            return await audit.newest(conn, limit)

    # ---- checks before a dialog asks for the answer ---------------------------------------

    async def check_new_question(self, question: str) -> str:
        """The cleaned question if `add` would accept it; raises as `add` would."""
        question = self._inputs.question(question)
        async with self.storage.read() as conn:
            self._inputs.unique(await self._revisions.states(conn), question)
        return question

    async def check_editable(self, entry_id: str) -> EntryState:
        async with self.storage.read() as conn:
            return await self._revisions.visible_state(conn, clean_id(entry_id))

    async def check_adoptable(self, number: int) -> MissedGroup:
        async with self.storage.read() as conn:
            group = await missed.open_group(conn, number, allow_ignored=True)
            states = await self._revisions.states(conn)
            self._inputs.unique(states, self._inputs.question(group.sample))
            return group

    # ---- changing entries ----------------------------------------------------------------

    async def add(self, question: str, answer: str, actor: Actor) -> Entry:
        """A new admin entry; returns it (with its new id)."""
        question = self._inputs.question(question)
        answer = self._inputs.answer(answer)
        async with self.storage.write() as conn:
            return await self._add(conn, question, answer, actor, action="add", summary="添加问答")

    async def edit(self, entry_id: str, answer: str, actor: Actor) -> Entry:
        answer = self._inputs.answer(answer)
        async with self.storage.write() as conn:
            state = await self._revisions.visible_state(conn, clean_id(entry_id))
            assert state.entry is not None
            if state.entry.answer == answer:
                raise InvalidInputError("新答案和现在的一样，没有改动。")
            entry = state.entry.model_copy(update={"answer": answer})
            await self._revisions.append(conn, state, "edit", entry, False, actor, "修改答案")
            return entry

    async def alias(self, entry_id: str, paraphrase: str, actor: Actor) -> Entry:
        """Adds another way of asking to an entry."""
        paraphrase = self._inputs.question(paraphrase, what="新问法")
        async with self.storage.write() as conn:
            state = await self._revisions.visible_state(conn, clean_id(entry_id))
            return await self._alias(conn, state, paraphrase, actor, "alias", "添加问法")

    async def delete(self, entry_id: str, actor: Actor) -> EntryState:
        """Hides an entry; its content stays for `restore`."""
        async with self.storage.write() as conn:
            state = await self._revisions.visible_state(conn, clean_id(entry_id))
            await self._revisions.append(
                conn, state, "delete", stored_content(state), True, actor, "删除"
            )
            return state

    async def restore(self, entry_id: str, actor: Actor) -> EntryState:
        async with self.storage.write() as conn:
            state = await self._revisions.state(conn, clean_id(entry_id))
            if not state.hidden:
                raise InvalidInputError(f"问答 {state.id} 没有被删除，不用恢复。")
            if state.entry is None:
                raise InvalidInputError(f"内置文件里已经没有 {state.id}，无法恢复。")
            await self._revisions.append(
                conn, state, "restore", stored_content(state), False, actor, "恢复"
            )
            return await self._revisions.state(conn, state.id)

    async def rollback(self, entry_id: str, version: int, actor: Actor) -> EntryState:
        """Back to the content and visibility of `version`; 0 means the shipped entry."""
        entry_id = clean_id(entry_id)
        async with self.storage.write() as conn:
            state = await self._revisions.state(conn, entry_id)
            if version == 0:
                if state.shipped is None:
                    raise VersionNotFoundError(f"{entry_id} 不是内置问答，没有版本0。")
                if state.source == "shipped" and not state.hidden:
                    raise InvalidInputError(f"{entry_id} 现在用的就是内置版本。")
                await self._revisions.append(
                    conn, state, "rollback", None, False, actor, "回滚到版本0（内置）"
                )
                return await self._revisions.state(conn, entry_id)
            found = await self._revisions.stored_version(conn, entry_id, version)
            if found is None:
                first = "0-" if state.shipped is not None else "1-"
                raise VersionNotFoundError(
                    f"{entry_id} 没有版本{version}，现有版本 {first}{state.version}。"
                )
            if version == state.version:
                raise InvalidInputError(f"版本{version}就是 {entry_id} 的当前版本。")
            target, hidden = found
            if target is None and state.shipped is None:
                raise InvalidInputError(f"版本{version}跟随的内置问答已不在文件里，无法回滚到它。")
            await self._revisions.append(
                conn, state, "rollback", target, hidden, actor, f"回滚到版本{version}"
            )
            return await self._revisions.state(conn, entry_id)

    # ---- missed questions ----------------------------------------------------------------

    async def record_missed(self, text: str, actor: Actor) -> MissedGroup | None:
        """Counts a question the bot could not answer; similar ones share one number."""
        if self._missed_norm(text) is None:
            return None
        now = self._clock()
        async with self.storage.write() as conn:
            return await self._record_missed(conn, text, actor, now)

    async def record_usage(
        self,
        hits: Mapping[HitKey, int],
        questions: Mapping[QuestionKey, int],
        missed_questions: Iterable[tuple[str, Actor, float]] = (),
    ) -> None:
        """One batch of usage counts and missed questions (text, who, when), in one transaction."""
        async with self.storage.write() as conn:
            await stats.write(conn, hits, questions)
            for text, actor, at in missed_questions:
                await self._record_missed(conn, text, actor, at)

    def _missed_norm(self, text: str) -> str | None:
        """The cleaned text of a question worth recording as missed, else None."""
        text = text.strip()
        norm = self._clean(text)
        return norm if norm and len(text) <= missed.MISSED_MAX_CHARS else None

    async def _record_missed(
        self, conn: aiosqlite.Connection, text: str, actor: Actor, at: float
    ) -> MissedGroup | None:
        norm = self._missed_norm(text)
        if norm is None:
            return None
        return await missed.record(conn, text.strip(), norm, actor, at)

    async def missed(self, limit: int = 20) -> list[MissedGroup]:
        """Open missed questions, the most asked first."""
        async with self.storage.read() as conn:
            return await missed.open_groups(conn, limit)

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
            answer = self._inputs.answer(answer)
        async with self.storage.write() as conn:
            group = await missed.open_group(conn, number, allow_ignored=True)
            question = self._inputs.question(group.sample)
            if entry_id is not None:
                state = await self._revisions.visible_state(conn, clean_id(entry_id))
                entry = await self._alias(
                    conn, state, question, actor, "adopt", f"采纳未答问题{number}为问法"
                )
            else:
                assert answer is not None
                entry = await self._add(
                    conn, question, answer, actor, action="adopt",
                    summary=f"采纳未答问题{number}为新问答",
                )
            await missed.set_status(conn, number, "adopted", entry.id)
            return entry

    async def ignore(self, number: int, actor: Actor) -> MissedGroup:
        async with self.storage.write() as conn:
            group = await missed.open_group(conn, number, allow_ignored=False)
            await missed.set_status(conn, number, "ignored")
            await audit.record(
                conn, self._clock(), actor, "ignore", None, None,
                f"忽略未答问题{number}：{group.sample}",
            )
            return group

    # ---- export and import ---------------------------------------------------------------

    async def export_yaml(self) -> str:
        """The effective knowledge in the format of `knowledge/faq/*.yaml`."""
        return export_yaml(await self.effective())

    async def import_yaml(self, text: str, actor: Actor) -> ImportResult:
        """Makes the effective knowledge equal to an exported file; entries not in it are hidden."""
        wanted = parse_import(text, self.shipped, self.answer_max_chars)
        async with self.storage.write() as conn:
            states = await self._revisions.states(conn)
            added = changed = hidden = unchanged = 0
            for entry_id, entry in wanted.items():
                state = states.get(entry_id) or new_state(entry_id)
                if state.visible and state.entry == entry:
                    unchanged += 1
                    continue
                follow = state.shipped is not None and state.shipped == entry
                await self._revisions.append(
                    conn, state, "import", None if follow else entry, False, actor, "导入"
                )
                if state.entry is None and state.version == 0:
                    added += 1
                else:
                    changed += 1
            for state in states.values():
                if state.visible and state.id not in wanted:
                    await self._revisions.append(
                        conn, state, "import", stored_content(state), True, actor,
                        "导入（文件中没有，删除）",
                    )
                    hidden += 1
            result = ImportResult(added, changed, hidden, unchanged)
            await audit.record(
                conn, self._clock(), actor, "import", None, None,
                f"导入：新增{added}条，修改{changed}条，删除{hidden}条，未变{unchanged}条",
            )
            return result

    # ---- internals -----------------------------------------------------------------------

    async def _add(
        self, conn: aiosqlite.Connection, question: str, answer: str, actor: Actor, *,
        action: str, summary: str,
    ) -> Entry:
        states = await self._revisions.states(conn)
        self._inputs.unique(states, question)
        entry_id = next_admin_id(states)
        entry = Entry(id=entry_id, origin="admin", question=question, answer=answer)
        await self._revisions.append(
            conn, new_state(entry_id), action, entry, False, actor, summary
        )
        return entry

    async def _alias(
        self, conn: aiosqlite.Connection, state: EntryState, paraphrase: str, actor: Actor,
        action: str, summary: str,
    ) -> Entry:
        assert state.entry is not None
        self._inputs.unique(await self._revisions.states(conn), paraphrase, own=state.id)
        entry = state.entry.model_copy(
            update={"paraphrases": (*state.entry.paraphrases, paraphrase)}
        )
        await self._revisions.append(
            conn, state, action, entry, False, actor, f"{summary}：{paraphrase}"
        )
        return entry
