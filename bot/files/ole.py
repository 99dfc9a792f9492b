"""The names inside an OLE2 compound file (old .xls/.doc, and password-protected .xlsx/.docx).

Office stores an encrypted xlsx/docx as an OLE2 file holding an `EncryptedPackage` stream;
an old Excel workbook holds `Workbook` (or `Book`), an old Word document `WordDocument`.
Only the directory is read: enough to tell these apart without a library.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT = 109
_DIR_ENTRY = 128
MAX_SECTORS = 1 << 20
"""A chain longer than this is a loop or garbage (4 GB of 4 KB sectors)."""


class OleError(ValueError):
    """Not a readable compound file."""


def stream_names(data: bytes) -> set[str]:
    """Names of every storage and stream in the compound file `data`."""
    if not data.startswith(MAGIC) or len(data) < 512:
        raise OleError("not a compound file")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise OleError("bad sector size")
    size = 1 << shift
    fat_sectors, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)
    difat = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", data, 0x4C))
    next_difat, seen = first_difat, 0
    while next_difat < _END_OF_CHAIN and seen < difat_count:
        words = _sector(data, next_difat, size, shift)
        entries = struct.unpack(f"<{size // 4}I", words)
        difat.extend(entries[:-1])
        next_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for sector in difat[:fat_sectors]:
        fat.extend(struct.unpack(f"<{size // 4}I", _sector(data, sector, size, shift)))
    names: set[str] = set()
    for sector in _chain(fat, first_dir):
        block = _sector(data, sector, size, shift)
        for offset in range(0, size, _DIR_ENTRY):
            entry = block[offset : offset + _DIR_ENTRY]
            length = struct.unpack_from("<H", entry, 0x40)[0]
            kind = entry[0x42]
            if kind == 0 or not 2 <= length <= 64:
                continue
            names.add(entry[: length - 2].decode("utf-16-le", errors="replace"))
    return names


def _sector(data: bytes, number: int, size: int, shift: int) -> bytes:
    start = (number + 1) << shift
    if number >= MAX_SECTORS or start + size > len(data):
        raise OleError("sector outside the file")
    return data[start : start + size]


def _chain(fat: list[int], start: int) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector < _END_OF_CHAIN:
        if sector in seen or sector >= len(fat):
            raise OleError("broken sector chain")
        seen.add(sector)
        chain.append(sector)
        sector = fat[sector]
    return chain
