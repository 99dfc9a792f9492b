"""Cleaning and weighing text for retrieval: variants and numerals folded, fillers dropped, and
sound-alike typos keeping the pinyin features of the word they stand for."""

from __future__ import annotations

import pytest

from bot.guide.retrieval import Cleaner, features, fuzzy_syllable
from tests.core.guide.retrieval.test_retriever import FILLERS, SYNONYMS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("老师请问名字有啥要求", "名称有什么要求", id="synonyms-then-fillers"),
        pytest.param("吗", "吗", id="only-fillers-kept"),
        pytest.param("分类二选多少项", "分类2选几项", id="numerals-and-longest-variant"),
    ],
)
def test_cleaner(text: str, expected: str) -> None:
    """Cleaning folds variants and numerals, then drops fillers, but never to nothing."""
    assert Cleaner(FILLERS, SYNONYMS)(text) == expected


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [("nei", "lei"), ("zheng", "zen"), ("shi", "si"), ("ming", "min"), ("fa", "ha"), ("a", "a")],
)
def test_fuzzy_syllable_folds_accent_mergers(syllable: str, expected: str) -> None:
    """n/l, zh/z, sh/s, f/h and -ng/-n are folded so accent typos meet."""
    assert fuzzy_syllable(syllable) == expected


@pytest.mark.parametrize(
    ("right", "typo"),
    [
        pytest.param("证明材料", "证名材料", id="homophone"),
        pytest.param("服务功能分类", "服务功能分内", id="n-l-merger"),
        pytest.param("知识产权", "只是产全", id="zh-z-and-homophones"),
    ],
)
def test_typo_keeps_pinyin_features(right: str, typo: str) -> None:
    """A sound-alike typo keeps every pinyin bigram of the word it stands for."""
    pinyin = {f for f in features(right) if f.startswith("p:")}
    assert pinyin
    assert pinyin <= set(features(typo))
