"""Toneless pinyin of single characters, read from `pinyin.bin` beside this module.

The table is pypinyin's single-character dictionary reduced to what the bot uses, each
character's first reading without tone marks (ü as v), written by scripts/pinyin_table.py and
checked against `lazy_pinyin` for every character by tests/core/text/test_pinyin.py. Importing
pypinyin itself cost the bot 10 MB and 30 ms at start-up for readings it never used.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from functools import cache, lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("pinyin.bin")
HEADER = "pinyin-table-1"
"""First word of the table's first line, with the first code point it covers."""


@cache
def _table() -> tuple[int, array[int], tuple[str, ...]]:
    """(first code point, syllable number per code point from it, syllables; number 0: none)."""
    head, syllables, body = zlib.decompress(TABLE.read_bytes()).split(b"\n", 2)
    magic, first = head.decode("ascii").split()
    if magic != HEADER:
        raise ValueError(f"{TABLE.name}: not a pinyin table of this version")
    codes = array("H")
    codes.frombytes(body)
    if sys.byteorder == "big":
        codes.byteswap()
    return int(first), codes, ("", *syllables.decode("ascii").split())


@lru_cache(maxsize=8192)
def char_pinyin(char: str) -> str:
    """The toneless syllable of one character; the character itself when it has none."""
    first, codes, syllables = _table()
    at = ord(char) - first
    number = codes[at] if 0 <= at < len(codes) else 0
    return syllables[number] if number else char
