"""Finding the date of an activity in a 时间 cell or a loose line.

Excel and WPS copy what the cell shows (2024/3/5, 2024年3月5日, 2024.03.05), sometimes a
serial number; loose lines say 3月5日. A date without a year is taken to lie in the reporting
year: the user wrote it for this report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_FULL = re.compile(
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"
)
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})(?![\d.])\s*月?")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_MONTH_DAY_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})[/.-](\d{1,2})(?![\d./-])")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月(?:份)?")
_SERIAL = re.compile(r"\d{5}")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class FoundDate:
    text: str
    """The date as written."""
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def valid(self) -> bool:
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            try:
                date(self.year or 2000, self.month or 1, self.day)
            except ValueError:
                return False
        return self.year is None or 1900 <= self.year <= 2999


def _found(match: re.Match[str], year: str | None, month: str | None, day: str | None) -> FoundDate:
    return FoundDate(
        match.group(0).strip(),
        match.start(),
        match.end(),
        int(year) if year else None,
        int(month) if month else None,
        int(day) if day else None,
    )


def find_date(text: str, *, cell: bool = False) -> FoundDate | None:
    """The first date in `text`. `cell`: `text` is a whole 时间 cell, so bare forms like 3.5
    or an Excel serial number are dates too (in a loose line 3.5 could be anything)."""
    if m := _FULL.search(text):
        return _found(m, m.group(1), m.group(2), m.group(3))
    if m := _COMPACT.search(text):
        found = _found(m, m.group(1), m.group(2), m.group(3))
        if found.valid:
            return found
    if m := _YEAR_MONTH.search(text):
        return _found(m, m.group(1), m.group(2), None)
    if m := _MONTH_DAY.search(text):
        return _found(m, None, m.group(1), m.group(2))
    if cell and (m := _MONTH_DAY_NUMERIC.search(text)):
        return _found(m, None, m.group(1), m.group(2))
    if cell and _SERIAL.fullmatch(text.strip()) and 20000 <= int(text) <= 80000:
        day = _EXCEL_EPOCH + timedelta(days=int(text))
        return FoundDate(text.strip(), 0, len(text), day.year, day.month, day.day)
    if m := _YEAR.search(text):
        return _found(m, m.group(1), None, None)
    if m := _MONTH.search(text):
        return _found(m, None, m.group(1), None)
    return None
