"""Files made for the file-check tests and the bench: summary tables as xlsx, xls, csv and docx
(good and broken), zip bombs and encrypted Office files. Nothing here is a stored blob."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tests.core.files import xlsgen

HEADER = [
    "序号",
    "时间",
    "地点",
    "活动名称",
    "主办单位",
    "承办单位",
    "主要内容",
    "参加\n企业数",
    "人数",
    "活动类别",
    "是否工信部门委托的活动",
]
TITLE = "服务活动汇总表"
SUBTITLE = "（仅指被服务对象参与人数不少于10人的活动）"
NOTE = "说明：1、活动类别从信息服务、创业服务、技术服务、培训服务、融资服务中选填1项。"
CATEGORIES = ("信息服务", "创业服务", "技术服务", "培训服务", "融资服务")

Row = list[Any]


def activity(
    serial: int,
    *,
    when: Any = None,
    name: str | None = None,
    firms: Any = 12,
    people: Any = 25,
    category: str = "培训服务",
    mandated: str = "否",
    year: int = 2024,
) -> Row:
    """One row of 附件1 with plausible values; any field can be overridden."""
    return [
        serial,
        when if when is not None else date(year, serial % 12 + 1, serial % 27 + 1),
        "南京市",
        name or f"第{serial}期中小企业政策讲堂",
        "本平台",
        "本平台",
        "解读惠企政策",
        firms,
        people,
        category,
        mandated,
    ]


def activities(count: int, year: int = 2024) -> list[Row]:
    return [activity(i, category=CATEGORIES[i % 5], year=year) for i in range(1, count + 1)]


def template(rows: Sequence[Row], *, total: bool = True) -> list[Row]:
    """Rows laid out as the guide's 附件1: label, title, subtitle, header, rows, 合计, notes."""
    out: list[Row] = [["附件1"], [TITLE], [SUBTITLE], list(HEADER), *[list(r) for r in rows]]
    out.append([None] * 11)
    if total:
        out.append(["合计", None, None, None, None, None, None, 100, 1000])
    out.append([NOTE])
    return out


def xlsx(sheets: dict[str, Sequence[Row]], merges: dict[str, Sequence[str]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(title, ()):
            sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def big_xlsx(rows: Sequence[Row]) -> bytes:
    """A large workbook written in streaming mode (fast for thousands of rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("汇总表")
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(
    sheets: dict[str, Sequence[Row]],
    merges: dict[str, Sequence[tuple[int, int, int, int]]] | None = None,
) -> bytes:
    return xlsgen.workbook(sheets, merges)


def csv_bytes(
    rows: Sequence[Row], *, encoding: str = "utf-8", bom: bool = False, delimiter: str = ","
) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _text(v) for v in row])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return f"{value.year}/{value.month}/{value.day}"
    return str(value)


def docx(
    tables: Sequence[Sequence[Row]],
    *,
    before: Sequence[str] = (TITLE,),
    merge_down: tuple[int, int, int] | None = None,
) -> bytes:
    """A Word document with `before` paragraphs and `tables`; `merge_down` = (column, first row,
    last row) merges cells of the first table vertically, keeping the first one's text."""
    from docx import Document

    document = Document()
    for line in before:
        document.add_paragraph(line)
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        # Row by row: table.cell(r, c) walks the whole table on every call.
        for row, cells in zip(rows, table.rows, strict=True):
            for value, cell in zip(row, cells.cells, strict=False):
                if value is not None:
                    cell.text = _text(value)
        if merge_down is not None and rows is tables[0]:
            column, first, last = merge_down
            keep = table.cell(first, column).text
            for r in range(first + 1, last + 1):
                table.cell(r, column).text = ""
            merged = table.cell(first, column).merge(table.cell(last, column))
            merged.text = keep
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_office() -> bytes:
    """What Office writes for a password-protected xlsx/docx: an OLE2 file, not a zip."""
    return xlsgen.compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x40" * 200, "EncryptedPackage": b"\x9c" * 6000}
    )


def old_word() -> bytes:
    return xlsgen.compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 600})


def zip_bomb(megabytes: int = 300) -> bytes:
    """An xlsx whose sheet declares `megabytes` of zeros, compressed to a few hundred KB."""
    good = xlsx({"汇总表": template(activities(2))})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename.startswith("xl/worksheets/sheet"):
                with target.open(info.filename, "w", force_zip64=True) as sheet:
                    chunk = b"\0" * (1 << 20)
                    for _ in range(megabytes):
                        sheet.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def lying_zip(declared: int = 2000, megabytes: int = 64) -> bytes:
    """An xlsx whose sheet inflates to `megabytes` but declares only `declared` bytes."""
    good = xlsx({"汇总表": template(activities(2))})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename.startswith("xl/worksheets/sheet"):
                body = source.read(info.filename)
                head = body[: body.index(b"<sheetData>") + len(b"<sheetData>")]
                target.writestr(info.filename, head + b" " * (megabytes << 20))
            else:
                target.writestr(info, source.read(info.filename))
    data = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        sheet = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    struct.pack_into("<I", data, sheet.header_offset + 22, declared)
    name = sheet.filename.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, declared)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError("central directory entry not found")


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()
