"""Usage figures: counted in memory on the question path, written in batches, and read back as
most-asked entries, entries that never help, questions per day and per hour, a spreadsheet."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.faq import storage as storage_module
from bot.faq.repository import FaqRepository
from bot.faq.service import FaqService
from bot.faq.stats import hour_of
from bot.faq.usage import UsageRecorder
from tests.core.faq.conftest import Opener
from tests.core.faq.sample import ADMIN

START = time.mktime((2026, 3, 2, 9, 10, 0, 0, 0, -1))
"""A Monday, 09:10 local time."""
HOUR = 3600.0
DAY = 86400.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def service(open_repo: Opener, clock: Clock) -> AsyncIterator[FaqService]:
    """A service whose usage counts run on `clock` and are written only when asked."""
    repo = await open_repo()
    faq = FaqService(repo.storage, repo, lambda entries: None)
    faq.usage = UsageRecorder(repo, clock=clock)
    yield faq
    await faq.usage.close()


async def _rows(repo: FaqRepository, table: str) -> int:
    async with repo.storage.read() as conn, conn.execute(f"SELECT count(*) FROM {table}") as cur:
        row = await cur.fetchone()
    return int(row[0])


async def test_counting_writes_nothing_until_flushed(service: FaqService) -> None:
    """A thousand counted questions touch no table; one flush writes them as a few rows."""
    for i in range(1000):
        service.usage.answered("name-rule" if i % 2 else None)
    service.usage.missed("网站什么时候开放", ADMIN)
    assert await _rows(service.repo, "question_hour") == 0
    assert await _rows(service.repo, "missed_question") == 0
    assert await service.usage.flush()
    assert await _rows(service.repo, "question_hour") == 2
    assert await _rows(service.repo, "entry_hit") == 1
    [group] = await service.missed()
    assert (group.sample, group.count) == ("网站什么时候开放", 1)


async def test_figures_over_days_and_hours(service: FaqService, clock: Clock) -> None:
    """Most-asked, never-helping, per-day and per-hour figures follow what was counted."""
    usage = service.usage
    for _ in range(3):
        usage.answered("proof-format")
    usage.answered("name-rule")
    clock.now += 5 * HOUR  # 14:10 the same day
    usage.answered("proof-format")
    usage.missed("可以找人代填吗", ADMIN)
    clock.now += 2 * DAY  # Wednesday 14:10
    usage.answered("name-rule")
    usage.answered("name-rule")
    usage.answered()  # a computed answer: no entry
    most = await usage.most_asked(days=7)
    assert [(u.entry_id, u.hits) for u in most] == [("proof-format", 4), ("name-rule", 3)]
    assert [(u.entry_id, u.hits) for u in await usage.most_asked(days=1)] == [("name-rule", 2)]
    assert [u.entry_id for u in await usage.unhelpful(days=1)] == ["deadline", "proof-format"]
    never = (await usage.unhelpful(days=1))[0]
    assert (never.last_hit_at, never.question) == (None, "填报截止时间是什么时候")
    days = await usage.days(days=7)
    assert [(d.day.day, d.answered, d.missed) for d in days] == [(2, 5, 1), (4, 3, 0)]
    hours = await usage.busiest_hours(days=7)
    assert [(h.hour, h.answered, h.missed) for h in hours] == [(14, 4, 1), (9, 4, 0)]
    summary = await usage.summary(days=7, limit=1)
    assert (summary.answered, summary.missed) == (8, 1)
    assert [u.entry_id for u in summary.most_asked] == ["proof-format"]
    assert [h.hour for h in summary.busiest_hours] == [14]
    assert summary.until - summary.since == 7 * DAY


async def test_failed_write_keeps_counts_for_the_next(
    service: FaqService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the data dir cannot be written the counts and missed questions stay in memory;
    the next write after it recovers stores them all once."""
    service.usage.answered("name-rule")
    service.usage.missed("网站什么时候开放", ADMIN)
    monkeypatch.setattr(storage_module, "_can_write", lambda path: False)
    assert not await service.usage.flush()
    service.usage.answered("name-rule")
    monkeypatch.undo()
    assert await service.usage.flush()
    [hit] = await service.usage.most_asked()
    assert hit.hits == 2
    assert [g.count for g in await service.repo.missed()] == [1]


async def test_background_writes_and_close(open_repo: Opener) -> None:
    """A started recorder writes by itself every interval; close writes what is left."""
    repo = await open_repo()
    usage = UsageRecorder(repo)
    usage.start(0.05)
    usage.answered("name-rule")
    for _ in range(100):
        if await _rows(repo, "entry_hit"):
            break
        await asyncio.sleep(0.02)
    assert await _rows(repo, "entry_hit") == 1
    usage.answered("proof-format")
    await usage.close()
    assert await _rows(repo, "entry_hit") == 2


async def test_service_open_flushes_on_close(tmp_path: Path) -> None:
    """`FaqService.open` starts the writer and `close` leaves nothing counted unwritten."""
    from tests.core.faq.sample import SHIPPED

    path = tmp_path / "faq.sqlite3"
    faq = await FaqService.open(path, SHIPPED, lambda entries: None, flush_seconds=3600)
    faq.usage.answered("name-rule")
    await faq.close()
    faq = await FaqService.open(path, SHIPPED, lambda entries: None, flush_seconds=None)
    try:
        assert [u.hits for u in await faq.usage.most_asked()] == [1]
    finally:
        await faq.close()


async def test_spreadsheet_of_missed_questions_and_hits(
    service: FaqService, tmp_path: Path
) -> None:
    """The .xlsx holds the missed questions (a formula-looking text kept as text), the hits
    per entry, and the questions per day and per hour."""
    from openpyxl import load_workbook

    service.usage.answered("proof-format")
    service.usage.answered("proof-format")
    service.usage.missed("=1+1 这个公式怎么填", ADMIN)
    path = await service.usage.export_xlsx(tmp_path / "out" / "stats.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["未答问题", "问答命中", "每日", "时段"]
    missed_rows = list(book["未答问题"].values)
    assert missed_rows[0][:2] == ("编号", "问题")
    assert missed_rows[1][1] == "'=1+1 这个公式怎么填"
    hits = {row[0]: row for row in list(book["问答命中"].values)[1:]}
    assert hits["proof-format"][2:4] == (2, 2)
    assert hits["deadline"][4] == "从未"
    assert list(book["时段"].values)[1] == ("09:00-09:59", 2, 1, 3)
    assert not list((tmp_path / "out").glob("*.part"))


def test_openpyxl_is_loaded_only_for_a_spreadsheet() -> None:
    """Importing the FAQ package (as the bot does at start-up) leaves openpyxl unloaded."""
    code = "import sys, bot.faq; print('openpyxl' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_hour_of_is_the_unix_hour() -> None:
    """Counts are keyed by unix hour, whatever the local time zone."""
    assert hour_of(7200.0) == hour_of(10799.9) == 2
