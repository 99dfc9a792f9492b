"""Reading the activity summary table 附件1 out of pasted text into `SourceRow`s.

Excel and WPS copy cells separated by tabs (a cell with a line break comes quoted); chat apps
and hand-typed tables use commas (either width) or runs of spaces instead. A header row, when
there is one, says which column is where; without one the 11 columns of 附件1 are assumed in
order. Title and subtitle lines, repeated headers, empty rows (also the template's rows with
only a 序号), 合计/小计 rows and the 说明 lines with everything after them are skipped and
counted. A line that is not a table row may still be one activity typed loosely (“3月5日 政策
宣讲会 25人”); anything else comes back as `Unparsed` with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.checks.dates import find_date
from bot.checks.figures import digits
from bot.checks.result import echo
from bot.checks.rows import (
    CATEGORY,
    COLUMNS,
    CONTENT,
    MANDATE,
    NAME,
    PEOPLE,
    SERIAL,
    WHEN,
    Origin,
    SourceRow,
    header_columns,
    read_count,
)
from bot.guide.rules import ACTIVITY_CATEGORIES
from bot.text.normalize import to_simplified

LOOSE_EXAMPLE = "3月5日 政策宣讲会 25人"
MAX_ROWS = 5000
"""Rows read from one paste; a paste longer than this is not one table."""

YES = frozenset({"是", "是的", "y", "yes", "√", "✓", "✔", "委托", "有"})
"""What a 是否工信部门委托 cell says for yes."""
NO = frozenset({"否", "不是", "n", "no", "×", "✗", "无", "非", "/", "-", "—", "——", "0", "没有"})
"""What it says for no, or for nothing to say."""

_MIN_CELLS = 6
"""A line split into fewer cells than this is not a table row (but may be a typed one)."""
_TOTAL = re.compile(r"^(?:合计|小计|总计|共计|累计|总数)")
_NOTES = re.compile(r"^(?:说明|注|备注|填表说明|填报说明)\s*[:：0-9、.]|^(?:说明|注)$")
_TITLE = re.compile(r"汇总表|仅指|填报单位|填表单位|盖章|填表人|填报人|联系人|联系电话|制表|审核人")
_SERIAL_LEAD = re.compile(r"^\s*(\d{1,4})(?:\s*[、)）]|\.(?!\d)|\s+(?=\D))\s*")
_PEOPLE_LABELLED = re.compile(
    r"(?:人数|参加人员|参与人数|参会人数|参加人数)\s*[:：]?\s*(\d{1,6})\s*(?:人次|人|名|位)?"
)
_PEOPLE = re.compile(r"(?<![\d.])(\d{1,6})\s*(?:余|多)?\s*(?:人次|人|名|位)")
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
_CHINESE_PEOPLE = re.compile(
    rf"人数\s*[:：]?\s*{_CN_NUMERAL}|{_CN_NUMERAL}\s*(?:余|多)?\s*(?:人次|人|名|位)"
)
_MANDATE_YES = re.compile(r"(?<!非)(?<!不是)工信(?:部门|厅|局)?委托|委托\s*[:：]\s*是")
_MANDATE_NO = re.compile(r"非工信(?:部门)?委托|不是工信(?:部门)?委托|委托\s*[:：]\s*否")
_JUNK = re.compile(r"^[\s,，;；:：、。.·\-—_|/]+|[\s,，;；:：、。.·\-—_|/]+$")


@dataclass(frozen=True, slots=True)
class Unparsed:
    line: int
    text: str
    reason: str

    def message(self) -> str:
        return f"第{self.line}行看不懂（{self.reason}）：{echo(self.text, 30)}"


@dataclass
class Skipped:
    """Lines of a paste that are not activities, by kind."""

    titles: int = 0
    headers: int = 0
    empty: int = 0
    totals: int = 0
    notes: int = 0


@dataclass
class PastedTable:
    rows: list[SourceRow] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    header: tuple[str, ...] = ()
    """The columns the paste's header named, in its order; () without a header."""


def parse_table(text: str) -> PastedTable:
    """Rows of the summary table in `text`, and what was skipped or not understood."""
    table = PastedTable()
    columns: dict[int, str] | None = None
    delimiter: str | None = None
    in_notes = False
    for line_no, given, raw in _records(_clean(text)):
        cells = [c.strip() for c in (given if given is not None else _split(raw, delimiter))]
        filled = [c for c in cells if c]
        if not filled:
            table.skipped.empty += 1
            continue
        if in_notes and len(filled) < _MIN_CELLS:
            table.skipped.notes += 1
            continue
        first = filled[0]
        if _NOTES.match(first) and len(filled) < _MIN_CELLS:
            in_notes = True
            table.skipped.notes += 1
            continue
        if _TOTAL.match(first):
            table.skipped.totals += 1
            continue
        header = _header(cells, raw, tabbed=given is not None)
        if header is not None:
            columns, delimiter = header
            table.header = tuple(columns.values())
            table.skipped.headers += 1
            continue
        if (len(filled) <= 2 and len(cells) > 1 and _only_serial(cells, columns)) or (
            len(filled) == 1 and re.fullmatch(r"\d{1,4}[.、]?", first)
        ):
            table.skipped.empty += 1  # the template's numbered but empty rows
            continue
        if len(filled) == 1 and _TITLE.search(first) and not _has_day(first):
            table.skipped.titles += 1
            continue
        if len(table.rows) + len(table.unparsed) >= MAX_ROWS:
            table.unparsed.append(Unparsed(line_no, raw, f"超过{MAX_ROWS}行，后面的没有读"))
            break
        found = _row(line_no, cells, columns, raw)
        if isinstance(found, SourceRow):
            table.rows.append(found)
        elif found is not None:
            table.unparsed.append(found)
        elif table.rows or table.header:
            table.unparsed.append(Unparsed(line_no, raw, f"没看出日期和人数，如“{LOOSE_EXAMPLE}”"))
        else:
            table.skipped.titles += 1  # a line of prose above the table
    return table


def _clean(text: str) -> str:
    # NFKC in to_simplified makes full-width commas, digits and the template's U+3000 cells
    # half-width; line ends are unified for the csv reader.
    return to_simplified(text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def _records(text: str) -> Iterable[tuple[int, list[str] | None, str]]:
    """(line number, cells, raw text) per record. Tab-separated rows are read as Excel writes
    them (a quoted cell may hold line breaks); other lines come without cells, to be split
    once it is known how the header was split."""
    if "\t" not in text:
        for number, line in enumerate(text.split("\n"), 1):
            yield number, None, line
        return
    reader = csv.reader(io.StringIO(text), delimiter="\t", strict=False)
    start = 1
    lines = text.split("\n")
    try:
        for cells in reader:
            raw = "\n".join(lines[start - 1 : reader.line_num])
            yield start, (cells if len(cells) > 1 else None), raw
            start = reader.line_num + 1
    except csv.Error:
        # An unbalanced quote: fall back to plain lines rather than lose the rest.
        for number, line in enumerate(lines[start - 1 :], start):
            yield number, line.split("\t"), line


_DELIMITERS: tuple[tuple[str, int], ...] = (
    (r",", _MIN_CELLS),
    (r"\s{2,}", _MIN_CELLS),
    (r"\s+", 9),
)
"""How a line without tabs is split, tried in order, and the cells it must then have."""


def _split(line: str, delimiter: str | None) -> list[str]:
    """A line's cells: by the header's delimiter, else the first one giving enough cells."""
    if delimiter is not None:
        return re.split(delimiter, line.strip())
    for pattern, least in _DELIMITERS:
        parts = re.split(pattern, line.strip())
        if len(parts) >= least:
            return parts
    return [line]


def _header(
    cells: list[str], raw: str, *, tabbed: bool
) -> tuple[dict[int, str], str | None] | None:
    """The header's columns and delimiter, when this record is a header row."""
    if tabbed:
        found = header_columns(cells)
        return (found, None) if found is not None and _is_header(cells, found) else None
    for pattern, _ in _DELIMITERS:
        parts = [p.strip() for p in re.split(pattern, raw.strip())]
        found = header_columns(parts)
        if found is not None and _is_header(parts, found):
            return found, pattern
    return None


def _has_day(text: str) -> bool:
    found = find_date(text)
    return found is not None and found.day is not None


def _is_header(cells: Sequence[str], header: dict[int, str]) -> bool:
    """A header names columns and holds no figures (a row that mentions 人数 is no header)."""
    named = set(header)
    rest = [c for i, c in enumerate(cells) if i not in named and c]
    return len(rest) <= len(named) and not any(read_count(c).value for c in rest)


def _only_serial(cells: Sequence[str], columns: dict[int, str] | None) -> bool:
    serial_at = next((i for i, c in (columns or {}).items() if c == SERIAL), 0)
    return all(not c or i == serial_at for i, c in enumerate(cells)) or all(
        not c or re.fullmatch(r"\d{1,4}", c) for c in cells
    )


def _row(
    line_no: int, cells: list[str], columns: dict[int, str] | None, raw: str
) -> SourceRow | Unparsed | None:
    tabbed = "\t" in raw
    if len(cells) > 1:
        aligned = _aligned(cells, columns, tabbed=tabbed)
        if aligned is not None and _plausible(aligned, tabbed=tabbed):
            return SourceRow(aligned, line_no)
        width = len(columns) if columns else len(COLUMNS)
        if tabbed and aligned is None and len(cells) > width:
            return Unparsed(line_no, raw, f"有{len(cells)}列，汇总表应为{width}列")
    return _loose_row(line_no, " ".join(c for c in cells if c))


def _aligned(
    cells: list[str], columns: dict[int, str] | None, *, tabbed: bool
) -> dict[str, str] | None:
    """Cells by column: by the header's positions, else the 11 columns of 附件1 in order."""
    layout = [columns.get(i, "") for i in range(max(columns) + 1)] if columns else list(COLUMNS)
    while len(cells) > len(layout) and not cells[-1]:
        cells = cells[:-1]
    if len(cells) > len(layout):
        # Commas or spaces inside a cell split it: the free text of 主要内容 takes the extra
        # pieces back. A tab row that is too wide is not guessed at.
        if tabbed or CONTENT not in layout:
            return None
        at = layout.index(CONTENT)
        extra = len(cells) - len(layout)
        cells = [*cells[:at], "，".join(cells[at : at + extra + 1]), *cells[at + extra + 1 :]]
    if len(cells) == len(layout) - 1:
        placed = _realign(cells, layout)
    elif len(cells) < len(layout) and columns is not None:
        placed = [*cells, *[""] * (len(layout) - len(cells))]
    elif len(cells) == len(layout):
        placed = list(cells)
    else:
        return None
    return {
        column: value
        for column, value in zip(layout, placed, strict=True)
        if column and value is not None
    }


def _realign(cells: list[str], layout: list[str]) -> list[str | None]:
    """One cell short: either the first column was lost (chat apps trim a leading tab) or
    the last one was not copied; the lost one is None. The first is lost when the row starts
    with a date or ends with a yes/no."""
    if layout[:2] != [SERIAL, WHEN]:
        return [*cells, None]
    last = cells[-1].lower()
    starts_with_date = find_date(cells[0], cell=True) is not None and not re.fullmatch(
        r"\d{1,4}", cells[0]
    )
    return [None, *cells] if last in YES or last in NO or starts_with_date else [*cells, None]


def _plausible(cells: dict[str, str], *, tabbed: bool) -> bool:
    """Tab rows are rows; a line split by commas or spaces must show a date or a count
    where the layout puts them, or it was prose that happened to have commas."""
    if tabbed:
        return True
    when, people = cells.get(WHEN, ""), cells.get(PEOPLE, "")
    return find_date(when, cell=True) is not None or read_count(people).value is not None


def _loose_row(line_no: int, line: str) -> SourceRow | Unparsed | None:
    rest = line
    cells: dict[str, str] = {}
    if m := _SERIAL_LEAD.match(rest):
        cells[SERIAL], rest = m.group(1), rest[m.end() :]
    found = find_date(rest)
    if found:
        cells[WHEN] = found.text
        rest = rest[: found.start] + " " + rest[found.end :]
    numeric = digits(rest)
    people = _PEOPLE_LABELLED.search(numeric) or _PEOPLE.search(numeric)
    if people is None:
        if not found and not re.search(r"\d", numeric):
            return None  # prose without figures: a title or a remark, not an activity
        reason = "没看出人数，请写成“25人”" if found else f"没看出日期和人数，如“{LOOSE_EXAMPLE}”"
        return Unparsed(line_no, line, reason)
    cells[PEOPLE] = people.group(1)
    # The count was found in the digit form; cut it from the text in whichever form it has.
    if people.group(0) in rest:
        rest = rest.replace(people.group(0), " ", 1)
    else:
        rest = _CHINESE_PEOPLE.sub(" ", rest, count=1)
    categories = [c for c in ACTIVITY_CATEGORIES if c in rest]
    for c in categories:
        rest = rest.replace(c, " ")
    if categories:
        cells[CATEGORY] = "、".join(categories)
    if _MANDATE_NO.search(rest):
        cells[MANDATE] = "否"
    elif _MANDATE_YES.search(rest):
        cells[MANDATE] = "是"
    rest = _MANDATE_NO.sub(" ", _MANDATE_YES.sub(" ", rest))
    rest = re.sub(r"活动类别\s*[:：]?|人数\s*[:：]?|(?:参加|参与)(?=\s|$)", " ", rest)
    cells[NAME] = _JUNK.sub("", re.sub(r"\s+", " ", rest))
    return SourceRow(cells, line_no, origin=Origin.LINE, text=line)
