"""Text normalisation shared by the whole bot: retrieval, code lookup, the checks and the
delivery guards, plus Chinese numerals both ways and pinyin.

Users type on phones: full-width digits, traditional characters, stray spaces and emoji.
Everything is folded to one canonical form before it is compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.text import t2s
from bot.text.numerals import NUMERAL_CHARS, numeral_value, spelled
from bot.text.pinyin import char_pinyin

# Keep CJK ideographs, ASCII letters and digits; everything else is noise for matching.
_NOISE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


_CACHED_CHARS = 2000
"""Texts up to this long are remembered by `to_simplified` and `normalize`: one message is
converted by the intents, the retriever, the throttle and the loop guard alike, and the
bot's answers (normalized for echo detection) repeat. Longer pastes are converted each time."""


def to_simplified(text: str) -> str:
    """Full-width to half-width (NFKC) and traditional to simplified Chinese."""
    if len(text) > _CACHED_CHARS:
        return _to_simplified(text)
    return _to_simplified_cached(text)


def _to_simplified(text: str) -> str:
    return t2s.convert(unicodedata.normalize("NFKC", text))


_to_simplified_cached = lru_cache(maxsize=2048)(_to_simplified)


def normalize(text: str) -> str:
    """Canonical matching form: simplified, lower-case, without spaces or punctuation."""
    if len(text) > _CACHED_CHARS:
        return _normalize(text)
    return _normalize_cached(text)


def _normalize(text: str) -> str:
    return _NOISE.sub("", to_simplified(text).lower())


_normalize_cached = lru_cache(maxsize=2048)(_normalize)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def pinyin_syllables(text: str) -> list[str]:
    """One toneless syllable per character (the character itself when it has none).

    Per-character lookup is cached; homophone typos (知识产全 for 知识产权) share syllables.
    """
    return [char_pinyin(c) for c in text]


def pinyin_initials(text: str) -> str:
    """First letters of each syllable: 知识产权 -> zscq."""
    return "".join(s[0] for s in pinyin_syllables(text) if s)


_COUNT_UNITS = "场次个项"
_CN_RUN = re.compile(f"[{NUMERAL_CHARS}]+")
_LONGEST_NUMERAL = 10
"""一千二百三十四万五千 is ten characters; longer runs are not a count."""


@lru_cache(maxsize=4096)
def _numeral(run: str) -> str:
    try:
        return str(numeral_value(run))
    except ValueError:  # 万一: not a number
        return run


# A numeral counts only before a measure word or when it is clearly a number (十二, 一千):
# 一下, 统一, 一定 and 万一 stay words.
_MEASURE = "场次个项人家户年月日号名位张份条届期批轮周天岁元余多"
_MAGNITUDE = re.compile(r"[十百千万亿]")
_ORDINAL_PREFIXES = ("分类", "附件", "第", "大类", "中类")


def _run_to_digits(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) > _LONGEST_NUMERAL:
        return run
    following = match.string[match.end() : match.end() + 1]
    preceding = match.string[max(match.start() - 2, 0) : match.start()]
    if (
        (following and following in _MEASURE)
        or (len(run) > 1 and _MAGNITUDE.search(run))
        or preceding.endswith(_ORDINAL_PREFIXES)
    ):
        return _numeral(run)
    return run


def chinese_numeral(number: int) -> str:
    """A count in Chinese numerals (5 -> 五), for replies that spell it out."""
    return spelled(number)


def arabic_numerals(text: str) -> str:
    """Chinese numerals to Arabic digits (十二场 -> 12场), leaving other text as it is.

    Each run of numerals is converted on its own (`bot.text.numerals`).
    """
    # 两 before a counter is a plain 2.
    text = re.sub(rf"两(?=[{_COUNT_UNITS}])", "2", text)
    return _CN_RUN.sub(_run_to_digits, text)
