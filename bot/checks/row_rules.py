"""The rules one row of the activity summary table 附件1 is held against, each a function from
a `SourceRow` to its `Finding` (None when the row keeps the rule).

人数 at least MIN_PARTICIPANTS (附件1 heading: fewer and the row counts nowhere), 时间 in the
reporting year (（一）3 上年度), 活动类别 one of the closed list (说明1), 参加企业数 a number
above zero, the other fields filled in, and 是否工信部门委托 as 说明2 allows (`mandate`). A
column the source lacks is not held against each row; the table check says so once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.checks.dates import FoundDate, find_date
from bot.checks.mandate import mandate_verdict
from bot.checks.result import Status, echo
from bot.checks.rows import (
    CATEGORY,
    CONTENT,
    FIRMS,
    HOST,
    NAME,
    ORGANISER,
    PEOPLE,
    PLACE,
    WHEN,
    Origin,
    SourceRow,
    read_count,
)
from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    CATEGORY1_OPTIONS,
    MIN_PARTICIPANTS,
)
from bot.text.normalize import chinese_numeral

KINDS = chinese_numeral(len(ACTIVITY_CATEGORIES))
"""How many 活动类别 there are, as the replies write it (五类)."""
FILLED_COLUMNS = (PLACE, NAME, HOST, ORGANISER, CONTENT)
"""Text columns that must not be empty (the figures and choices have their own rules)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What is wrong with one row under one rule."""

    key: str
    """The rule: people, date, category, firms, fields, mandate, serial, duplicate."""
    status: Status
    reason: str
    """Full sentence, for the per-row details."""
    brief: str
    """A few words after the row's label in the short verdict (8人, 2023年)."""


def row_date(row: SourceRow) -> FoundDate | None:
    when = row.get(WHEN)
    if not when:
        return None
    return find_date(when, cell=row.origin is not Origin.LINE) or find_date(when)


def people(row: SourceRow) -> Finding | None:
    if not row.has(PEOPLE):
        return None
    count = read_count(row.get(PEOPLE))
    if count.value is None:
        if not row.get(PEOPLE):
            return Finding("people", Status.FAIL, "人数没填", "人数没填")
        shown = echo(row.get(PEOPLE), 10)
        if count.vague:
            return Finding(
                "people", Status.FAIL, f"人数“{shown}”是约数，请填具体人数", f"人数“{shown}”"
            )
        return Finding("people", Status.FAIL, f"人数看不懂：“{shown}”", f"人数“{shown}”")
    if count.value < MIN_PARTICIPANTS:
        return Finding(
            "people",
            Status.FAIL,
            f"{count.value}人，不足{MIN_PARTICIPANTS}人：不计入，也不该填进汇总表",
            f"{count.value}人",
        )
    return None


def date(row: SourceRow, year: int) -> Finding | None:
    found = row_date(row)
    if found is None:
        if row.origin is Origin.LINE:
            return Finding("date", Status.WARN, "没写日期，无法核对", "没写日期")
        if not row.has(WHEN):
            return None
        if not row.get(WHEN):
            return Finding("date", Status.FAIL, "时间没填", "时间没填")
        shown = echo(row.get(WHEN), 12)
        return Finding("date", Status.FAIL, f"看不出日期：“{shown}”", f"时间“{shown}”")
    if not found.valid:
        shown = echo(found.text, 16)
        return Finding("date", Status.FAIL, f"日期“{shown}”不存在", f"“{shown}”不存在")
    if found.year is not None and found.year != year:
        return Finding(
            "date", Status.FAIL, f"日期是{found.year}年，不在{year}年内", f"{found.year}年"
        )
    return None


def category(row: SourceRow) -> Finding | None:
    if not row.has(CATEGORY):
        if row.origin is Origin.LINE:
            return Finding("category", Status.WARN, "没写活动类别", "没写")
        return None
    value = re.sub(r"\s+", "", row.get(CATEGORY))
    if not value:
        return Finding("category", Status.FAIL, "活动类别没填", "没填")
    if value in ACTIVITY_CATEGORIES:
        return None
    shown = echo(row.get(CATEGORY), 10)
    named = [c for c in ACTIVITY_CATEGORIES if c in value]
    if len(named) > 1:
        return Finding(
            "category",
            Status.FAIL,
            f"写了{len(named)}类，只能选填{ACTIVITY_CATEGORY_CHOICES}项",
            f"写了{len(named)}类",
        )
    near = named or [c for c in ACTIVITY_CATEGORIES if value[:2] == c[:2]]
    if len(near) == 1:
        return Finding(
            "category", Status.FAIL, f"写成了“{shown}”，应填“{near[0]}”", f"写成“{shown}”"
        )
    if value in CATEGORY1_OPTIONS:
        return Finding(
            "category",
            Status.FAIL,
            f"“{shown}”是服务功能分类的选项，活动类别只能从{KINDS}类里选",
            f"写成“{shown}”",
        )
    return Finding("category", Status.FAIL, f"“{shown}”不在{KINDS}类里", f"写成“{shown}”")


def firms(row: SourceRow) -> Finding | None:
    if not row.has(FIRMS):
        return None
    cell = row.get(FIRMS)
    count = read_count(cell)
    if not cell.strip():
        return Finding("firms", Status.FAIL, "参加企业数没填", "参加企业数没填")
    if count.value is None:
        shown = echo(cell, 10)
        what = "是约数，请填具体数字" if count.vague else "不是数字"
        return Finding("firms", Status.FAIL, f"参加企业数“{shown}”{what}", f"参加企业数“{shown}”")
    if count.value == 0:
        return Finding("firms", Status.FAIL, "参加企业数是0", "参加企业数是0")
    people_count = read_count(row.get(PEOPLE)).value
    if people_count is not None and count.value > people_count:
        more = f"参加企业数{count.value}比人数{people_count}还多"
        return Finding("firms", Status.WARN, more + "，请核对", more)
    return None


def fields(row: SourceRow) -> Finding | None:
    if row.origin is Origin.LINE:
        return None
    missing = [c for c in FILLED_COLUMNS if row.has(c) and not row.get(c).strip()]
    if not missing:
        return None
    text = "没填：" + "、".join(missing)
    return Finding("fields", Status.FAIL, text, text)


def mandate(row: SourceRow) -> Finding | None:
    verdict = mandate_verdict(row)
    if verdict is None:
        return None
    status = Status.FAIL if verdict.failed else Status.WARN
    return Finding("mandate", status, verdict.reason, verdict.brief)


def row_findings(row: SourceRow, year: int) -> list[Finding]:
    """Every finding for one row, in the order the rules are reported."""
    checks: tuple[Callable[[SourceRow], Finding | None], ...] = (
        people,
        lambda r: date(r, year),
        category,
        firms,
        fields,
        mandate,
    )
    return [finding for check in checks if (finding := check(row)) is not None]
