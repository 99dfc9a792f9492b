"""`UsageRecorder`: counts every answered and missed question as it happens (in memory, no I/O
on the question path) and writes the counts, with the missed questions' texts, in one batch
every `flush_seconds`, before any figure is read, and on close. It also answers the admins'
questions about usage: most-asked entries, entries that never help, questions per day and
per hour, and the spreadsheet of missed questions and hits.

A batch that cannot be written (read-only data dir, full disk) is kept for the next one; the
missed questions waiting are capped at `MISSED_WAITING_MAX` so a long outage costs memory
only up to that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from bot.faq import missed, stats
from bot.faq.errors import StorageWriteError
from bot.faq.missed import MissedQuestion
from bot.faq.model import Actor
from bot.faq.repository import FaqRepository
from bot.faq.stats import DayCount, EntryUsage, HourCount, UsageBuffer, UsageSummary, hour_of

log = logging.getLogger(__name__)

MISSED_WAITING_MAX = 1000
"""Missed questions kept in memory while the database cannot take them."""
DAY = 86400.0


class UsageRecorder:
    """Usage counting and figures over one repository; `close()` writes what is left."""

    def __init__(self, repo: FaqRepository, *, clock: Callable[[], float] = time.time) -> None:
        self.repo = repo
        self._clock = clock
        self._buffer = UsageBuffer(clock)
        self._missed: deque[tuple[str, Actor, float]] = deque(maxlen=MISSED_WAITING_MAX)
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    # ---- the question path: O(1), no I/O ----------------------------------------------------

    def answered(self, entry_id: str | None = None) -> None:
        """A question was answered; `entry_id` when a knowledge entry answered it."""
        self._buffer.answered(entry_id)

    def missed(self, text: str, actor: Actor) -> None:
        """A question the bot could not answer: counted, and queued for `/faq missed`."""
        self._buffer.missed()
        if len(self._missed) == self._missed.maxlen:
            log.warning("missed questions waiting for the database: dropping the oldest")
        self._missed.append((text, actor, self._clock()))

    # ---- writing ----------------------------------------------------------------------------

    def start(self, every: float) -> None:
        """Write the counts every `every` seconds from now on (in the running event loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._flush_every(every))

    async def flush(self) -> bool:
        """Write what was counted; False (counts kept for the next try) when it cannot."""
        async with self._flush_lock:
            if not len(self._buffer) and not self._missed:
                return True
            if not self.repo.storage.writable:
                return False
            hits, questions = self._buffer.take()
            waiting = list(self._missed)
            self._missed.clear()
            try:
                await self.repo.record_usage(hits, questions, waiting)
            except StorageWriteError as exc:
                self._buffer.give_back(hits, questions)
                self._missed.extendleft(reversed(waiting))
                log.warning("usage figures not written, kept for the next try: %s", exc)
                return False
            return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.repo.storage.writable:
            await self.flush()

    async def _flush_every(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.flush()
            except Exception:  # the next round tries again; the bot goes on answering
                log.exception("writing usage figures failed")

    # ---- figures ----------------------------------------------------------------------------

    async def most_asked(self, days: float = 7, limit: int = 10) -> list[EntryUsage]:
        """Entries that answered most questions in the last `days` days, most first."""
        usage = [u for u in await self._usage(days) if u.hits > 0]
        return sorted(usage, key=lambda u: -u.hits)[:limit]

    async def unhelpful(self, days: float = 30) -> list[EntryUsage]:
        """Entries users can get that answered nothing in the last `days` days; those that
        never answered anything first, then the longest unused."""
        usage = [u for u in await self._usage(days) if u.hits == 0]
        return sorted(usage, key=lambda u: -1 if u.last_hour is None else u.last_hour)

    async def days(self, days: float = 7) -> list[DayCount]:
        """Answered and missed questions per day, oldest first."""
        return stats.per_day(await self._question_rows(days))

    async def busiest_hours(self, days: float = 7) -> list[HourCount]:
        """Questions per hour of the day (local time), the busiest first."""
        return stats.busiest_hours(await self._question_rows(days))

    async def missed_questions(self, days: float | None = None) -> list[MissedQuestion]:
        """Every missed question (of the last `days` days), oldest first."""
        await self.flush()
        since = 0.0 if days is None else self._clock() - days * DAY
        async with self.repo.storage.read() as conn:
            return await missed.questions(conn, since)

    async def summary(self, days: float = 7, limit: int = 5) -> UsageSummary:
        """The figures of the last `days` days for `/faq stats` and the weekly digest."""
        rows = await self._question_rows(days)
        now = self._clock()
        return UsageSummary(
            since=now - days * DAY,
            until=now,
            answered=sum(n for _, outcome, n in rows if outcome == "answered"),
            missed=sum(n for _, outcome, n in rows if outcome == "missed"),
            most_asked=await self.most_asked(days, limit),
            unhelpful=(await self.unhelpful(days))[:limit],
            busiest_hours=stats.busiest_hours(rows)[:limit],
        )

    async def export_xlsx(self, path: Path, days: float = 30) -> Path:
        """A spreadsheet of missed questions, hits per entry, questions per day and per hour."""
        from bot.faq.spreadsheet import write_workbook

        all_time = await self._usage(None)
        window = {u.entry_id: u.hits for u in await self._usage(days)}
        rows = await self._question_rows(None)
        await asyncio.to_thread(
            write_workbook,
            path,
            missed_rows=await self.missed_questions(),
            usage=all_time,
            recent_hits=window,
            recent_days=days,
            per_day=stats.per_day(rows),
            per_hour=sorted(stats.busiest_hours(rows), key=lambda h: h.hour),
        )
        return path

    async def _usage(self, days: float | None) -> list[EntryUsage]:
        await self.flush()
        effective = await self.repo.effective()
        async with self.repo.storage.read() as conn:
            hits = await stats.hits_since(conn, self._since_hour(days))
            last = await stats.last_hits(conn)
        questions = {entry_id: entry.question for entry_id, entry in effective.items()}
        return stats.usage_of(questions, hits, last)

    async def _question_rows(self, days: float | None) -> list[tuple[int, stats.Outcome, int]]:
        await self.flush()
        async with self.repo.storage.read() as conn:
            return await stats.question_rows(conn, self._since_hour(days))

    def _since_hour(self, days: float | None) -> int:
        return 0 if days is None else hour_of(self._clock() - days * DAY)
