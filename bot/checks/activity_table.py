"""Reading the activity summary table of 附件1 out of a paste: rows copied from Excel or WPS
(tab-separated, quoted multi-line cells, a lost first or last column) or typed one activity a
line (“3月5日 政策宣讲会 25人”). Lines that are not rows come back as `Unparsed` with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.checks.dates import FoundDate, find_date
from bot.checks.figures import digits
from bot.checks.result import echo
from bot.guide.rules import ACTIVITY_CATEGORIES, ACTIVITY_TABLE_COLUMNS
from bot.text.normalize import to_simplified

LOOSE_EXAMPLE = "3月5日 政策宣讲会 25人"
MAX_ROWS = 1000
"""More rows than this are not checked one by one (a paste that long is not one table)."""

YES = frozenset({"是", "是的", "y", "yes", "√", "✓", "✔", "委托"})
"""What a 是否工信部门委托 cell says for yes."""
NO = frozenset({"否", "不是", "n", "no", "×", "✗", "无", "非", "/", "-", "—", "——", "0"})
"""What it says for no, or for nothing to say."""

_SERIAL = re.compile(r"^\s*(\d{1,3})(?:\s*[、)）]|\.(?!\d)|\s+(?=\D))\s*")
_PEOPLE_LABELLED = re.compile(
    r"(?:人数|参加人员|参与人数|参会人数|参加人数)\s*[:：]?\s*(\d{1,6})\s*(?:人次|人|名)?"
)
_PEOPLE = re.compile(r"(?<![\d.])(\d{1,6})\s*(?:余|多)?\s*(?:人次|人|名)")
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
_CHINESE_PEOPLE = re.compile(
    rf"人数\s*[:：]?\s*{_CN_NUMERAL}|{_CN_NUMERAL}\s*(?:余|多)?\s*(?:人次|人|名)"
)
_MANDATE_YES = re.compile(r"(?<!非)(?<!不是)工信(?:部门|厅|局)?委托|委托\s*[:：]\s*是")
_MANDATE_NO = re.compile(r"非工信(?:部门)?委托|不是工信(?:部门)?委托|委托\s*[:：]\s*否")
_SKIP_LINE = re.compile(r"汇总表|仅指|^\s*(?:说明|注)\s*[:：0-9、]|^\s*合计")
_JUNK = re.compile(r"^[\s,，;；:：、。.·\-—_|/]+|[\s,，;；:：、。.·\-—_|/]+$")


@dataclass(frozen=True, slots=True)
class ActivityRow:
    line: int
    """Line of the paste the row starts on (1-based)."""
    serial: str
    name: str
    when: str
    participants: str
    category: str | None
    """None when the row did not give one (a loose line)."""
    mandated: str | None
    text: str
    """The whole row, for hints such as a 中小企业服务中心 named in it."""
    loose: bool = False
    date: FoundDate | None = None
    empty_columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        where = f"序号{self.serial}" if self.serial else f"第{self.line}行"
        return f"{where}「{echo(self.name, 12)}」" if self.name else where

    @property
    def people(self) -> int | None:
        match = re.search(r"\d+", digits(self.participants))
        return int(match.group(0)) if match else None


@dataclass(frozen=True, slots=True)
class Unparsed:
    line: int
    text: str
    reason: str

    def message(self) -> str:
        return f"第{self.line}行看不懂（{self.reason}）：{echo(self.text, 30)}"



def parse_activities(text: str) -> tuple[list[ActivityRow], list[Unparsed]]:
    """Rows of the summary table in `text`; lines that are not rows come back as `Unparsed`."""
    rows: list[ActivityRow] = []
    unparsed: list[Unparsed] = []
    for line_no, cells in _records(to_simplified(text)):
        cells = [c.strip() for c in cells]
        joined = " ".join(c for c in cells if c)
        # Title and note lines of 附件1 are skipped; a real row may mention 汇总表 in its content.
        title = len(cells) < 10 and _SKIP_LINE.search(joined)
        if not joined or title or _is_header(cells):
            continue
        if len(rows) + len(unparsed) >= MAX_ROWS:
            unparsed.append(Unparsed(line_no, joined, f"超过{MAX_ROWS}行，后面的没有检查"))
            break
        parsed = _table_row(line_no, cells) if len(cells) >= 10 else None
        if parsed is None and len(cells) > 11 and any(cells[11:]):
            reason = f"有{len(cells)}列，汇总表应为{len(ACTIVITY_TABLE_COLUMNS)}列"
            unparsed.append(Unparsed(line_no, joined, reason))
            continue
        result = parsed or _loose_row(line_no, joined)
        if isinstance(result, ActivityRow):
            rows.append(result)
        else:
            unparsed.append(result)
    return rows, unparsed


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line number, cells) per record; tab-separated rows may hold quoted multi-line cells."""
    if "\t" not in text:
        for i, line in enumerate(text.splitlines(), 1):
            yield i, [line]
        return
    reader = csv.reader(io.StringIO(text), delimiter="\t", strict=False)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        # An unbalanced quote: fall back to plain lines rather than lose the rest.
        for i, line in enumerate(text.splitlines()[start - 1 :], start):
            yield i, line.split("\t")


def _is_header(cells: Sequence[str]) -> bool:
    flat = [re.sub(r"\s+", "", c) for c in cells]
    if len(flat) == 1:
        flat = re.split(r"\s+", cells[0].strip())
    named = sum(c in ACTIVITY_TABLE_COLUMNS or c in {"参加企业数", "时间", "人数"} for c in flat)
    return named >= 3


def _table_row(line_no: int, cells: list[str]) -> ActivityRow | None:
    if len(cells) > 11 and not any(cells[11:]):
        cells = cells[:11]
    if len(cells) == 10:
        cells = _align_ten(cells)
    if len(cells) != 11:
        return None
    serial, when, name, people, category, mandated = (cells[i] for i in (0, 1, 3, 8, 9, 10))
    empty = tuple(
        column
        for column, value in zip(ACTIVITY_TABLE_COLUMNS[1:9], cells[1:9], strict=True)
        if not value and column not in {"活动名称", "时间", "人数"}
    )
    return ActivityRow(
        line=line_no,
        serial=serial,
        name=name,
        when=when,
        participants=people,
        category=category,
        mandated=mandated,
        text=" ".join(cells),
        date=find_date(when, cell=True) if when else None,
        empty_columns=empty,
    )


def _align_ten(cells: list[str]) -> list[str]:
    """Ten cells: either 序号 was lost (chat clients trim a leading tab) or the last column."""
    last = cells[9].lower()
    if last in YES or last in NO or find_date(cells[0], cell=True) is not None:
        return ["", *cells]
    return [*cells, ""]


def _loose_row(line_no: int, line: str) -> ActivityRow | Unparsed:
    rest = line
    serial = ""
    if m := _SERIAL.match(rest):
        serial, rest = m.group(1), rest[m.end() :]
    found = find_date(rest)
    if found:
        rest = rest[: found.start] + " " + rest[found.end :]
    numeric = digits(rest)
    people = _PEOPLE_LABELLED.search(numeric) or _PEOPLE.search(numeric)
    if people is None:
        reason = "没看出人数，请写成“25人”" if found else f"没看出日期和人数，如“{LOOSE_EXAMPLE}”"
        return Unparsed(line_no, line, reason)
    # The count was found in the digit form; cut it from the text in whichever form it has.
    if people.group(0) in rest:
        rest = rest.replace(people.group(0), " ", 1)
    else:
        rest = _CHINESE_PEOPLE.sub(" ", rest, count=1)
    categories = [c for c in ACTIVITY_CATEGORIES if c in rest]
    for c in categories:
        rest = rest.replace(c, " ")
    mandated: str | None = None
    if _MANDATE_NO.search(rest):
        mandated = "否"
    elif _MANDATE_YES.search(rest):
        mandated = "是"
    rest = _MANDATE_NO.sub(" ", _MANDATE_YES.sub(" ", rest))
    rest = re.sub(r"活动类别\s*[:：]?|人数\s*[:：]?|(?:参加|参与)(?=\s|$)", " ", rest)
    name = _JUNK.sub("", re.sub(r"\s+", " ", rest))
    return ActivityRow(
        line=line_no,
        serial=serial,
        name=name,
        when=found.text if found else "",
        participants=people.group(1),
        category="、".join(categories) if categories else None,
        mandated=mandated,
        text=line,
        loose=True,
        date=found,
    )

