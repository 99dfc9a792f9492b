"""The real type of a file from its bytes, and one clear line for what cannot be read."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.files import check_file
from bot.files.limits import CANNOT_OPEN, ENCRYPTED, SUPPORTED
from bot.files.sniff import Kind, decode_text, sniff, suffix
from tests.core.files import makers as m
from tests.core.files.pdfgen import PageSpec, pdf

YEAR = 2024
TABLE = m.template(m.activities(3))
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def reply_text(name: str, data: bytes) -> str:
    return check_file(name, data, year=YEAR).render()


def _corrupt_sheet() -> bytes:
    """A valid zip whose sheet XML is garbage."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(m.xlsx({"S": TABLE}))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = b"<worksheet><sheetData><row><c>\x00\x01 not xml"
            target.writestr(info, body)
    return out.getvalue()


KINDS = {
    "xlsx": (m.xlsx({"S": TABLE}), Kind.XLSX),
    "xls": (m.xls({"S": TABLE}), Kind.XLS),
    "docx": (m.docx([TABLE]), Kind.DOCX),
    "pdf": (pdf([PageSpec(["通知"])]), Kind.PDF),
    "csv": (m.csv_bytes(TABLE), Kind.CSV),
    "csv-gbk": (m.csv_bytes(TABLE, encoding="gbk"), Kind.CSV),
    "encrypted-office": (m.encrypted_office(), Kind.ENCRYPTED),
    "old-word": (m.old_word(), Kind.OTHER),
    "png": (PNG, Kind.OTHER),
    "zip": (m.zip_of({"a.txt": b"hello"}), Kind.OTHER),
    "truncated-zip": (m.xlsx({"S": TABLE})[:3000], Kind.CORRUPT),
    "empty": (b"", Kind.EMPTY),
    "binary": (bytes(range(256)) * 8, Kind.OTHER),
}


@pytest.mark.parametrize(("data", "kind"), KINDS.values(), ids=KINDS.keys())
def test_kind_comes_from_the_bytes(data: bytes, kind: Kind) -> None:
    """Each format is recognised by content, whatever the (here neutral) name says."""
    assert sniff("file", data).kind is kind


MISNAMED = {
    "xlsx-named-xls": ("表.xls", m.xlsx({"S": TABLE}), "文件名是.xls，实际是Excel表格（.xlsx）"),
    "xls-named-xlsx": ("表.xlsx", m.xls({"S": TABLE}), "文件名是.xlsx，实际是旧版Excel表格"),
    "docx-named-pdf": ("材料.pdf", m.docx([TABLE]), "文件名是.pdf，实际是Word文档"),
    "csv-named-xlsx": ("表.xlsx", m.csv_bytes(TABLE), "文件名是.xlsx，实际是文本表格"),
}


@pytest.mark.parametrize(("name", "data", "note"), MISNAMED.values(), ids=MISNAMED.keys())
def test_misnamed_readable_file_is_read_with_a_note(name: str, data: bytes, note: str) -> None:
    """A readable file under the wrong extension is checked, and the reply says what it is."""
    text = reply_text(name, data)
    assert text.startswith("活动汇总表检查：✅")
    assert note in text


UNREADABLE = {
    "image-named-xlsx": ("表.xlsx", PNG, "文件名是.xlsx，但内容是图片"),
    "image": ("照片.jpg", PNG, f"图片我看不了。我能看的文件：{SUPPORTED}"),
    "zip": ("材料.zip", m.zip_of({"a.txt": b"x"}), "压缩包我看不了"),
    "web-page-xls": (
        "导出.xls",
        b"<html><body><table><tr><td>1</td></tr></table>",
        "网页格式的表格",
    ),
    "xml-2003-xls": (
        "导出.xls",
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
        "XML格式的表格",
    ),
    "old-doc": ("总结.doc", m.old_word(), "另存为.docx"),
    "encrypted-xlsx": ("表.xlsx", m.encrypted_office(), ENCRYPTED),
    "encrypted-docx": ("材料.docx", m.encrypted_office(), ENCRYPTED),
    "empty": ("表.xlsx", b"", "文件是空的"),
    "truncated-xlsx": ("表.xlsx", m.xlsx({"S": TABLE})[:-200], CANNOT_OPEN),
    "truncated-docx": ("表.docx", m.docx([TABLE])[:5000], CANNOT_OPEN),
    "corrupt-sheet-xml": ("表.xlsx", _corrupt_sheet(), CANNOT_OPEN),
    "garbage-named-csv": ("表.csv", bytes(range(256)) * 8, "看不出格式"),
    "garbage-named-pdf": ("材料.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, CANNOT_OPEN),
    "ole-garbage": ("表.xls", bytes.fromhex("d0cf11e0a1b11ae1") + b"\xff" * 600, CANNOT_OPEN),
    "pptx": (
        "汇报.pptx",
        m.zip_of({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<x/>"}),
        "PPT演示文稿",
    ),
}


@pytest.mark.parametrize(("name", "data", "line"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_file_gets_one_clear_line(name: str, data: bytes, line: str) -> None:
    """Fake, encrypted, corrupt, truncated, empty and unsupported files get one plain line."""
    reply = check_file(name, data, year=YEAR)
    assert line in reply.text
    assert "\n" not in reply.text
    assert "Traceback" not in reply.text
    assert "Error" not in reply.text


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99], ids=str)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.xlsx", m.xlsx({"S": TABLE})),
        ("a.xls", m.xls({"S": TABLE})),
        ("a.docx", m.docx([TABLE])),
        ("a.pdf", pdf([PageSpec(["汇总表"]), PageSpec(["关于举办讲座的通知"], [(300, 90)])])),
    ],
    ids=["xlsx", "xls", "docx", "pdf"],
)
def test_any_truncation_gives_a_reply_not_an_exception(
    name: str, data: bytes, fraction: float
) -> None:
    """A file cut anywhere (an interrupted download) still gets a check reply."""
    reply = check_file(name, data[: int(len(data) * fraction)], year=YEAR)
    assert reply.text
    assert "Traceback" not in reply.text


ENCODINGS = {
    "utf8": ("序号,时间".encode(), "序号,时间"),
    "utf8-bom": (b"\xef\xbb\xbf" + "序号,时间".encode(), "序号,时间"),
    "gbk": ("序号,时间".encode("gbk"), "序号,时间"),
    "gb18030": ("序号,时间,𠀀".encode("gb18030"), "序号,时间,𠀀"),
    "utf16-bom": (b"\xff\xfe" + "序号\t时间".encode("utf-16-le"), "序号\t时间"),
}


@pytest.mark.parametrize(("data", "text"), ENCODINGS.values(), ids=ENCODINGS.keys())
def test_text_encodings_chinese_excel_writes(data: bytes, text: str) -> None:
    """UTF-8 with or without BOM, GBK/GB18030 and UTF-16 decode to the same text."""
    assert decode_text(data) == text


def test_binary_is_not_text() -> None:
    """Bytes with NULs or control characters are not a CSV."""
    assert decode_text(b"\x00\x01\x02abc") is None
    assert decode_text(b"ab\x03cd") is None


@pytest.mark.parametrize(
    ("name", "ext"),
    [("汇总表.XLSX", ".xlsx"), ("a.b.pdf", ".pdf"), ("无后缀", ""), ("dir/x.Csv ", ".csv")],
    ids=["upper", "two-dots", "none", "path-and-space"],
)
def test_suffix(name: str, ext: str) -> None:
    """The extension is the last one, lower-cased."""
    assert suffix(name) == ext
