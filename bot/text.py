"""Text normalisation shared by retrieval, code lookup and the rule checks.

Users type on phones: full-width digits, traditional characters, stray spaces and emoji.
Everything is folded to one canonical form before it is compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import cn2an
import opencc
from pypinyin import Style, lazy_pinyin

_t2s = opencc.OpenCC("t2s")

# Keep CJK ideographs, ASCII letters and digits; everything else is noise for matching.
_NOISE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def to_simplified(text: str) -> str:
    """Full-width to half-width (NFKC) and traditional to simplified Chinese."""
    return str(_t2s.convert(unicodedata.normalize("NFKC", text)))


def normalize(text: str) -> str:
    """Canonical matching form: simplified, lower-case, without spaces or punctuation."""
    return _NOISE.sub("", to_simplified(text).lower())


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]


def pinyin_syllables(text: str) -> list[str]:
    """One toneless syllable per character (the character itself when it has none).

    Per-character lookup is cached; homophone typos (知识产全 for 知识产权) share syllables.
    """
    return [_char_pinyin(c) for c in text]


def pinyin_initials(text: str) -> str:
    """First letters of each syllable: 知识产权 -> zscq."""
    return "".join(s[0] for s in pinyin_syllables(text) if s)


_COUNT_UNITS = "场次个项"


def arabic_numerals(text: str) -> str:
    """Chinese numerals to Arabic digits (十二场 -> 12场), leaving other text as it is."""
    # cn2an leaves 两 alone; before a counter it is a plain 2.
    text = re.sub(rf"两(?=[{_COUNT_UNITS}])", "2", text)
    try:
        return str(cn2an.transform(text, "cn2an"))
    except Exception:  # cn2an raises bare errors on odd input; the text stays usable as is
        return text
