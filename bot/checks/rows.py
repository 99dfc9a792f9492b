"""A row of the activity summary table 附件1 as every reader hands it to the check: its cells
by column, and where it is (the line of a paste, or the sheet and row of a file).

`SourceRow` is the structured entry point's input: the pasted-text reader (`activity_table`)
and the file readers build the same rows. This module also knows the columns' names as
filers write them in a header (活动时间, 参加企业数（家）, 是否委托) and reads the counts in a
cell (25, 25人, 六十八, 120余人, 1,200).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.checks.figures import digits
from bot.checks.result import echo
from bot.guide.rules import ACTIVITY_TABLE_COLUMNS

(
    SERIAL,
    WHEN,
    PLACE,
    NAME,
    HOST,
    ORGANISER,
    CONTENT,
    FIRMS,
    PEOPLE,
    CATEGORY,
    MANDATE,
) = ACTIVITY_TABLE_COLUMNS
COLUMNS: tuple[str, ...] = ACTIVITY_TABLE_COLUMNS


class Origin(StrEnum):
    PASTE = "paste"
    """A table row pasted as text (cells by tabs, commas or spaces)."""
    LINE = "line"
    """One activity typed on a line (3月5日 政策宣讲会 25人): only what it names is there."""
    FILE = "file"
    """A row of a spreadsheet or Word table; `line` is the row the user sees."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One activity row, whatever it was read from."""

    cells: Mapping[str, str]
    """Text per column of 附件1 (`COLUMNS` names); a column the source lacks is absent."""
    line: int
    """The line of the paste, or the row number shown in Excel/WPS (1-based)."""
    sheet: str = ""
    """The sheet or table it is in (工作表“Sheet1”), '' for a paste or a single sheet."""
    origin: Origin = Origin.PASTE
    text: str = field(default="")
    """The row as written, for hints outside the cells (a typed line); '' = the cells."""

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def has(self, column: str) -> bool:
        return column in self.cells

    @property
    def whole(self) -> str:
        return self.text or " ".join(v for v in self.cells.values() if v)

    @property
    def serial(self) -> str:
        return self.get(SERIAL).strip()

    @property
    def ref(self) -> str:
        """The row's place: 序号3 or 第7行 for a paste, 第12行（序号10） for a file."""
        if self.origin is Origin.FILE:
            where = f"{self.sheet}第{self.line}行"
            return f"{where}（序号{self.serial}）" if self.serial else where
        return f"序号{self.serial}" if self.serial else f"第{self.line}行"

    @property
    def label(self) -> str:
        """The place and the activity's name: 序号3「融资对接会」."""
        name = self.get(NAME).strip()
        return f"{self.ref}「{echo(name, 12)}」" if name else self.ref


_HEADER_NOISE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]|[\s:：*＊.。、/?？]+")
_HEADER_NAMES: dict[str, tuple[str, ...]] = {
    SERIAL: ("序号", "编号", "序", "no"),
    WHEN: ("时间", "活动时间", "举办时间", "开展时间", "日期", "活动日期", "举办日期"),
    PLACE: ("地点", "活动地点", "举办地点", "地址"),
    NAME: ("活动名称", "名称", "活动主题", "主题", "活动名"),
    HOST: ("主办单位", "主办方", "主办"),
    ORGANISER: ("承办单位", "承办方", "承办"),
    CONTENT: ("主要内容", "活动内容", "内容", "活动简介", "主要活动内容"),
    FIRMS: (
        "参加企业数",
        "参与企业数",
        "企业数",
        "参加企业",
        "企业数量",
        "服务企业数",
        "参会企业数",
        "参会企业",
    ),
    PEOPLE: (
        "人数",
        "参加人数",
        "参与人数",
        "参会人数",
        "服务人数",
        "人次",
        "参加人次",
        "参加人员",
        "参会人员",
    ),
    CATEGORY: ("活动类别", "类别", "活动类型", "类型"),
    MANDATE: (
        "是否工信部门委托的活动",
        "是否为工信部门委托的活动",
        "是否工信部门委托",
        "是否工信部门委托活动",
        "工信部门委托",
        "是否委托",
        "是否工信委托",
        "是否委托活动",
    ),
}
_BY_NAME = {name: column for column, names in _HEADER_NAMES.items() for name in names}


def column_of(cell: str) -> str | None:
    """The column a header cell names (参加企业数（家）-> 参加企业数), or None."""
    name = _HEADER_NOISE.sub("", cell).lower()
    return _BY_NAME.get(name) if name else None


def header_columns(cells: list[str]) -> dict[int, str] | None:
    """Index -> column for a header row: at least three cells name columns, none twice."""
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in found.values():
            found[index] = column
    return found if len(found) >= 3 else None


@dataclass(frozen=True, slots=True)
class Count:
    """A number read from a cell: `value` None when there is none, `vague` for 上百, 数十."""

    value: int | None
    vague: bool = False


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?")
# figures.digits has already turned 上百, 数十 into 若干.
_VAGUE = re.compile(r"若干|好多|很多|许多|多家|多人|不少")


def read_count(cell: str) -> Count:
    """The count in a 人数 / 参加企业数 cell: 25, 25人, 六十八, 120余人, 约50, 1,200, 1.2万."""
    text = _THOUSANDS.sub("", digits(cell))
    m = _NUMBER.search(text)
    if m is None:
        return Count(None, vague=_VAGUE.search(text) is not None)
    value = float(m.group(1)) * (10_000 if m.group(2) else 1)
    return Count(int(value))
