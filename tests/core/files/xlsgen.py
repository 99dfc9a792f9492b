"""A small writer of OLE2 compound files and BIFF8 (.xls) workbooks, for tests only.

No library writes .xls any more (xlwt is unmaintained), so the tests make their own: enough
of BIFF8 for xlrd to read text, numbers, date cells and merged ranges, and a compound file
writer that can also hold the streams of a password-protected xlsx. Streams are padded to at
least 4096 bytes so the mini stream is never needed.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from datetime import date, datetime

SECTOR = 512
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
MIN_STREAM = 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 file (version 3, 512-byte sectors) holding `streams` under the root."""
    names = list(streams)
    blobs = [streams[n].ljust(MIN_STREAM, b"\0") for n in names]
    blobs = [b.ljust(-(-len(b) // SECTOR) * SECTOR, b"\0") for b in blobs]
    data_sectors = sum(len(b) // SECTOR for b in blobs)
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    fat_sectors = 1
    while (data_sectors + dir_sectors + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    assert fat_sectors <= 109, "test files stay small"
    fat: list[int] = []
    starts: list[int] = []
    for blob in blobs:
        count = len(blob) // SECTOR
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(END_OF_CHAIN)
    first_dir = len(fat)
    fat.extend(range(first_dir + 1, first_dir + dir_sectors))
    fat.append(END_OF_CHAIN)
    first_fat = len(fat)
    fat.extend([FAT_SECTOR] * fat_sectors)
    fat.extend([FREE] * (fat_sectors * (SECTOR // 4) - len(fat)))
    directory = _entry("Root Entry", 5, child=1 if names else NO_STREAM, start=END_OF_CHAIN)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NO_STREAM
        size = max(len(streams[name]), MIN_STREAM)
        directory += _entry(name, 2, right=right, start=starts[i], size=size)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    difat = list(range(first_fat, first_fat + fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII", 0, fat_sectors, first_dir, 0, MIN_STREAM, END_OF_CHAIN, 0, END_OF_CHAIN, 0
        )
        + struct.pack("<109I", *difat)
    )
    assert len(header) == SECTOR
    return header + b"".join(blobs) + directory + struct.pack(f"<{len(fat)}I", *fat)


def _entry(
    name: str,
    kind: int,
    *,
    child: int = NO_STREAM,
    right: int = NO_STREAM,
    start: int,
    size: int = 0,
) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NO_STREAM, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


Cell = str | int | float | date | datetime | None


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _xf(font: int, fmt: int, style: bool) -> bytes:
    flags = 0xFFF4 if style else 0x0001
    return _record(
        0x00E0, struct.pack("<HHHBBBBIIH", font, fmt, flags, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    )


def _sst(strings: Sequence[str]) -> bytes:
    """SST with CONTINUE records, each string whole in one record."""
    pieces = [struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings]
    out = b""
    body = struct.pack("<II", len(strings), len(strings))
    kind = 0x00FC
    for piece in pieces:
        if len(body) + len(piece) > 8224:
            out += _record(kind, body)
            body, kind = b"", 0x003C
        body += piece
    return out + _record(kind, body)


_EPOCH = datetime(1899, 12, 30)


def workbook(
    sheets: Mapping[str, Sequence[Sequence[Cell]]],
    merges: dict[str, Sequence[tuple[int, int, int, int]]] | None = None,
) -> bytes:
    """A BIFF8 .xls file. `merges`: per sheet, (first row, last row, first col, last col),
    0-based inclusive; dates are written as numbers in a date-formatted cell (format 14)."""
    merges = merges or {}
    strings: list[str] = []
    index: dict[str, int] = {}
    bodies: list[bytes] = []
    for title, rows in sheets.items():
        cells = b""
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cells += _cell(r, c, value, strings, index)
        body = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        width = max((len(r) for r in rows), default=0)
        body += _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        body += cells
        ranges = list(merges.get(title, ()))
        if ranges:
            body += _record(
                0x00E5,
                struct.pack("<H", len(ranges)) + b"".join(struct.pack("<HHHH", *m) for m in ranges),
            )
        bodies.append(body + _record(0x000A, b""))
    head = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    head += _record(0x0042, struct.pack("<H", 1200))
    font = _record(
        0x0031,
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _short_string("Arial"),
    )
    head += font * 5
    head += b"".join(_xf(0, 0, True) for _ in range(15)) + _xf(0, 0, False) + _xf(0, 14, False)
    tail = _sst(strings) + _record(0x000A, b"")
    sheet_records = [_record(0x0085, struct.pack("<IH", 0, 0) + _short_string(t)) for t in sheets]
    offset = len(head) + sum(len(s) for s in sheet_records) + len(tail)
    records = b""
    for title, body in zip(sheets, bodies, strict=True):
        records += _record(0x0085, struct.pack("<IH", offset, 0) + _short_string(title))
        offset += len(body)
    stream = head + records + tail + b"".join(bodies)
    return compound_file({"Workbook": stream})


def _cell(r: int, c: int, value: Cell, strings: list[str], index: dict[str, int]) -> bytes:
    if value is None:
        return b""
    if isinstance(value, datetime | date):
        moment = datetime(value.year, value.month, value.day)
        serial = (moment - _EPOCH).days
        return _record(0x0203, struct.pack("<HHHd", r, c, 16, float(serial)))
    if isinstance(value, int | float):
        return _record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))
    if value not in index:
        index[value] = len(strings)
        strings.append(value)
    return _record(0x00FD, struct.pack("<HHHI", r, c, 15, index[value]))
