"""Decompression-bomb guard for xlsx/docx: the zip directory is judged before any part is read.

Refused before extraction: too many entries, a part or all parts together declaring more
uncompressed bytes than the limits, a large part with an implausible compression ratio, and
any compression but deflate/stored (bzip2 and lzma decompress a whole input chunk at once, so
their output is not bounded while reading).

While reading, Python's zipfile never returns more than a part's declared size (it stops at
`file_size`, then fails the CRC), and deflate output is produced in bounded steps; so after this
check the declared sizes bound what any reader can inflate, even when they lie.
"""

from __future__ import annotations

import io
import zipfile

from bot.files.limits import CANNOT_OPEN, ENCRYPTED, FileError, FileLimits, size_text

_BOMB = "这个文件解压后太大（{size}），我这里不读这么大的文件。请只保留汇总表再发。"
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


def guard(data: bytes, limits: FileLimits) -> None:
    """Raise `FileError` unless the zip in `data` is safe to hand to a reader."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise FileError(CANNOT_OPEN) from exc
    if len(entries) > limits.max_zip_entries:
        raise FileError(f"这个文件里有{len(entries)}个部件，不像正常的表格或文档，我不读。")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise FileError(ENCRYPTED)
        if entry.compress_type not in _METHODS:
            raise FileError(CANNOT_OPEN)
        declared = entry.file_size
        total += declared
        if declared > limits.max_part_bytes or total > limits.max_unzipped_bytes:
            raise FileError(_BOMB.format(size=size_text(max(declared, total))))
        ratio = declared / max(entry.compress_size, 1)
        if declared > limits.ratio_floor and ratio > limits.max_ratio:
            raise FileError(_BOMB.format(size=size_text(declared)))
