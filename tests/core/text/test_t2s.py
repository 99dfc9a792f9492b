"""Traditional to simplified without OpenCC's library (bot.text.t2s), compared with OpenCC."""

from __future__ import annotations

import random
import runpy
from pathlib import Path

import opencc
import pytest

from bot.guide.knowledge import KNOWLEDGE_DIR
from bot.text.t2s import TABLE, _table, convert

ROOT = Path(__file__).resolve().parents[3]
T2S = opencc.OpenCC("t2s")


def test_table_file_is_what_the_script_writes_now() -> None:
    """scripts/t2s_table.py writes the shipped file byte for byte from the installed OpenCC's
    dictionaries: an opencc upgrade that changes them shows up here."""
    table_text = runpy.run_path(str(ROOT / "scripts" / "t2s_table.py"))["table_text"]
    assert table_text() == TABLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("start", "stop"),
    [
        pytest.param(0x20, 0xD800, id="bmp-low"),
        pytest.param(0xE000, 0x10000, id="bmp-high"),
        pytest.param(0x20000, 0x32400, id="cjk-extensions"),
    ],
)
def test_every_character_converts_as_opencc(start: int, stop: int) -> None:
    """Each character alone, compatibility ideographs and characters beyond the BMP included."""
    chars = [chr(cp) for cp in range(start, stop)]
    assert [c for c in chars if convert(c) != T2S.convert(c)] == []


def test_phrases_and_their_pieces_convert_as_opencc() -> None:
    """Phrases whole, cut, glued to each other and to single characters: the longest match at
    each point, as OpenCC takes it (藉口 but 慰藉, 乾隆 but 乾淨)."""
    table = _table()
    phrases = sorted(table.phrases)
    singles = sorted({c for p in phrases for c in p} | set(table.astral)) + list("的平台，a1 ")
    rng = random.Random(14)
    texts = list(phrases)
    for _ in range(20_000):
        parts: list[str] = []
        while sum(map(len, parts)) < rng.randint(2, 12):
            phrase = rng.choice(phrases)
            cut = rng.randrange(len(phrase))
            parts.append(rng.choice([phrase, phrase[cut:], phrase[: cut + 1]]))
            if rng.random() < 0.3:
                parts.append(rng.choice(singles))
        texts.append("".join(parts))
    assert [t for t in texts if convert(t) != T2S.convert(t)] == []


def test_real_text_converts_as_opencc() -> None:
    """The knowledge files, as they are and written in traditional characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE_DIR.rglob("*.yaml"))]
    texts += [opencc.OpenCC("s2t").convert(t) for t in texts]
    assert [t[:40] for t in texts if convert(t) != T2S.convert(t)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("證明材料", "证明材料", id="characters"),
        pytest.param("以免藉口", "以免借口", id="phrase-changes"),
        pytest.param("慰藉", "慰藉", id="phrase-keeps"),
        pytest.param("平台名称", "平台名称", id="simplified-stays"),
    ],
)
def test_convert(text: str, expected: str) -> None:
    """Characters, phrases that change or keep a character, and simplified text left alone."""
    assert convert(text) == expected
