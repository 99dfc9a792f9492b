"""The check of a summary table read from a file: the activity-table checker of `bot.checks`
over the file's rows, plus what only a file shows.

Every rule of the table (per row: 人数, 时间, 活动类别, 参加企业数, empty fields, 工信部门委托;
across rows: 序号 order and repeats, rows entered twice, columns the header lacks; the counts
per 活动类别 and what they allow for 分类2) is the checker's, the same as for a pasted table;
rows are named by sheet row and 序号 (`Origin.FILE`), with the sheet when the file holds
several tables. Added here: a column only some of those tables lack, which rows of which sheet
were read (合计 rows skipped, a sheet cut at the scan limit) and the caller's notes (a file
whose name does not match its type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.checks import RuleOutcome, SourceRow, Status, check_activity_rows, to_reply
from bot.checks.activities import TITLE
from bot.files.table import Table
from bot.guide.rules import Clause
from bot.reply import Reply, ReplyKind


def check_tables(tables: Sequence[Table], *, year: int, notes: Sequence[str] = ()) -> Reply:
    """One reply for the summary table(s) found in a file."""
    several = len(tables) > 1
    rows = [_named(row, several) for table in tables for row in table.rows]
    if not rows:
        where = "、".join(t.where or "表格" for t in tables)
        return Reply(
            ReplyKind.CHECK,
            f"{TITLE}：{where}有表头，但下面没有活动行。请填好活动后再发。",
            clause=Clause.ACTIVITY_TABLE,
        )
    result = check_activity_rows(rows, year=year)
    return to_reply(
        replace(
            result,
            outcomes=(*result.outcomes, *_columns_of_some(tables)),
            notes=(*result.notes, *_read_lines(tables), *notes),
        )
    )


def _named(row: SourceRow, several: bool) -> SourceRow:
    """The row named by its sheet only when the file has more than one table."""
    return row if several or not row.sheet else replace(row, sheet="")


def _columns_of_some(tables: Sequence[Table]) -> list[RuleOutcome]:
    """Columns some tables lack while others have them (the checker names a column no row
    has, and does not hold the rows of a table without it to that column's rule)."""
    if len(tables) < 2:
        return []
    everywhere = set.intersection(*(set(t.missing) for t in tables))
    gaps = [
        f"{t.where or '表格'}缺" + "、".join(c for c in t.missing if c not in everywhere)
        for t in tables
        if t.rows and set(t.missing) - everywhere
    ]
    if not gaps:
        return []
    return [
        RuleOutcome(
            Status.FAIL,
            "每个表格各列齐全",
            "；".join(gaps) + "，这些行没按缺的列检查",
            Clause.ACTIVITY_TABLE,
            key="files.header",
        )
    ]


def _read_lines(tables: Sequence[Table]) -> list[str]:
    parts = []
    for table in tables:
        part = f"{table.where}{table.span}" if table.where else table.span
        if table.skipped_totals:
            part += f"（跳过{table.skipped_totals}行合计）"
        parts.append(part)
    lines = ["读的是：" + "；".join(p for p in parts if p) + "。"]
    if any(t.truncated for t in tables):
        lines.append("表格行数太多，我只读了前面的部分。")
    return lines
