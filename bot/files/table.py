"""Finding the activity summary table (附件1) in grids: its header row, its columns and its
activity rows, handed on as `bot.checks.SourceRow`s.

The header may sit anywhere in the first rows, under a title and a subtitle, with its columns
in any order and worded a little differently (活动时间, 参加企业数（家）); two-row headers
are joined. Header cells are named by the checker's own header words (`bot.checks.rows`);
only when choosing the header row, a few freer wordings a file's header may use (是否为工信
部门委托的活动, 参会企业（家）) are read too, since that row is picked as the best of the first
rows, which a pasted line is not. Below it, empty rows (or rows with only a 序号, as the
template ships), repeated headers, 合计/小计 rows, signature lines and everything from the 说明
on are not activities. Cells become the text a user would paste: dates as 2025-05-20, whole
numbers without ".0", an Excel serial date in the 时间 column as the date it shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.checks import COLUMNS, Origin, SourceRow
from bot.checks.rows import (
    CATEGORY,
    CONTENT,
    FIRMS,
    HOST,
    MANDATE,
    NAME,
    ORGANISER,
    PEOPLE,
    PLACE,
    SERIAL,
    WHEN,
    column_of,
)
from bot.files.grid import Grid, Value, is_blank

HEADER_SCAN = 50
"""Rows at the top of a sheet searched for the header."""
MIN_HEADER_COLUMNS = 3
DISTINCTIVE = frozenset({WHEN, PLACE, HOST, ORGANISER, CATEGORY, MANDATE})
"""A header must name one of these: 附件3's table of highlights (活动名称, 活动内容,
服务企业数, 服务人数) in an annual summary is not the summary table."""
_EXCEL_EPOCH = date(1899, 12, 30)
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s:：*＊.。、/]+")
_TOTAL = re.compile(r"^(?:合计|小计|总计|共计|总数|累计)")
_NOTES_START = re.compile(r"^(?:说明|注|备注|填表说明|填报说明)\s*[:：\d、.]")
_FOOTER = re.compile(r"^(?:填报单位|填表单位|单位|填表人|填报人|联系人|联系电话|制表|审核|负责人)")
_NOTE_WORDS = re.compile(r"汇总表|仅指|盖章|填表人|填报人|联系人|联系电话|制表人|审核人")


@dataclass
class Table:
    where: str
    """The grid it is in (工作表“Sheet1”, 第2个表格), '' for a lone csv."""
    header_row: int
    columns: tuple[str, ...]
    """Columns of 附件1 the header has, in 附件1's order."""
    rows: list[SourceRow] = field(default_factory=list)
    """The activity rows, `sheet` set to `where`."""
    skipped_totals: int = 0
    truncated: bool = False

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in COLUMNS if c not in self.columns)

    @property
    def span(self) -> str:
        """第4–45行: the rows the activities were read from."""
        if not self.rows:
            return ""
        first, last = self.rows[0].line, self.rows[-1].line
        return f"第{first}行" if first == last else f"第{first}–{last}行"


def loose_column_of(text: str) -> str | None:
    """The column a header cell names: the checker's words first, then a file header's freer
    wording by its key word (是否为工信部门委托的活动, 参会企业（家）, 活动名称/主题)."""
    named = column_of(text)
    if named is not None:
        return named
    t = _NOISE.sub("", _BRACKETS.sub("", text))
    if not t or len(t) > 16:
        return None
    if "工信" in t or "委托" in t:
        return MANDATE
    if "企业" in t and ("数" in t or "家" in t or t.endswith("企业")):
        return FIRMS
    if "人数" in t or "人次" in t or t in {"参加人员", "参会人员", "参与人员"}:
        return PEOPLE
    for words, column in _KEY_WORDS:
        if any(word in t for word in words):
            return column
    return None


_KEY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("类别", "类型"), CATEGORY),
    (("主办",), HOST),
    (("承办",), ORGANISER),
    (("名称", "主题"), NAME),
    (("时间", "日期"), WHEN),
    (("地点", "地址"), PLACE),
    (("内容", "简介"), CONTENT),
)


def _header(
    cells: Sequence[Value], name: Callable[[str], str | None] = column_of
) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, value in enumerate(cells):
        if isinstance(value, str) and (column := name(value)):
            if column not in mapping.values():
                mapping[index] = column
    return mapping


def _is_header(mapping: dict[int, str]) -> bool:
    return len(mapping) >= MIN_HEADER_COLUMNS and not DISTINCTIVE.isdisjoint(mapping.values())


def find_table(grid: Grid) -> Table | None:
    """The summary table in `grid`, or None when no row looks like its header."""
    best: tuple[int, dict[int, str]] | None = None
    for position, (_, cells) in enumerate(grid.rows[:HEADER_SCAN]):
        mapping = _header(cells, loose_column_of)
        if not _is_header(mapping):
            continue
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping)
    if best is None:
        return None
    position, mapping = best
    start = position + 1
    if start < len(grid.rows):
        # A two-row header: 参加企业数 and 人数 under a merged 参加情况.
        below = _header(grid.rows[start][1], loose_column_of)
        extra = {i: c for i, c in below.items() if c not in mapping.values() and i not in mapping}
        if extra and not _has_figures(grid.rows[start][1]):
            mapping.update(extra)
            start += 1
    table = Table(
        grid.where,
        grid.rows[position][0],
        tuple(c for c in COLUMNS if c in mapping.values()),
        truncated=grid.truncated,
    )
    for number, cells in grid.rows[start:]:
        kind = _row_kind(cells, mapping)
        if kind == "notes":
            break
        if kind == "total":
            table.skipped_totals += 1
        elif kind == "row":
            table.rows.append(
                SourceRow(_texts(cells, mapping), number, grid.where, origin=Origin.FILE)
            )
    return table


def _has_figures(cells: Sequence[Value]) -> bool:
    return any(isinstance(c, int | float | datetime | date) for c in cells)


def _row_kind(cells: Sequence[Value], mapping: dict[int, str]) -> str:
    """'row' for an activity; 'skip', 'total' or 'notes' (the 说明 and all after it)."""
    texts = [_NOISE.sub("", render(c)) for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return "skip"
    first = filled[0]
    if _NOTES_START.match(render(next(c for c in cells if not is_blank(c))).strip()):
        return "notes"
    if any(_TOTAL.match(t) for t in filled[:3]):
        return "total"
    if _is_header(_header(cells)):
        return "skip"
    distinct = set(filled)
    if len(distinct) == 1 and (len(filled) >= 3 or _NOTE_WORDS.search(first) or len(first) > 30):
        return "skip"  # a title or note line merged across the table
    if _FOOTER.match(first) and _NOTE_WORDS.search("".join(filled)):
        return "skip"
    values = [texts[i] for i, c in mapping.items() if c != SERIAL and i < len(texts)]
    return "row" if any(values) else "skip"


def _texts(cells: Sequence[Value], mapping: dict[int, str]) -> dict[str, str]:
    return {
        column: render(cells[index] if index < len(cells) else None, column)
        for index, column in mapping.items()
    }


def render(value: Value, column: str = "") -> str:
    """A cell as the text Excel would paste, on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        if column == WHEN and 20000 <= value <= 80000:
            day = _EXCEL_EPOCH + timedelta(days=int(value))
            return f"{day.year}-{day.month:02d}-{day.day:02d}"
        if float(value).is_integer():
            return str(int(value))
        return format(value, "g")
    return " ".join(str(value).split())


def find_tables(grids: Sequence[Grid]) -> list[Table]:
    """The summary table of every grid that has one, in order."""
    return [table for grid in grids if (table := find_table(grid)) is not None]
