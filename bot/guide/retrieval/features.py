"""Turning text into what retrieval compares: `Cleaner` normalises a question (numerals as
digits, colloquial variants folded, filler phrases removed) and `features` weighs it as
characters, character bigrams and "fuzzy" pinyin bigrams, so homophone typos (证名材料, 照骗) and
the n/l, zh/z, in/ing mergers common in the province's accents (分内 for 分类) still meet.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from bot.text.normalize import arabic_numerals, normalize, pinyin_syllables

# Bigrams carry the most meaning; single characters and sounds only back them up.
_UNIGRAM = 0.4
_BIGRAM = 1.0
_PINYIN = 0.5
_KIND_WEIGHT = {"u": _UNIGRAM, "b": _BIGRAM, "p": _PINYIN}

_TOKEN = re.compile(r"[0-9]+|[a-z]+|.")

# Sound mergers of Jiangsu Mandarin and of hurried phone typing: folded before comparing.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("r", "l"), ("f", "h"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("ong", "on"))


class Cleaner:
    """Normalises text, writes numerals as digits, folds variants and removes filler phrases.

    Numerals become digits so 十人 meets 10人 and 分类二 meets 分类2. `synonyms` maps a
    canonical word to its variants (名称: [名字, 名儿]); every variant is
    replaced by the canonical word, longest first, before the fillers (请问, 老师…) go.
    """

    def __init__(
        self, fillers: Iterable[str], synonyms: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        words = sorted({normalize(f) for f in fillers} - {""}, key=len, reverse=True)
        self._fillers = re.compile("|".join(map(re.escape, words))) if words else None
        self._canonical: dict[str, str] = {}
        for canonical, variants in (synonyms or {}).items():
            target = normalize(canonical)
            for variant in variants:
                source = normalize(variant)
                if source and target and source != target:
                    self._canonical[source] = target
        variants_first = sorted(self._canonical, key=len, reverse=True)
        self._variants = (
            re.compile("|".join(map(re.escape, variants_first))) if variants_first else None
        )

    def folded(self, text: str) -> str:
        """Normalised, numerals as digits, variants folded; fillers still in."""
        text = arabic_numerals(normalize(text))
        if self._variants is not None:
            text = self._variants.sub(lambda m: self._canonical[m.group(0)], text)
        return text

    def strip_fillers(self, folded: str) -> str:
        """`folded` without filler phrases; empty when it held nothing else."""
        return self._fillers.sub("", folded) if self._fillers is not None else folded

    def __call__(self, text: str) -> str:
        folded = self.folded(text)
        # A message made only of fillers keeps its words: "你好吗" must not become "".
        return self.strip_fillers(folded) or folded


@lru_cache(maxsize=4096)
def fuzzy_syllable(syllable: str) -> str:
    """The syllable with easily confused sounds folded together: nei -> lei, zheng -> zen."""
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[len(a) :]
            break
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            return syllable[: -len(a)] + b
    return syllable


@lru_cache(maxsize=16384)
def _token_sound(token: str) -> str:
    """A one-character token's folded syllable; "#" for runs of digits or letters and for
    characters without pinyin (punctuation)."""
    if len(token) != 1:
        return "#"
    syllable = pinyin_syllables(token)[0]
    return fuzzy_syllable(syllable) if syllable != token else "#"


def features(clean: str) -> Counter[str]:
    """Feature bag of an already cleaned text."""
    tokens = _TOKEN.findall(clean)
    # Counting whole lists runs in C: a question is weighed on every message.
    bag: Counter[str] = Counter(["u:" + tok for tok in tokens])
    bag.update(["b:" + a + b for a, b in itertools.pairwise(tokens)])
    syllables = [_token_sound(t) for t in tokens]
    bag.update(
        ["p:" + a + "_" + b for a, b in itertools.pairwise(syllables) if a != "#" and b != "#"]
    )
    return bag


def kind_weight(feature: str) -> float:
    """What a feature's kind weighs: character (u), bigram (b) or sound bigram (p)."""
    return _KIND_WEIGHT[feature[0]]

