"""The pinyin table the bot reads instead of importing pypinyin (bot/text/pinyin.bin)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

from bot.text.pinyin import TABLE, char_pinyin

ROOT = Path(__file__).resolve().parents[3]


def test_table_gives_pypinyin_reading_for_every_character() -> None:
    """Each character of pypinyin's dictionary, and some without a reading, gets what
    `lazy_pinyin(char, style=Style.NORMAL)` gives."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PINYIN_DICT

    chars = [chr(cp) for cp in PINYIN_DICT] + list("a1，。！😀 \n\u3006\U00032390")
    differ = [
        c
        for c in chars
        if char_pinyin(c) != lazy_pinyin(c, style=Style.NORMAL, errors="default")[0]
    ]
    assert len(chars) > 40_000
    assert differ == []


def test_table_file_is_what_the_script_writes_now() -> None:
    """scripts/pinyin_table.py run with the installed pypinyin writes the shipped file byte for
    byte: a pypinyin upgrade that changes a reading shows up here."""
    table_bytes = runpy.run_path(str(ROOT / "scripts" / "pinyin_table.py"))["table_bytes"]
    assert table_bytes() == TABLE.read_bytes()


def test_fuzzy_and_plain_readings() -> None:
    """绿 is lv (ü as v), 知识产权 four syllables, a character without pinyin stays itself."""
    assert [char_pinyin(c) for c in "绿知识产权"] == ["lv", "zhi", "shi", "chan", "quan"]
    assert char_pinyin("😀") == "😀"
