"""Normalisation used by every matcher, and numerals both ways."""

from __future__ import annotations

import pytest

from bot.text.normalize import (
    arabic_numerals,
    chinese_numeral,
    normalize,
    pinyin_initials,
    to_simplified,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("證明材料！", "证明材料", id="traditional-and-punctuation"),
        pytest.param("ＰＤＦ　格式", "pdf格式", id="full-width"),
        pytest.param("  分类 2 ？ ", "分类2", id="spaces"),
        pytest.param("😀😀", "", id="emoji-only"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    """Full width, traditional characters, case, spaces and punctuation are folded."""
    assert normalize(raw) == expected


def test_to_simplified_keeps_punctuation() -> None:
    """The display form keeps line breaks and punctuation."""
    assert to_simplified("國家，平台\n") == "国家,平台\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("十二场", "12场", id="twelve"),
        pytest.param("两场活动", "2场活动", id="liang"),
        pytest.param("7场", "7场", id="digits"),
    ],
)
def test_arabic_numerals(raw: str, expected: str) -> None:
    """Chinese numerals before a counter become digits."""
    assert arabic_numerals(raw) == expected


def test_pinyin_initials() -> None:
    """知识产权 -> zscq, for lookups typed as initials."""
    assert pinyin_initials("知识产权") == "zscq"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param(4, "四", id="four"),
        pytest.param(5, "五", id="five"),
        pytest.param(16, "十六", id="sixteen"),
    ],
)
def test_chinese_numeral(number: int, expected: str) -> None:
    """A count spelled out as replies write it (五类, 四个部分)."""
    assert chinese_numeral(number) == expected
