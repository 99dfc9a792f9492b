"""A sheet as rows of cell values, whatever file it came from, and merged cells filled in.

Every reader (xlsx, xls, csv, the tables of a docx) returns `Grid`s: the rows that hold
anything, each with the row number a user sees in Excel or WPS, and cells as the library gave
them (text, numbers, dates). Merged cells are filled with their top-left value, so a 主办单位
merged down five rows counts for each of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

Value = str | int | float | bool | datetime | date | time | None

MAX_MERGES = 10000
"""Merged ranges applied per sheet; a sheet with more is filled only this far."""


@dataclass(frozen=True, slots=True)
class Grid:
    where: str
    """How to name the sheet to the user: 工作表“Sheet1”, 第2个表格; '' for a lone csv."""
    rows: tuple[tuple[int, tuple[Value, ...]], ...]
    """(row number as the user sees it, cells), only rows holding something."""
    truncated: bool = False
    """The sheet had more rows than were read."""


def is_blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def fill_merges(
    rows: list[list[Value]], merges: Iterable[tuple[int, int, int, int]], max_columns: int
) -> None:
    """Copy each merged range's top-left value into its other cells, in place.

    Ranges are (first row, first column, last row, last column), 0-based and inclusive, and
    are clipped to the rows read and `max_columns`, so a range over the whole sheet costs no
    more than the rows that exist."""
    for count, (r1, c1, r2, c2) in enumerate(merges):
        if count >= MAX_MERGES or r1 >= len(rows):
            continue
        top = rows[r1]
        value = top[c1] if c1 < len(top) else None
        if is_blank(value):
            continue
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            last = min(c2, max_columns - 1)
            if len(row) <= last:
                row.extend([None] * (last + 1 - len(row)))
            for c in range(c1, last + 1):
                if is_blank(row[c]):
                    row[c] = value


def to_grid(
    where: str, rows: Sequence[Sequence[Value]], *, first: int = 1, truncated: bool = False
) -> Grid:
    """A grid of the rows that hold something; row numbers count from `first`."""
    kept = tuple(
        (number, tuple(cells))
        for number, cells in enumerate(rows, first)
        if any(not is_blank(c) for c in cells)
    )
    return Grid(where, kept, truncated)
