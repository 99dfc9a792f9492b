"""A Word document (.docx) to grids, one per table, and its body text.

python-docx opens the package; the tables are walked on its XML elements so that merged cells
(gridSpan across, vMerge down) land in the right columns and each row is visited once.
"""

from __future__ import annotations

import io
from typing import Any

from bot.files.grid import Grid, Value, to_grid
from bot.files.limits import Budget, FileLimits
from bot.files.safezip import guard

MAX_TEXT_CHARS = 100_000
"""Body text kept for the annual-summary and case checks."""


def read_docx(data: bytes, limits: FileLimits, budget: Budget) -> tuple[list[Grid], str]:
    """The document's tables as grids (第1个表格, …) and its paragraphs as text."""
    guard(data, limits)
    from docx import Document

    document = Document(io.BytesIO(data))
    body: Any = document.element.body
    tables = body.xpath("./w:tbl | ./w:sdt/w:sdtContent/w:tbl")
    grids: list[Grid] = []
    for index, table in enumerate(tables, 1):
        budget.check()
        rows = _table_rows(table, limits, budget)
        where = f"第{index}个表格" if len(tables) > 1 else "表格"
        truncated = len(rows) >= limits.max_scan_rows
        grids.append(to_grid(where, rows, truncated=truncated))
    text: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        text.append(paragraph.text)
        size += len(paragraph.text) + 1
        if size > MAX_TEXT_CHARS:
            break
    return grids, "\n".join(text)


def _table_rows(table: Any, limits: FileLimits, budget: Budget) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for number, tr in enumerate(table.xpath("./w:tr")):
        if number >= limits.max_scan_rows:
            break
        if number % 256 == 0:
            budget.check()
        cells: list[Value] = []
        before = tr.xpath("./w:trPr/w:gridBefore/@w:val")
        column = _int(before[0]) if before else 0
        cells.extend([None] * column)
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
            span = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
            width = max(1, min(_int(span[0]) if span else 1, limits.max_columns))
            merge = tc.xpath("./w:tcPr/w:vMerge")
            continued = bool(merge) and merge[0].get(_VAL) in (None, "continue")
            if continued and rows and column < len(rows[-1]):
                value = rows[-1][column]
            else:
                value = "\n".join("".join(p.xpath(".//w:t/text()")) for p in tc.xpath("./w:p"))
            cells.extend([value] * width)
            column += width
            if column >= limits.max_columns:
                break
        rows.append(cells[: limits.max_columns])
    return rows


_VAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0
