"""The search index of the code table: every code name and everyday phrase in the forms a
keyword is compared in — characters, toneless pinyin syllables (so the homophone typo 知识产全
meets 知识产权) and pinyin initials (zscq) — and `CodeIndex.search`, which scores every code for
a keyword and keeps each code's best score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.codes.table import CodeSynonyms, CodeTable
from bot.text.normalize import normalize, pinyin_syllables

How = Literal["code", "exact", "contains", "partial", "pinyin", "initials", "fuzzy"]
MAX_CANDIDATES = 3

# Left over beside a class word these say nothing specific: 技术服务 is just the class 技术.
GENERIC = re.compile(r"服务|业务|工作|相关|方面|类|的|企业|帮助|帮|提供|开展|给")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One code offered for a keyword; `matched` is the name or phrase that fit best."""

    code: str
    name: str
    score: float
    matched: str
    how: How

    @property
    def is_major(self) -> bool:
        return len(self.code) == 2


@dataclass(frozen=True, slots=True)
class _Key:
    """A name or phrase in every form it is compared in."""

    text: str
    code: str
    is_name: bool
    syllables: str
    """Space-padded syllables, " zhi shi chan quan ", so containment respects syllables."""
    joined: str
    initials: str
    size: int
    core: str
    """The text without 服务, for fuzzy comparison: 公证服务 must not look like 综合服务."""
    core_syllables: str


def _syllables(text: str) -> list[str]:
    # Runs of ASCII letters or digits are one token each: "3c认证" -> ["3c", "ren", "zheng"].
    out: list[str] = []
    for token in re.findall(r"[0-9a-z]+|.", text):
        out.extend([token] if token.isascii() else pinyin_syllables(token))
    return out


def _core(text: str) -> str:
    core = text.replace("服务", "")
    return core if len(core) >= 2 else text


def _make_key(text: str, code: str, is_name: bool) -> _Key:
    sylls = _syllables(text)
    core = _core(text)
    return _Key(
        text=text,
        code=code,
        is_name=is_name,
        syllables=" " + " ".join(sylls) + " ",
        joined="".join(sylls),
        initials="".join(s[0] for s in sylls),
        size=len(sylls),
        core=core,
        core_syllables=" ".join(_syllables(core)),
    )



class CodeIndex:
    """Every name and phrase of the table, looked up by text, by joined syllables and by
    initials, and listed for fuzzy comparison."""

    def __init__(self, table: CodeTable, synonyms: CodeSynonyms) -> None:
        self._names: dict[str, str] = {}
        for major in table.majors:
            self._names[major.code] = major.name
            for minor in major.minors:
                self._names[minor.code] = minor.name
        self._keys = _build_keys(table, synonyms)
        self._by_text: dict[str, list[_Key]] = {}
        self._by_joined: dict[str, list[_Key]] = {}
        self._by_initials: dict[str, list[_Key]] = {}
        for key in self._keys:
            self._by_text.setdefault(key.text, []).append(key)
            self._by_joined.setdefault(key.joined, []).append(key)
            if key.size >= 2:
                self._by_initials.setdefault(key.initials, []).append(key)
        self._cores = [k.core for k in self._keys]
        self._core_syllables = [k.core_syllables for k in self._keys]

    def name_of(self, code: str) -> str | None:
        return self._names.get(code)

    def search(self, keyword: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
        """Codes for an already extracted keyword, best first (major codes included)."""
        keyword = normalize(keyword)
        if not keyword:
            return []
        best: dict[str, tuple[float, _Key, How]] = {}

        def offer(key: _Key, score: float, how: How) -> None:
            # Names beat phrases at the same score; codes come in table order otherwise.
            score = round(score + (0.002 if key.is_name else 0.0), 4)
            if score > best.get(key.code, (-1.0,))[0]:
                best[key.code] = (score, key, how)

        for key in self._by_text.get(keyword, ()):
            offer(key, 1.0, "exact")
        sylls = _syllables(keyword)
        q_syllables = " " + " ".join(sylls) + " "
        q_joined = "".join(sylls)
        q_size = len(sylls)
        for key in self._by_joined.get(q_joined, ()):
            offer(key, 0.95, "pinyin")
        if keyword.isascii() and keyword.isalpha():
            for key in self._by_initials.get(keyword, ()):
                offer(key, 0.93, "initials")

        n = len(keyword)
        specific = max(len(GENERIC.sub("", keyword)), 1)
        for key in self._keys:
            if key.text == keyword:
                continue
            k = len(key.text)
            if k >= 2 and key.text in keyword:
                if len(key.code) == 2:
                    # A class word inside a longer keyword (融资 in 融资租凭) is a weak hint: a
                    # near miss of a specific name should win over it.
                    offer(key, 0.62 + 0.30 * min(k / specific, 1.0), "contains")
                else:
                    offer(key, 0.80 + 0.18 * k / n, "contains")
            elif n >= 2 and keyword in key.text:
                offer(key, 0.70 + 0.25 * n / k, "partial")
            elif key.size >= 2 and key.syllables in q_syllables:
                offer(key, (0.80 + 0.18 * key.size / q_size) * 0.97, "pinyin")

        core = _core(keyword)
        if len(core) >= 3:
            # One wrong character (融资租凭, 知识财权) is a typo of that name, not a new word;
            # compared without 服务 so 物业服务 is no typo of 创业服务.
            for _, dist, idx in process.extract(
                core, self._cores, scorer=Levenshtein.distance, score_cutoff=1, limit=5
            ):
                key = self._keys[idx]
                if dist == 1 and len(key.core) >= 3:
                    offer(key, 0.86 if min(len(core), len(key.core)) >= 4 else 0.8, "fuzzy")

        fuzzy: tuple[tuple[str, list[str], How], ...] = (
            (core, self._cores, "fuzzy"),
            (" ".join(_syllables(core)), self._core_syllables, "pinyin"),
        )
        # Pinyin strings of unrelated words share many letters, hence the higher cut-off.
        for (text, choices, how), cutoff in zip(fuzzy, (60, 80), strict=True):
            for _, ratio, idx in process.extract(
                text, choices, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff
            ):
                offer(self._keys[idx], 0.85 * ratio / 100, how)

        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], len(kv[0]) == 2, kv[0]))
        return [
            Candidate(code, self.name_of(code) or "", min(score, 1.0), key.text, how)
            for code, (score, key, how) in ranked[:limit]
        ]

    def may_be_name(self, keyword: str) -> bool:
        """False when a message that is only `keyword` surely is not taken as a code name.

        Without a cue, a message is answered only when the best candidate is an exact code name
        or initials (`search` on the same normalised keyword): an exact match comes only from
        `_by_text`, initials only for an ASCII keyword. Saves `search` on most messages.
        """
        keyword = normalize(keyword)
        if keyword.isascii() and keyword.isalpha():
            return True
        return any(k.is_name for k in self._by_text.get(keyword, ()))

    def is_name(self, candidate: Candidate) -> bool:
        """Whether the candidate matched the code's own name, not an everyday phrase."""
        keys = self._by_text.get(candidate.matched, ())
        return any(k.is_name and k.code == candidate.code for k in keys)

    def display(self, candidate: Candidate) -> str:
        """What the keyword was understood as: the code's short name, or the phrase."""
        keys = self._by_text.get(candidate.matched, [])
        if any(k.is_name for k in keys):
            name = self.name_of(candidate.code) or candidate.matched
            return name.split("（", 1)[0]
        return candidate.matched


def _build_keys(table: CodeTable, synonyms: CodeSynonyms) -> list[_Key]:
    keys: dict[tuple[str, str], _Key] = {}

    def add(text: str, code: str, is_name: bool) -> None:
        norm = normalize(text)
        if norm and (norm, code) not in keys:
            keys[(norm, code)] = _make_key(norm, code, is_name)

    for major in table.majors:
        add(major.name, major.code, True)
        for minor in major.minors:
            add(minor.short_name, minor.code, True)
    for code, phrases in synonyms.majors.items():
        for phrase in phrases:
            add(phrase, code, False)
    for code, phrases in synonyms.codes.items():
        for phrase in phrases:
            add(phrase, code, False)
    return list(keys.values())
