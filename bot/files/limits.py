"""What a file check may cost, and the one error type that carries a message for the user.

The limits are the bot's own safety limits, not rules of the guide: messages that mention
them say "我这里", never "指南规定".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileLimits:
    max_bytes: int = 50 * MB
    """Largest file read at all; checked before anything is parsed."""
    max_part_bytes: int = 32 * MB
    """Largest declared uncompressed size of one XML part read from an xlsx/docx."""
    max_unzipped_bytes: int = 128 * MB
    """Largest declared uncompressed size of all parts read from one xlsx/docx together."""
    max_zip_entries: int = 2000
    """More entries than this in an xlsx/docx: not an office file anyone wrote by hand."""
    max_ratio: int = 200
    """Largest compression ratio of a part above `ratio_floor` bytes (XML is ~5-20x, zeros
    are ~1000x)."""
    ratio_floor: int = 4 * MB
    """Parts smaller than this are not judged by their ratio."""
    max_scan_rows: int = 20000
    """Rows of one sheet read before giving up on the rest."""
    max_columns: int = 64
    """Columns of a sheet read; the summary table has 11."""
    max_pdf_pages: int = 300
    """Pages of a PDF read for text and pictures."""
    seconds: float = 20.0
    """Time budget of one check, from the first byte parsed."""


class Budget:
    """The deadline of one check, checked between rows and pages."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._started = clock()

    @property
    def elapsed(self) -> float:
        return self._clock() - self._started

    def check(self) -> None:
        if self.elapsed > self.seconds:
            raise FileError(
                f"文件太大，我这里{self.seconds:g}秒内没能看完。请删掉不相关的内容后再发。"
            )


class FileError(Exception):
    """A file that cannot be checked; `message` is the one line the user gets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


SUPPORTED = ".xlsx .xls .csv .docx .pdf"
"""What the bot reads, as told to users."""

CANNOT_OPEN = "这个文件打不开，可能已损坏或不完整。请重新保存或导出后再发。"
TOO_COMPLEX = "这个文件太大或太复杂，我这里没能看完。请只保留要检查的部分再发。"
ENCRYPTED = "这个文件设了密码，我打不开。请取消密码（另存一份不加密的）后再发。"


def size_text(size: int) -> str:
    return f"{size / MB:.1f}MB" if size >= MB else f"{max(size // 1024, 1)}KB"
