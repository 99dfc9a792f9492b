#!/usr/bin/env python3
"""Write bot/text/pinyin.bin, the per-character pinyin table `bot.text.pinyin` reads, from
pypinyin's single-character dictionary (run after upgrading pypinyin; the test
tests/core/text/test_pinyin.py fails while the file differs from what this writes).

    .venv/bin/python scripts/pinyin_table.py

Each character's first reading without tone marks, ü written v, as
`lazy_pinyin(char, style=Style.NORMAL)` gives it. The bot does not import pypinyin: its
package loads a 40,000-entry dict with every reading of every character (10 MB, 30 ms),
where the table is 0.4 MB.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
import zlib
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.text.pinyin import HEADER, TABLE

_TONE_MARKS = re.compile("[\u0300-\u036f]")


def toneless(readings: str) -> str:
    """The first of pypinyin's comma-separated readings without tone marks, ü as v."""
    first = unicodedata.normalize("NFD", readings.split(",", 1)[0]).replace("u\u0308", "v")
    return _TONE_MARKS.sub("", first)


def table_bytes() -> bytes:
    """The file's content: a header line, the syllables (index 0: none) and one little-endian
    uint16 per code point from the first to the last that has a reading, zlib-compressed."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin.constants import PINYIN_DICT

    readings = {cp: toneless(r) for cp, r in PINYIN_DICT.items()}
    syllables = ["", *sorted(set(readings.values()))]
    number = {s: i for i, s in enumerate(syllables)}
    first, last = min(readings), max(readings)
    codes = array("H", bytes(2 * (last - first + 1)))
    for cp, syllable in readings.items():
        codes[cp - first] = number[syllable]
    if sys.byteorder == "big":
        codes.byteswap()
    head = f"{HEADER} {first}\n{' '.join(syllables[1:])}\n".encode("ascii")
    return zlib.compress(head + codes.tobytes(), 9)


def main() -> int:
    TABLE.write_bytes(table_bytes())
    print(f"wrote {TABLE.relative_to(ROOT)} ({TABLE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
