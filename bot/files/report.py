"""The check of a summary table read from a file: the pasted-table check, rows named by sheet
row and 序号, plus what only a file shows.

The rows go through `bot.checks.run` as the tab-separated text a user would paste, so the
per-row rules (人数, 日期, 活动类别, 工信部门委托, empty fields, repeats) and the 分类2 summary
are the pasted check's own. Each row's 序号 cell carries a private token instead of its value;
the token comes back in every row label of the reply and is swapped for 第12行（序号10）.
Added here: the header's columns, 序号 order, 参加企业数, counts per 活动类别, what was read.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence

from bot.checks import CheckKind, Request, run
from bot.files.table import (
    CATEGORY,
    COLUMNS,
    FIRMS,
    NAME,
    PEOPLE,
    SERIAL,
    WHEN,
    Table,
    TableRow,
)
from bot.guide.rules import ACTIVITY_CATEGORIES, MIN_PARTICIPANTS
from bot.reply import Reply, ReplyKind

MAX_CHECKED = 1000
"""Rows handed to the pasted-table check, which checks at most this many one by one."""
SHOWN = 3
"""Rows named per rule in the short verdict; the rest go to the details."""
TITLE = "活动汇总表检查"
_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(f"(?:序号)?{_OPEN}(\\d+){_CLOSE}")
_NUMBER = re.compile(r"\d+")
_SERIAL_TEXT = re.compile(r"^\s*(\d{1,5})\s*[.、)）]?\s*$")
_ABSENT = "（无此列）"
"""Stands in for a column the table lacks, so each row is not flagged for it again."""
_MARKS = ("✅", "❌", "⚠️")
_FLAGGED_PER_ROW = frozenset({WHEN, NAME, PEOPLE, CATEGORY, SERIAL})


def check_tables(tables: Sequence[Table], *, year: int, notes: Sequence[str] = ()) -> Reply:
    """One reply for the summary table(s) found in a file."""
    show_where = len(tables) > 1
    rows = [row for table in tables for row in table.rows]
    if not rows:
        where = "、".join(t.where or "表格" for t in tables)
        return Reply(
            ReplyKind.CHECK,
            f"{TITLE}：{where}有表头，但下面没有活动行。请填好活动后再发。",
            clause="附件1",
        )
    labels = [_label(row, show_where) for row in rows]
    checked = rows[:MAX_CHECKED]
    missing = _missing(tables)
    pasted = _as_paste(checked, missing)
    reply = run(Request(CheckKind.ACTIVITIES, pasted, pasted), year=year)

    def named(text: str) -> str:
        return _TOKEN.sub(lambda m: labels[int(m.group(1))], text)

    lines = named(reply.text).splitlines()
    extra: list[str] = []
    detail: list[str] = []
    if missing:
        extra.append("❌ 表头齐全：缺" + "、".join(missing) + "这几列（见指南附件1）")
    for rule, problems in (
        ("序号从1起依次排列", _serial_problems(rows, labels) if SERIAL not in missing else []),
        ("参加企业数填写合理", _firm_problems(rows, labels)),
    ):
        if problems:
            shown = "；".join(problems[:SHOWN]) + (
                f"等{len(problems)}处" if len(problems) > SHOWN else ""
            )
            extra.append(f"⚠️ {rule}：{shown}")
            detail.extend(f"⚠️ {p}" for p in problems[SHOWN:])
    # The added rules go right after the pasted check's own, before its summary lines.
    last_rule = max((i for i, line in enumerate(lines) if line.startswith(_MARKS)), default=0)
    body = [*lines[: last_rule + 1], *extra, *lines[last_rule + 1 :], _category_counts(rows)]
    body.extend(_read_lines(tables, rows, len(checked)))
    body.extend(notes)
    body[0] = f"{TITLE}：{verdict(body[1:])}" if body[0].startswith(TITLE) else body[0]
    details = [named(reply.detail)] if reply.detail else []
    if detail:
        details.append("其余要核对的：\n" + "\n".join(detail))
    return Reply(
        ReplyKind.CHECK,
        "\n".join(line for line in body if line),
        clause=reply.clause,
        detail="\n".join(details) or None,
    )


def _label(row: TableRow, show_where: bool) -> str:
    where = row.where if show_where else ""
    serial = row.get(SERIAL)
    base = f"{where}第{row.number}行"
    return f"{base}（序号{serial}）" if serial else base


def _missing(tables: Sequence[Table]) -> tuple[str, ...]:
    return tuple(c for c in COLUMNS if any(c in t.missing for t in tables))


def _as_paste(rows: Sequence[TableRow], missing: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for index, row in enumerate(rows):
        cells = [f"{_OPEN}{index}{_CLOSE}"]
        for column in COLUMNS[1:]:
            value = row.get(column)
            if column in missing and column not in _FLAGGED_PER_ROW:
                value = _ABSENT
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue()


def _serial_problems(rows: Sequence[TableRow], labels: Sequence[str]) -> list[str]:
    problems: list[str] = []
    expected = 1
    seen: dict[int, str] = {}
    for row, label in zip(rows, labels, strict=True):
        text = row.get(SERIAL)
        if not text:
            problems.append(f"{label}没填序号")
            continue
        m = _SERIAL_TEXT.match(text)
        if m is None:
            problems.append(f"{label}序号“{text[:10]}”不是数字")
            continue
        number = int(m.group(1))
        if number in seen:
            problems.append(f"{label}与{seen[number]}序号重复")
        elif number > expected:
            gap = str(expected) if number == expected + 1 else f"{expected}–{number - 1}"
            problems.append(f"{label}前面少了序号{gap}")
        elif number < expected:
            problems.append(f"{label}排在序号{expected - 1}后面，顺序不对")
        seen.setdefault(number, label)
        expected = max(expected, number + 1)
    return problems


def _count(text: str) -> int | None:
    m = _NUMBER.search(text)
    return int(m.group(0)) if m else None


def _firm_problems(rows: Sequence[TableRow], labels: Sequence[str]) -> list[str]:
    problems: list[str] = []
    for row, label in zip(rows, labels, strict=True):
        text = row.get(FIRMS)
        if not text or text == _ABSENT:
            continue  # an empty cell is already named by the check of empty fields
        firms, people = _count(text), _count(row.get(PEOPLE))
        if firms is None:
            problems.append(f"{label}参加企业数“{text[:10]}”不是数字")
        elif firms == 0:
            problems.append(f"{label}参加企业数是0")
        elif people is not None and firms > people:
            problems.append(f"{label}参加企业数{firms}比人数{people}还多")
    return problems


def _category_counts(rows: Sequence[TableRow]) -> str:
    """Activities per 活动类别 among rows with enough people."""
    counts: Counter[str] = Counter()
    other = 0
    for row in rows:
        people = _count(row.get(PEOPLE))
        if people is None or people < MIN_PARTICIPANTS:
            continue
        category = "".join(row.get(CATEGORY).split())
        if category in ACTIVITY_CATEGORIES:
            counts[category] += 1
        else:
            other += 1
    if not counts and not other:
        return ""
    parts = "、".join(f"{c}{counts[c]}场" for c in ACTIVITY_CATEGORIES if counts[c])
    text = f"按活动类别（人数不少于{MIN_PARTICIPANTS}人的行）：{parts or '没有'}"
    if other:
        text += f"；另有{other}行类别没填或不在五类里"
    return text + "。"


def _read_lines(tables: Sequence[Table], rows: Sequence[TableRow], checked: int) -> list[str]:
    parts = []
    for table in tables:
        part = f"{table.where}{table.span}" if table.where else table.span
        if table.skipped_totals:
            part += f"（跳过{table.skipped_totals}行合计）"
        parts.append(part)
    lines = ["读的是：" + "；".join(p for p in parts if p) + "。"]
    if len(rows) > checked:
        lines.append(f"表里有{len(rows)}行活动，我这里逐行检查了前{checked}行。")
    if any(t.truncated for t in tables):
        lines.append("表格行数太多，我只读了前面的部分。")
    return lines


def verdict(lines: Sequence[str]) -> str:
    """The verdict over every rule line: the pasted check's own plus the ones added here."""
    failures = sum(line.startswith("❌") for line in lines)
    warnings = sum(line.startswith("⚠️") for line in lines)
    if failures:
        return f"❌ 不符合，有{failures}处要改"
    if warnings:
        return f"⚠️ 有{warnings}处请你核对"
    return "✅ 符合要求"
