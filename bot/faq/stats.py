"""Usage figures for the admins: how often each entry answered a question, and how many
questions were answered or missed, per hour (`/faq stats`, the weekly digest, the spreadsheet).

Counting is on the question path, so it costs a dictionary increment and no I/O: `UsageBuffer`
keeps the counts in memory and `FaqService` writes them in one transaction every little while
(and before any figure is read, and on close). Hours are unix hours (`time // 3600`); they are
shown in local time.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import aiosqlite

Outcome = Literal["answered", "missed"]
HitKey = tuple[str, int]
"""(entry id, unix hour)."""
QuestionKey = tuple[int, Outcome]
"""(unix hour, outcome)."""


def hour_of(at: float) -> int:
    return int(at // 3600)


@dataclass(frozen=True, slots=True)
class EntryUsage:
    """One entry's hits in the period asked about, and its last hit ever."""

    entry_id: str
    question: str
    hits: int
    last_hour: int | None
    """Unix hour of the entry's last hit; None when it never answered anything."""

    @property
    def last_hit_at(self) -> float | None:
        return None if self.last_hour is None else self.last_hour * 3600.0


@dataclass(frozen=True, slots=True)
class HourCount:
    """Questions asked at one hour of the day (local time, 0-23) over the period."""

    hour: int
    answered: int
    missed: int

    @property
    def total(self) -> int:
        return self.answered + self.missed


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    answered: int
    missed: int


@dataclass(frozen=True, slots=True)
class UsageSummary:
    """The figures of one period, for `/faq stats` and the weekly digest."""

    since: float
    until: float
    answered: int
    missed: int
    most_asked: list[EntryUsage]
    unhelpful: list[EntryUsage]
    busiest_hours: list[HourCount]


class UsageBuffer:
    """Counts kept in memory until the next batch write; O(1) per question."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.hits: Counter[HitKey] = Counter()
        self.questions: Counter[QuestionKey] = Counter()

    def answered(self, entry_id: str | None = None) -> None:
        hour = hour_of(self._clock())
        self.questions[(hour, "answered")] += 1
        if entry_id is not None:
            self.hits[(entry_id, hour)] += 1

    def missed(self) -> None:
        self.questions[(hour_of(self._clock()), "missed")] += 1

    def take(self) -> tuple[Counter[HitKey], Counter[QuestionKey]]:
        """Everything counted so far; the buffer starts again empty."""
        taken = self.hits, self.questions
        self.hits, self.questions = Counter(), Counter()
        return taken

    def give_back(self, hits: Counter[HitKey], questions: Counter[QuestionKey]) -> None:
        """Counts whose write failed, to be written with the next batch."""
        self.hits.update(hits)
        self.questions.update(questions)

    def __len__(self) -> int:
        return len(self.hits) + len(self.questions)


async def write(
    conn: aiosqlite.Connection, hits: Mapping[HitKey, int], questions: Mapping[QuestionKey, int]
) -> None:
    """Adds a batch of counts (inside the caller's transaction)."""
    await conn.executemany(
        "INSERT INTO entry_hit (entry_id, hour, count) VALUES (?, ?, ?)"
        " ON CONFLICT (entry_id, hour) DO UPDATE SET count = count + excluded.count",
        [(entry_id, hour, n) for (entry_id, hour), n in hits.items() if n > 0],
    )
    await conn.executemany(
        "INSERT INTO question_hour (hour, outcome, count) VALUES (?, ?, ?)"
        " ON CONFLICT (hour, outcome) DO UPDATE SET count = count + excluded.count",
        [(hour, outcome, n) for (hour, outcome), n in questions.items() if n > 0],
    )


async def hits_since(conn: aiosqlite.Connection, since_hour: int) -> dict[str, int]:
    """Entry id -> hits from `since_hour` on."""
    async with conn.execute(
        "SELECT entry_id, sum(count) FROM entry_hit WHERE hour >= ? GROUP BY entry_id",
        (since_hour,),
    ) as cur:
        return {row[0]: int(row[1]) for row in await cur.fetchall()}


async def last_hits(conn: aiosqlite.Connection) -> dict[str, int]:
    """Entry id -> the unix hour of its last hit ever."""
    async with conn.execute("SELECT entry_id, max(hour) FROM entry_hit GROUP BY entry_id") as cur:
        return {row[0]: int(row[1]) for row in await cur.fetchall()}


async def question_rows(
    conn: aiosqlite.Connection, since_hour: int
) -> list[tuple[int, Outcome, int]]:
    """(unix hour, outcome, count) from `since_hour` on, oldest first."""
    async with conn.execute(
        "SELECT hour, outcome, count FROM question_hour WHERE hour >= ? ORDER BY hour",
        (since_hour,),
    ) as cur:
        return [(int(r[0]), r[1], int(r[2])) for r in await cur.fetchall()]


async def hit_rows(conn: aiosqlite.Connection) -> list[tuple[str, int, int]]:
    """Every (entry id, unix hour, count), oldest first: the spreadsheet's raw sheet."""
    async with conn.execute(
        "SELECT entry_id, hour, count FROM entry_hit ORDER BY hour, entry_id"
    ) as cur:
        return [(r[0], int(r[1]), int(r[2])) for r in await cur.fetchall()]


def busiest_hours(rows: Iterable[tuple[int, Outcome, int]]) -> list[HourCount]:
    """Questions per local hour of the day, the busiest first (hours with none left out)."""
    answered: Counter[int] = Counter()
    missed: Counter[int] = Counter()
    for hour, outcome, count in rows:
        local = time.localtime(hour * 3600).tm_hour
        (answered if outcome == "answered" else missed)[local] += count
    hours = [HourCount(h, answered[h], missed[h]) for h in set(answered) | set(missed)]
    return sorted(hours, key=lambda h: (-h.total, h.hour))


def per_day(rows: Iterable[tuple[int, Outcome, int]]) -> list[DayCount]:
    """Questions per local calendar day, oldest first (days with none left out)."""
    answered: Counter[date] = Counter()
    missed: Counter[date] = Counter()
    for hour, outcome, count in rows:
        day = datetime.fromtimestamp(hour * 3600).date()
        (answered if outcome == "answered" else missed)[day] += count
    return [DayCount(d, answered[d], missed[d]) for d in sorted(set(answered) | set(missed))]


def usage_of(
    questions: Mapping[str, str], hits: Mapping[str, int], last: Mapping[str, int]
) -> list[EntryUsage]:
    """`EntryUsage` of every entry id in `questions` (id -> its question)."""
    return [
        EntryUsage(entry_id, question, hits.get(entry_id, 0), last.get(entry_id))
        for entry_id, question in questions.items()
    ]
