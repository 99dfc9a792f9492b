"""What a file really is, from its bytes; the name only decides what to say when they differ.

Chat clients and users rename files freely (a WPS "xls" that is really xlsx, a table exported
as a web page and saved as .xls), so the reader is chosen by content. Nothing is decompressed
here: a zip is told apart by its directory, an OLE2 file by its stream names.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from bot.files.limits import CANNOT_OPEN, ENCRYPTED, SUPPORTED
from bot.files.ole import MAGIC as OLE_MAGIC
from bot.files.ole import OleError, stream_names


class Kind(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"
    DOCX = "docx"
    PDF = "pdf"
    ENCRYPTED = "encrypted"
    """A password-protected Office file (OLE2 with an EncryptedPackage stream)."""
    OTHER = "other"
    """A known format the bot does not read; `Sniffed.message` says what to do."""
    CORRUPT = "corrupt"
    EMPTY = "empty"


READABLE = frozenset({Kind.XLSX, Kind.XLS, Kind.CSV, Kind.DOCX, Kind.PDF})

_BY_SUFFIX: dict[str, Kind] = {
    ".xlsx": Kind.XLSX,
    ".xlsm": Kind.XLSX,
    ".xls": Kind.XLS,
    ".csv": Kind.CSV,
    ".txt": Kind.CSV,
    ".docx": Kind.DOCX,
    ".pdf": Kind.PDF,
}
_WHAT: dict[Kind, str] = {
    Kind.XLSX: "Excel表格（.xlsx）",
    Kind.XLS: "旧版Excel表格（.xls）",
    Kind.CSV: "文本表格（.csv）",
    Kind.DOCX: "Word文档（.docx）",
    Kind.PDF: "PDF文件",
}
_SAVE_AS_XLSX = "请用Excel或WPS打开，另存为.xlsx后再发。"
_SAVE_AS_DOCX = "请用Word或WPS打开，另存为.docx后再发。"
_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "图片"),
    (b"\xff\xd8\xff", "图片"),
    (b"GIF8", "图片"),
    (b"Rar!", "压缩包"),
    (b"7z\xbc\xaf", "压缩包"),
    (b"\x1f\x8b", "压缩包"),
    (b"MZ", "程序文件"),
    (b"\x7fELF", "程序文件"),
)
_WEB_PAGE = re.compile(rb"<(?:html|table|!doctype html)", re.IGNORECASE)
_XML_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Sniffed:
    kind: Kind
    message: str = ""
    """For kinds that are not read: the one line the user gets."""


def suffix(name: str) -> str:
    """The lower-case extension of `name` ('.xlsx'), or '' when it has none."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower().strip() if "." in base else ""


def describe(kind: Kind) -> str:
    return _WHAT.get(kind, "文件")


def unsupported(name: str, what: str) -> str:
    """The line for a file the bot cannot read: what it is and what the bot can read."""
    claimed = _BY_SUFFIX.get(suffix(name))
    if claimed is not None:
        return f"文件名是{suffix(name)}，但内容是{what}，不是{describe(claimed)}。请发原文件。"
    return f"{what}我看不了。我能看的文件：{SUPPORTED}（汇总表用表格，证明材料用PDF）。"


def mismatch_note(name: str, kind: Kind) -> str:
    """A note when the name says another readable type than the content; '' when they agree."""
    claimed = _BY_SUFFIX.get(suffix(name))
    if claimed is None or claimed is kind:
        return ""
    return f"文件名是{suffix(name)}，实际是{describe(kind)}，我按实际格式读了。"


def sniff(name: str, data: bytes) -> Sniffed:
    """The real type of `data`; `name` only shapes the message for unreadable files."""
    if not data:
        return Sniffed(Kind.EMPTY, "文件是空的（0字节），请重新发送。")
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return Sniffed(Kind.PDF)
    if head.startswith(b"PK"):
        return _zip(name, data)
    if head.startswith(OLE_MAGIC):
        return _ole(name, data)
    for magic, what in _MAGICS:
        if head.startswith(magic):
            return Sniffed(Kind.OTHER, unsupported(name, what))
    if _XML_2003 in head:
        return Sniffed(Kind.OTHER, f"这个文件是XML格式的表格，我读不了。{_SAVE_AS_XLSX}")
    if _WEB_PAGE.search(head):
        return Sniffed(Kind.OTHER, f"这个文件其实是网页格式的表格，我读不了。{_SAVE_AS_XLSX}")
    if decode_text(data[:65536], partial=True) is not None:
        return Sniffed(Kind.CSV)
    return Sniffed(Kind.OTHER, unsupported(name, "看不出格式的文件"))


def _zip(name: str, data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        # A truncated xlsx/docx loses its central directory at the end.
        return Sniffed(Kind.CORRUPT, CANNOT_OPEN)
    if "xl/workbook.xml" in names:
        return Sniffed(Kind.XLSX)
    if "word/document.xml" in names:
        return Sniffed(Kind.DOCX)
    if "xl/workbook.bin" in names:
        return Sniffed(Kind.OTHER, f"这是二进制Excel（.xlsb），我读不了。{_SAVE_AS_XLSX}")
    if "mimetype" in names or "content.xml" in names:
        return Sniffed(Kind.OTHER, f"这是开放文档格式（.ods/.odt），我读不了。{_SAVE_AS_XLSX}")
    if any(n.startswith("ppt/") for n in names):
        return Sniffed(Kind.OTHER, unsupported(name, "PPT演示文稿"))
    if "[Content_Types].xml" in names:
        return Sniffed(Kind.CORRUPT, CANNOT_OPEN)
    return Sniffed(Kind.OTHER, unsupported(name, "压缩包"))


def _ole(name: str, data: bytes) -> Sniffed:
    try:
        streams = {s.lower() for s in stream_names(data)}
    except OleError:
        return Sniffed(Kind.CORRUPT, CANNOT_OPEN)
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        return Sniffed(Kind.ENCRYPTED, ENCRYPTED)
    if "workbook" in streams or "book" in streams:
        return Sniffed(Kind.XLS)
    if "worddocument" in streams:
        return Sniffed(Kind.OTHER, f"这是旧版Word文档（.doc），我读不了。{_SAVE_AS_DOCX}")
    if "powerpoint document" in streams:
        return Sniffed(Kind.OTHER, unsupported(name, "PPT演示文稿"))
    return Sniffed(Kind.OTHER, unsupported(name, "看不出格式的Office文件"))


def decode_text(data: bytes, *, partial: bool = False) -> str | None:
    """`data` as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (what Chinese
    Excel and WPS write, a superset of GBK); None for binary data. `partial`: `data` may be cut
    in the middle of a character."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, partial)
    if b"\x00" in data:
        return None
    for codec in ("utf-8", "gb18030"):
        text = _decode(data, codec, partial)
        if text is not None:
            return text
    return None


def _decode(data: bytes, codec: str, partial: bool) -> str | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the very end of a sample is not binary data.
        if not (partial and exc.start >= len(data) - 4):
            return None
        text = data[: exc.start].decode(codec, errors="strict")
    return None if _CONTROL.search(text) else text
