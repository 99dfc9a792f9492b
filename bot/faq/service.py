"""The FAQ service: every admin change to the knowledge, stored and then applied at once.

Chat commands and the command line both go through `FaqService`. Each change is committed by
the repository first and only then handed to `apply` (the assistant's re-index), so whatever a
caller acknowledges is stored. Reads are delegated to the repository unchanged. `usage` (a
`UsageRecorder`) counts answered and missed questions and gives the admins' figures.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from bot.faq.model import (
    Actor,
    AuditRecord,
    EntryState,
    ImportResult,
    MissedGroup,
    Page,
    Revision,
)
from bot.faq.repository import FaqRepository
from bot.faq.storage import Storage, damaged
from bot.faq.usage import UsageRecorder
from bot.guide.knowledge import Entry, KnowledgeBase

Apply = Callable[[Mapping[str, Entry]], None]
"""Receives the effective entries (shipped merged with stored changes) after every change."""

DB_FILE = "faq.sqlite3"
"""The database's file name inside the data dir."""


class FaqService:
    """Admin changes over one open `Storage`; `apply` learns the effective entries after each."""

    def __init__(self, storage: Storage, repository: FaqRepository, apply: Apply) -> None:
        self.storage = storage
        self.repo = repository
        self._apply = apply
        self.usage = UsageRecorder(repository)
        """Question counts and figures; `usage.answered(entry_id)` / `usage.missed(text, actor)`
        on the question path cost no I/O."""

    @classmethod
    async def open(
        cls,
        path: Path,
        shipped: KnowledgeBase,
        apply: Apply,
        *,
        answer_max_chars: int = 2000,
        lock: bool = True,
        read_only: bool = False,
        flush_seconds: float | None = 60.0,
    ) -> FaqService:
        """Open (check, migrate) the database at `path` and apply what it stores.

        For the serving bot the defaults are right: it holds the process lock, so a second bot
        on the same data dir gets `StorageLockedError`. A damaged file raises
        `StorageCorruptError`; both are `StorageError`s whose message says what to do, and
        start-up should print it and exit. Usage counts are written every `flush_seconds`
        (None: only when figures are read and on close)."""
        storage = await Storage.open(path, lock=lock, read_only=read_only)
        try:
            service = cls(
                storage, FaqRepository(storage, shipped, answer_max_chars=answer_max_chars), apply
            )
            try:
                await service.refresh()
            except sqlite3.DatabaseError as exc:
                # A damage that `quick_check` could not see shows when the revisions are read.
                raise damaged(path, f"读取已保存的修改时出错（{exc}）") from exc
        except BaseException:
            await storage.close()
            raise
        if flush_seconds is not None and storage.writable:
            service.usage.start(flush_seconds)
        return service

    async def close(self) -> None:
        """Writes the usage counts still in memory, then closes the database."""
        try:
            await self.usage.close()
        finally:
            await self.storage.close()

    async def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of the live database (default: `backups/` beside it)."""
        return await self.storage.backup(target)

    async def refresh(self) -> None:
        """Hand the effective entries to `apply` (after a change, or at start-up)."""
        self._apply(await self.repo.effective())

    # ---- changes: stored first, then applied ----------------------------------------------

    async def add(self, question: str, answer: str, actor: Actor) -> Entry:
        entry = await self.repo.add(question, answer, actor)
        await self.refresh()
        return entry

    async def edit(self, entry_id: str, answer: str, actor: Actor) -> Entry:
        entry = await self.repo.edit(entry_id, answer, actor)
        await self.refresh()
        return entry

    async def alias(self, entry_id: str, paraphrase: str, actor: Actor) -> Entry:
        entry = await self.repo.alias(entry_id, paraphrase, actor)
        await self.refresh()
        return entry

    async def delete(self, entry_id: str, actor: Actor) -> EntryState:
        state = await self.repo.delete(entry_id, actor)
        await self.refresh()
        return state

    async def restore(self, entry_id: str, actor: Actor) -> EntryState:
        state = await self.repo.restore(entry_id, actor)
        await self.refresh()
        return state

    async def rollback(self, entry_id: str, version: int, actor: Actor) -> EntryState:
        state = await self.repo.rollback(entry_id, version, actor)
        await self.refresh()
        return state

    async def adopt(
        self, number: int, actor: Actor, *, entry_id: str | None = None, answer: str | None = None
    ) -> Entry:
        entry = await self.repo.adopt(number, actor, entry_id=entry_id, answer=answer)
        await self.refresh()
        return entry

    async def import_yaml(self, text: str, actor: Actor) -> ImportResult:
        result = await self.repo.import_yaml(text, actor)
        await self.refresh()
        return result

    # ---- changes that do not touch the answers ----------------------------------------------

    async def ignore(self, number: int, actor: Actor) -> MissedGroup:
        return await self.repo.ignore(number, actor)

    async def record_missed(self, text: str, actor: Actor) -> MissedGroup | None:
        return await self.repo.record_missed(text, actor)

    # ---- reading ------------------------------------------------------------------------------

    async def effective(self) -> dict[str, Entry]:
        return await self.repo.effective()

    async def show(self, entry_id: str) -> EntryState:
        return await self.repo.show(entry_id)

    async def list_entries(self, page: int = 1) -> Page:
        return await self.repo.list_entries(page)

    async def search(self, keyword: str) -> list[EntryState]:
        return await self.repo.search(keyword)

    async def history(self, entry_id: str) -> list[Revision]:
        return await self.repo.history(entry_id)

    async def audit(self) -> list[AuditRecord]:
        return await self.repo.audit()

    async def missed(self) -> list[MissedGroup]:
        await self.usage.flush()  # missed questions noted on the question path come in first
        return await self.repo.missed()

    async def export_yaml(self) -> str:
        return await self.repo.export_yaml()

    async def check_new_question(self, question: str) -> str:
        return await self.repo.check_new_question(question)

    async def check_editable(self, entry_id: str) -> EntryState:
        return await self.repo.check_editable(entry_id)

    async def check_adoptable(self, number: int) -> MissedGroup:
        return await self.repo.check_adoptable(number)


@asynccontextmanager
async def opened(
    path: Path,
    shipped: KnowledgeBase,
    apply: Apply,
    *,
    answer_max_chars: int = 2000,
    read_only: bool = False,
) -> AsyncIterator[FaqService]:
    """A service for one job outside the running bot (the command line), closed afterwards.

    It does not take the process lock, so it works beside a running bot (SQLite keeps the two
    apart); `read_only` for jobs that only read (ask, export, stats)."""
    service = await FaqService.open(
        path, shipped, apply, answer_max_chars=answer_max_chars, lock=False, read_only=read_only,
        flush_seconds=None,
    )
    try:
        yield service
    finally:
        await service.close()
