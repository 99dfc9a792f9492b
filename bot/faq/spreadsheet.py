"""The admins' spreadsheet (.xlsx): missed questions, hits per entry, questions per day and per
hour of the day. openpyxl is imported only here, when a spreadsheet is asked for."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.faq.missed import MissedQuestion
from bot.faq.stats import DayCount, EntryUsage, HourCount

STATUS = {"open": "待处理", "adopted": "已采纳", "ignored": "已忽略"}


def write_workbook(
    path: Path,
    *,
    missed_rows: Sequence[MissedQuestion],
    usage: Sequence[EntryUsage],
    recent_hits: Mapping[str, int],
    recent_days: float,
    per_day: Sequence[DayCount],
    per_hour: Sequence[HourCount],
) -> None:
    """Writes the workbook beside `path` and renames it into place."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _sheet(
        book, "未答问题", ["编号", "问题", "提问人", "位置", "时间", "状态", "采纳到"],
        (
            [
                m.number, m.text, m.actor, m.place, _when(m.created_at),
                STATUS.get(m.status, m.status), m.entry_id or "",
            ]
            for m in missed_rows
        ),
    )
    recent = f"近{recent_days:g}天命中"
    _sheet(
        book, "问答命中", ["编号", "问题", recent, "累计命中", "最后命中"],
        (
            [u.entry_id, u.question, recent_hits.get(u.entry_id, 0), u.hits,
             _when(u.last_hit_at) if u.last_hit_at is not None else "从未"]
            for u in sorted(usage, key=lambda u: -u.hits)
        ),
    )
    _sheet(
        book, "每日", ["日期", "答上", "没答上"],
        ([d.day.isoformat(), d.answered, d.missed] for d in per_day),
    )
    _sheet(
        book, "时段", ["时段", "答上", "没答上", "合计"],
        ([f"{h.hour:02d}:00-{h.hour:02d}:59", h.answered, h.missed, h.total] for h in per_hour),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        book.save(part)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _sheet(book: Any, title: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    for column, name in zip(sheet.columns, header, strict=False):
        width = max([len(str(name)) * 2, *(_width(c.value) for c in column)])
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)


def _cell(value: Any) -> Any:
    # A text beginning with "=" would be taken for a formula by the spreadsheet program.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at))
