"""Spreadsheets to grids: xlsx (openpyxl), xls (xlrd) and csv text.

The libraries are imported here, inside the readers, so a bot that never gets a file never
loads them. Every sheet is read, in the workbook's order, at most `max_scan_rows` rows and
`max_columns` columns of each; the budget is checked every few hundred rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from bot.files.grid import Grid, Value, fill_merges, to_grid
from bot.files.limits import CANNOT_OPEN, ENCRYPTED, Budget, FileError, FileLimits
from bot.files.safezip import guard
from bot.files.sniff import decode_text

_CHECK_EVERY = 256
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"'
)
_CHUNK = 1 << 20


def sheet_name(title: str) -> str:
    return f"工作表“{title}”"


def read_xlsx(data: bytes, limits: FileLimits, budget: Budget) -> list[Grid]:
    guard(data, limits)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    grids: list[Grid] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in workbook.worksheets:
                budget.check()
                # The <dimension> a file declares may be stale; read what is really there.
                sheet.reset_dimensions()
                rows: list[list[Value]] = []
                truncated = False
                source = sheet.iter_rows(max_col=limits.max_columns, values_only=True)
                for number, values in enumerate(source, 1):
                    if number > limits.max_scan_rows:
                        truncated = True
                        break
                    if number % _CHECK_EVERY == 0:
                        budget.check()
                    rows.append(_trimmed(values))
                path = getattr(sheet, "_worksheet_path", None)
                if isinstance(path, str):
                    fill_merges(rows, _merged_ranges(archive, path), limits.max_columns)
                grids.append(to_grid(sheet_name(sheet.title), rows, truncated=truncated))
    finally:
        workbook.close()
    return grids


def _trimmed(values: tuple[Any, ...]) -> list[Value]:
    cells = list(values)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of one sheet: read-only openpyxl does not keep them, so the sheet's XML is
    scanned for <mergeCell ref="A1:K1"> in chunks (bounded memory, no tree)."""
    try:
        source = archive.open(path.lstrip("/"))
    except KeyError:
        return []
    found: set[tuple[int, int, int, int]] = set()
    tail = b""
    with source:
        while chunk := source.read(_CHUNK):
            block = tail + chunk
            for m in _MERGE.finditer(block):
                c1, r1, c2, r2 = m.groups()
                found.add((int(r1) - 1, _column(c1), int(r2) - 1, _column(c2)))
            tail = block[-256:]
    return sorted(found)


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number - 1


def read_xls(data: bytes, limits: FileLimits, budget: Budget) -> list[Grid]:
    import xlrd

    try:
        # formatting_info gives the merged cells; some writers' files only open without it.
        book = _open_xls(data, formatting=True)
    except FileError:
        raise
    except Exception:
        book = _open_xls(data, formatting=False)
    grids: list[Grid] = []
    for index in range(book.nsheets):
        budget.check()
        sheet = book.sheet_by_index(index)
        truncated = sheet.nrows > limits.max_scan_rows
        columns = min(sheet.ncols, limits.max_columns)
        rows: list[list[Value]] = []
        for r in range(min(sheet.nrows, limits.max_scan_rows)):
            if r % _CHECK_EVERY == 0:
                budget.check()
            cells = sheet.row_slice(r, 0, columns)
            rows.append([_xls_value(cell, book.datemode, xlrd) for cell in cells])
        merges = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
        fill_merges(rows, merges, limits.max_columns)
        grids.append(to_grid(sheet_name(sheet.name), rows, truncated=truncated))
    return grids


def _open_xls(data: bytes, *, formatting: bool) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(
            file_contents=data, formatting_info=formatting, logfile=io.StringIO(), verbosity=0
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise FileError(ENCRYPTED) from exc
        raise


def _xls_value(cell: Any, datemode: int, xlrd: Any) -> Value:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value: Value = xlrd.xldate_as_datetime(cell.value, datemode)
            return value
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None


def read_csv(data: bytes, limits: FileLimits, budget: Budget) -> list[Grid]:
    budget.check()
    text = decode_text(data)
    if text is None:
        raise FileError("这个文本文件的编码我认不出。请用Excel或WPS打开，另存为.xlsx后再发。")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=False)
    rows: list[list[Value]] = []
    truncated = False
    try:
        for number, cells in enumerate(reader, 1):
            if number > limits.max_scan_rows:
                truncated = True
                break
            if number % _CHECK_EVERY == 0:
                budget.check()
            rows.append(list(cells[: limits.max_columns]))
    except csv.Error as exc:
        raise FileError(CANNOT_OPEN) from exc
    return [to_grid("", rows, truncated=truncated)]


def _delimiter(text: str) -> str:
    """The separator Excel/WPS used: comma, or tab (Excel's 'Unicode text'), or semicolon."""
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
