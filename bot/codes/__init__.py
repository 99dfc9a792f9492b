"""附件2 中小企业专业服务分类代码表: the table, finding a code from how filers speak, the replies.

The table and the everyday phrases are data (`knowledge/codes.yaml`,
`knowledge/code_synonyms.yaml`). A keyword is compared with every code name and phrase in three
forms: characters, toneless pinyin syllables (so the homophone typo 知识产全 meets 知识产权) and
pinyin initials (zscq); each code keeps its best score. 附件1's 活动类别 and 服务功能分类1 are
different lists: questions about them are answered from them, and where a name sits in two lists
the reply says which one it answers from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.guide.knowledge import KNOWLEDGE_DIR, KnowledgeError, first_error, read_yaml
from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    CATEGORY1_CHOICES,
    CATEGORY1_OPTIONS,
    COMPREHENSIVE,
    MAX_CATEGORY2,
    SERVICE_CENTER,
    Clause,
)
from bot.reply import Reply, ReplyKind
from bot.text.normalize import normalize, pinyin_syllables, to_simplified
from bot.text.query import Query

MAX_KEYWORD_CHARS = 40
"""Longer input is not a keyword; the command asks for a shorter one."""
MAX_NATURAL_SUBJECT = 16
"""A chat message whose keyword part is longer than this is left to the other intents."""
MAX_CANDIDATES = 3
CLOSE_MARGIN = 0.06
"""Candidates this close to the best one are offered alongside it."""
MIN_SCORE = 0.5
"""Below this nothing is offered as a match."""
SPECIFIC_SCORE = 0.75
"""Below this a match is offered as a guess, with the class's 99 code as the way out."""
NATURAL_WEAK_SCORE = 0.85
"""Without 代码 in the message, a question like “XX属于哪类” is taken only above this."""
NATURAL_GENERAL_SCORE = 0.95
"""A how/why/where question (专利代码怎么填) is taken only when the keyword names a code."""

How = Literal["code", "exact", "contains", "partial", "pinyin", "initials", "fuzzy"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MinorCode(_Strict):
    """A 4-digit 中类 code; `name` exactly as in the guide (1206 keeps its description)."""

    code: str = Field(pattern=r"^1[0-7][0-9]{2}$")
    name: str = Field(min_length=1)

    @property
    def short_name(self) -> str:
        """The name without the bracketed description: 创业辅导 for 1206."""
        return self.name.split("（", 1)[0]

    @property
    def major_code(self) -> str:
        return self.code[:2]

    @property
    def is_other(self) -> bool:
        """The xx99 codes: 其他…服务, for what the class has no specific code for."""
        return self.code.endswith("99")


class MajorClass(_Strict):
    """A 2-digit 大类 with its minor codes; class 10 has none, only a definition."""

    code: str = Field(pattern=r"^1[0-7]$")
    name: str = Field(min_length=1)
    definition: str | None = None
    minors: tuple[MinorCode, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> MajorClass:
        for minor in self.minors:
            if minor.major_code != self.code:
                raise ValueError(f"minor {minor.code} does not start with {self.code}")
        if not self.minors and not self.definition:
            raise ValueError("a class without minor codes needs its definition")
        return self


class CodeTable(_Strict):
    majors: tuple[MajorClass, ...]


class CodeSynonyms(_Strict):
    codes: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Minor code -> everyday phrases."""
    majors: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Major code -> words naming the whole class."""
    noise: tuple[str, ...] = ()
    """Question words and politeness removed around the keyword."""
    not_code: tuple[str, ...] = ()
    """Phrases that mean some other code (验证码, 信用代码): never a 附件2 question."""


def load_table(path: Path) -> CodeTable:
    """The code table, each class validated on its own so an error names the class."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("majors"), list):
        raise KnowledgeError(f"{path.name}: expected a mapping with a list `majors`")
    majors: list[MajorClass] = []
    seen: set[str] = set()
    for i, item in enumerate(raw["majors"]):
        ident = item.get("code", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
        try:
            major = MajorClass.model_validate(item)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: major {ident}: {first_error(exc)}") from exc
        for code in (major.code, *(m.code for m in major.minors)):
            if code in seen:
                raise KnowledgeError(f"{path.name}: major {major.code}: duplicate {code}")
            seen.add(code)
        majors.append(major)
    return CodeTable(majors=tuple(majors))


def load_synonyms(path: Path, table: CodeTable) -> CodeSynonyms:
    """The phrase lists; every code they name must exist in `table`."""
    try:
        synonyms = CodeSynonyms.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {first_error(exc)}") from exc
    minors = {m.code for major in table.majors for m in major.minors}
    majors = {major.code for major in table.majors}
    for section, known, mapping in (
        ("codes", minors, synonyms.codes),
        ("majors", majors, synonyms.majors),
    ):
        for code, phrases in mapping.items():
            if code not in known:
                raise KnowledgeError(f"{path.name}: {section}.{code}: unknown code")
            if any(not normalize(p) for p in phrases):
                raise KnowledgeError(f"{path.name}: {section}.{code}: blank phrase")
    for section, words in (("noise", synonyms.noise), ("not_code", synonyms.not_code)):
        if any(not normalize(w) for w in words):
            raise KnowledgeError(f"{path.name}: {section}: blank entry")
    return synonyms


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


_DIGITS = re.compile(r"(?<![0-9a-z])([0-9]+)(?![0-9a-z])")
# A number followed by a counter (2023年, 12场, 15人) is a quantity, not a code.
_UNIT_AFTER = re.compile(r"\s*[多余来几]?[年月日号场次个项人家张份元万千百岁天届期名户位条平米]")
_OTHER_LIST_TOKENS = re.compile(r"附件[12一二]|分类[12一二]")
_ACTIVITY_LIST = re.compile(r"活动类别|活动类型|活动分类")
_CATEGORY1 = re.compile(r"(?:服务)?功能分类[1一]|分类[1一]")
_CATEGORY2 = re.compile(r"(?:服务)?功能分类[2二]|分类[2二]")
_ANY_DIGIT = re.compile(r"[0-9]")
_STRONG_CUE = re.compile(r"代码|编码|代号|附件[2二]")
_NUMBER_CUE = re.compile(
    r"代码|编码|是什么|是啥|啥意思|什么意思|指什么|代表|对应|哪类|哪一类|哪个|大类|中类|"
    r"包括|包含|有哪些|下面|区别|差别|不同"
)
_WEAK_CUE = re.compile(
    r"属于哪|属于什么|属于啥|啥类|什么类|归哪|算哪|分到哪|哪一类|哪个类|哪类|选哪|填哪|写哪|对应哪|是多少|"
    r"下面有|下有哪些|下面是|包括哪些|包含哪些|有哪些中类|有哪些小类"
)
# How, why and where: a question about the table as a whole, which the FAQ answers.
_GENERAL = re.compile(
    r"为什么|为啥|怎么|如何|哪里|哪儿|在哪|去哪|几个|几类|几大类|几种|多少类|一共|总共|"
    r"讲的|讲什么|有什么用|干什么用|结构|不知道|定义"
)
# Left over beside a class word these say nothing specific: 技术服务 is just the class 技术.
_GENERIC = re.compile(r"服务|业务|工作|相关|方面|类|的|企业|帮助|帮|提供|开展|给")
# Without 代码 these words show the question is about activities or 分类1/2, not 附件2.
_OTHER_TOPIC = re.compile(r"活动|分类[12一二]|服务功能|功能分类")


class CodeBook:
    """The code table with its phrases: look-ups by code, name, phrase, typo or pinyin."""

    def __init__(self, table: CodeTable, synonyms: CodeSynonyms) -> None:
        self.table = table
        self.majors: dict[str, MajorClass] = {m.code: m for m in table.majors}
        self.minors: dict[str, MinorCode] = {
            minor.code: minor for major in table.majors for minor in major.minors
        }
        self._not_code = tuple(normalize(p) for p in synonyms.not_code)
        noise = sorted({normalize(w) for w in synonyms.noise} - {""}, key=len, reverse=True)
        self._noise = re.compile("|".join(map(re.escape, noise))) if noise else None
        self._keys = self._build_keys(synonyms)
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
        self._activity = {normalize(a): a for a in ACTIVITY_CATEGORIES}
        self._category1 = {normalize(c): c for c in CATEGORY1_OPTIONS}

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> CodeBook:
        table = load_table(directory / "codes.yaml")
        return cls(table, load_synonyms(directory / "code_synonyms.yaml", table))

    def _build_keys(self, synonyms: CodeSynonyms) -> list[_Key]:
        keys: dict[tuple[str, str], _Key] = {}

        def add(text: str, code: str, is_name: bool) -> None:
            norm = normalize(text)
            if norm and (norm, code) not in keys:
                keys[(norm, code)] = _make_key(norm, code, is_name)

        for major in self.table.majors:
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

    def name_of(self, code: str) -> str | None:
        if code in self.minors:
            return self.minors[code].name
        if code in self.majors:
            return self.majors[code].name
        return None

    def keyword(self, text: str) -> str:
        """The keyword of a question: normalised, with question words and politeness removed."""
        norm = normalize(text)
        if self._noise is None:
            return norm
        return self._noise.sub("", norm)

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
        specific = max(len(_GENERIC.sub("", keyword)), 1)
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

    def rank(self, text: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
        """Codes for a whole question (“专利是哪个代码”, “1403”), best first."""
        numbers = self._code_numbers(text)
        if numbers:
            return [
                Candidate(n, self.name_of(n) or "", 1.0, n, "code")
                for n in numbers
                if self.name_of(n)
            ][:limit]
        return self.search(self.keyword(text), limit)

    @staticmethod
    def _code_numbers(text: str) -> list[str]:
        """2- and 4-digit numbers that can be codes (not 2023年, 12场).

        Read from the simplified text, not the normalised one, which would run “1403、1101”
        together into one 8-digit number.
        """
        text = _OTHER_LIST_TOKENS.sub("", to_simplified(text).lower())
        found = []
        for match in _DIGITS.finditer(text):
            if len(match.group(1)) in (2, 4) and not _UNIT_AFTER.match(text, match.end()):
                found.append(match.group(1))
        return list(dict.fromkeys(found))

    def lookup(self, text: str) -> Reply:
        """The answer to `/代码 <text>`: always a reply, never an exception."""
        norm = normalize(text)
        if len(norm) > MAX_KEYWORD_CHARS:
            return Reply(
                ReplyKind.CODE,
                f"关键词太长了（超过{MAX_KEYWORD_CHARS}字）。请只发要查的服务名称或代码，"
                "例如：/代码 专利、/代码 1403。",
                confidence=0.0,
            )
        if not norm:
            return self.overview()
        numbers = self._code_numbers(text)
        if numbers:
            return self._numbers_reply(numbers[:5])
        if norm.isdigit():
            return self._bad_number(norm)
        other = self._other_list_reply(norm)
        if other is not None:
            return other
        keyword = self.keyword(text)
        if not keyword:
            return self.overview()
        return self._keyword_reply(keyword, self.search(keyword))

    def natural(self, query: Query) -> Reply | None:
        """A reply when the message really asks for a code, else None for the other intents."""
        norm = query.norm
        if not norm or len(norm) > MAX_KEYWORD_CHARS + 10:
            return None
        if any(p in norm for p in self._not_code):
            return None
        strong = _STRONG_CUE.search(norm) is not None
        # Digits survive normalising, so a message without any in `norm` has no code number.
        numbers = self._code_numbers(query.raw) if _ANY_DIGIT.search(norm) else []
        if numbers:
            # Two digits are too common (40多场, 15位) to be a code unless they name a class
            # or the message says 代码; “1403是知识产权吗” asks about a code, “40吗” does not.
            likely = [n for n in numbers if len(n) == 4 or n in self.majors or strong]
            bare = norm in numbers
            if bare and len(norm) == 2 and norm not in self.majors:
                return None
            asks = _NUMBER_CUE.search(norm) or (
                "吗" in norm and any(len(n) == 4 for n in likely)
            )
            if likely and (bare or asks):
                return self._numbers_reply(likely[:5])
        if _OTHER_TOPIC.search(norm):
            # 活动类别怎么填 and 分类1选什么 belong to the FAQ; with 代码 in them they ask
            # which list is which, or for the code of an activity (展会活动是哪个代码).
            if not strong:
                return None
            other = self._other_list_reply(norm)
            if other is not None:
                return other
        # `keyword(query.raw)`, whose normalised form is `norm` already.
        keyword = self._noise.sub("", norm) if self._noise is not None else norm
        if not keyword or len(keyword) > MAX_NATURAL_SUBJECT:
            # Questions about the table as a whole (附件2是什么, 代码表有几大类) are FAQ entries.
            return None
        weak = _WEAK_CUE.search(norm) is not None
        if not (strong or weak or keyword == norm):
            return None
        if not (strong or weak) and not self._may_name_code(keyword):
            return None
        found = self.search(keyword)
        top_score = found[0].score if found else 0.0
        if _GENERAL.search(norm) and top_score < NATURAL_GENERAL_SCORE:
            # 代码去哪查, 信息服务为什么没有中类代码: about the table, not one code.
            return None
        if strong:
            return self._keyword_reply(keyword, found)
        if not found:
            return None
        top = found[0]
        if weak and top.score >= NATURAL_WEAK_SCORE:
            return self._keyword_reply(keyword, found)
        # A message that is nothing but a code name (劳务派遣) or its initials (zscq).
        if keyword != norm:
            return None
        if (top.how == "exact" and self._is_name(top)) or (
            top.how == "initials" and len(norm) >= 4
        ):
            return self._keyword_reply(keyword, found)
        return None

    def _may_name_code(self, keyword: str) -> bool:
        """False when a message that is only `keyword` surely is not taken as a code name.

        Without a cue, `natural` answers only when the best candidate is an exact code name or
        initials (`search` on the same normalised keyword): an exact match comes only from
        `_by_text`, initials only for an ASCII keyword. Saves `search` on most messages.
        """
        keyword = normalize(keyword)
        if keyword.isascii() and keyword.isalpha():
            return True
        return any(k.is_name for k in self._by_text.get(keyword, ()))

    def _is_name(self, candidate: Candidate) -> bool:
        keys = self._by_text.get(candidate.matched, ())
        return any(k.is_name and k.code == candidate.code for k in keys)

    def overview(self) -> Reply:
        lines = [f"{Clause.CODE_TABLE} 中小企业专业服务分类代码表共{len(self.majors)}个大类："]
        for major in self.table.majors:
            suffix = f"（{len(major.minors)}个中类）" if major.minors else "（没有中类代码）"
            lines.append(f"{major.code} {major.name}{suffix}")
        lines.append(
            "发“/代码 大类代码”看这一类的全部中类，例如 /代码 14；也可以问“专利是哪个代码”。"
        )
        return Reply(ReplyKind.CODE, "\n".join(lines), clause=Clause.CODE_TABLE)

    def major_text(self, major: MajorClass) -> str:
        if not major.minors:
            return (
                f"{major.code} {major.name}：这一大类没有中类代码。指南的说明：{major.definition}。"
            )
        lines = [f"{major.code} {major.name}，共{len(major.minors)}个中类："]
        lines += [f"{m.code} {m.name}" for m in major.minors]
        return "\n".join(lines)

    def minor_text(self, minor: MinorCode) -> str:
        major = self.majors[minor.major_code]
        return f"{minor.code} {minor.name}（大类 {major.code} {major.name}）"

    def _numbers_reply(self, numbers: Iterable[str]) -> Reply:
        parts: list[str] = []
        found_all = True
        for number in numbers:
            if number in self.minors:
                parts.append(self.minor_text(self.minors[number]))
            elif number in self.majors:
                parts.append(self.major_text(self.majors[number]))
            else:
                found_all = False
                parts.append(self._unknown_code_text(number))
        return Reply(
            ReplyKind.CODE, "\n\n".join(parts), confidence=1.0 if found_all else 0.9,
            clause=Clause.CODE_TABLE,
        )

    def _unknown_code_text(self, number: str) -> str:
        span = f"{min(self.majors)}–{max(self.majors)}"
        if len(number) == 2:
            majors = "、".join(f"{m.code} {m.name}" for m in self.table.majors)
            return f"{Clause.CODE_TABLE}里没有 {number} 这个大类。大类代码只有 {span}：{majors}。"
        prefix = number[:2]
        if prefix in self.majors:
            major = self.majors[prefix]
            if not major.minors:
                return (
                    f"{Clause.CODE_TABLE}里没有 {number} 这个代码："
                    f"{major.code} {major.name}没有中类代码，只有大类 {major.code}。"
                )
            pool = [m.code for m in major.minors]
            where = f"{major.code} {major.name}下最接近的是"
            nearest = sorted(pool, key=lambda c: (abs(int(c) - int(number)), c))[:2]
            # The class's 99 code is the usual way out when no specific code fits.
            nearest += [c for c in pool if c.endswith("99") and c not in nearest]
        else:
            pool = list(self.minors)
            where = f"大类代码只有 {span}。最接近的有效代码是"
            nearest = sorted(pool, key=lambda c: (abs(int(c) - int(number)), c))[:3]
        listed = "、".join(f"{c} {self.minors[c].short_name}" for c in nearest)
        return f"{Clause.CODE_TABLE}里没有 {number} 这个代码。{where}：{listed}。"

    def _bad_number(self, digits: str) -> Reply:
        prefixed = [c for c in self.minors if c.startswith(digits)] if len(digits) == 3 else []
        span = f"{min(self.majors)}–{max(self.majors)}"
        text = (
            f"“{digits}”不是{Clause.CODE_TABLE}的代码：大类代码是2位（{span}），"
            "中类代码是4位（如 1403）。"
        )
        if prefixed:
            text += "以这几位开头的有：" + "、".join(
                f"{c} {self.minors[c].short_name}" for c in prefixed
            )
            text += "。"
        return Reply(ReplyKind.CODE, text, confidence=0.5, clause=Clause.CODE_TABLE)

    def _other_list_reply(self, norm: str) -> Reply | None:
        """Answers about 活动类别 (附件1) or 服务功能分类1/2 (（一）2/3): lists of their own."""
        if _ACTIVITY_LIST.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"活动类别是{Clause.ACTIVITY_TABLE} 服务活动汇总表里的一栏，"
                f"从这{len(ACTIVITY_CATEGORIES)}项中选填{ACTIVITY_CATEGORY_CHOICES}项："
                f"{'、'.join(ACTIVITY_CATEGORIES)}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码，两张表不要混用。",
                clause=Clause.ACTIVITY_CATEGORY,
            )
        options = "、".join(
            f"{c}（仅限{SERVICE_CENTER}选择）" if c == COMPREHENSIVE else c
            for c in CATEGORY1_OPTIONS
        )
        if _CATEGORY2.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"服务功能分类2 根据主要服务内容选择不超过{MAX_CATEGORY2}项。"
                "指南没有另列分类2的选项，"
                f"一般理解为和分类1 相同的{len(CATEGORY1_OPTIONS)}项：{options}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码。",
                clause=Clause.CATEGORY2,
            )
        if _CATEGORY1.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"服务功能分类1 根据主要业务从这{len(CATEGORY1_OPTIONS)}项中"
                f"选择{CATEGORY1_CHOICES}项：{options}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码，两张表不要混用。",
                clause=Clause.CATEGORY1,
            )
        return None

    def _keyword_reply(self, keyword: str, found: list[Candidate]) -> Reply:
        top = found[0] if found and found[0].score >= MIN_SCORE else None
        lists = self._lists_of(keyword)
        exact_name = top is not None and top.how == "exact" and self._is_name(top)
        # A name from another list (技术服务, 技术支持) is answered as that list's option first.
        lead = ""
        if lists and not exact_name:
            lead = f"“{keyword}”是{'和'.join(lists)}的选项名，不是{Clause.CODE_TABLE} 的代码名称。"
        if top is None:
            text = (
                f"{lead}{Clause.CODE_TABLE}里没找到和“{keyword}”对应的代码。可以换个说法再问，"
                f"或发 /代码 看{len(self.majors)}个大类、发 /代码 14 这样的大类代码看它的全部中类。"
            )
            return Reply(ReplyKind.CODE, text, confidence=0.2, clause=Clause.CODE_TABLE)
        if top.is_major:
            text = self._major_match_text(keyword, top)
        elif top.score < SPECIFIC_SCORE:
            text = self._guess_text(keyword, found)
        else:
            close = [
                c for c in found if top.score - c.score <= CLOSE_MARGIN and not c.is_major
            ][:MAX_CANDIDATES]
            if len(close) > 1 and not self._is_other_phrase(top):
                lines = [f"“{keyword}”可能对应这几个代码（最接近的在前）："]
                lines += [f"{i}. {self._candidate_text(c)}" for i, c in enumerate(close, 1)]
                text = "\n".join(lines)
            else:
                text = self._single_text(keyword, top, lead_in=not lead)
        if lead:
            text = f"{lead}{Clause.CODE_TABLE} 里相近的是：\n{text}"
        elif lists:
            text += (
                f"\n注意：“{keyword}”也是{'和'.join(lists)}的选项名；"
                f"上面是{Clause.CODE_TABLE} 分类代码表的代码。"
            )
        return Reply(ReplyKind.CODE, text, confidence=top.score, clause=Clause.CODE_TABLE)

    def _is_other_phrase(self, candidate: Candidate) -> bool:
        """A phrase listed under an xx99 code: the class has nothing specific for it."""
        return (
            not candidate.is_major
            and self.minors[candidate.code].is_other
            and not self._is_name(candidate)
        )

    def _candidate_text(self, candidate: Candidate) -> str:
        if candidate.is_major:
            major = self.majors[candidate.code]
            return f"{major.code} {major.name}（大类）"
        return self.minor_text(self.minors[candidate.code])

    def _single_text(self, keyword: str, top: Candidate, *, lead_in: bool = True) -> str:
        minor = self.minors[top.code]
        if self._is_other_phrase(top):
            major = self.majors[minor.major_code]
            return (
                f"{Clause.CODE_TABLE}的 {major.code} {major.name}下没有专门对应“{keyword}”的中类，"
                f"可选 {minor.code} {minor.name}（各大类的99代码用于没有更具体中类的服务）。"
            )
        if not lead_in:
            return self.minor_text(minor)
        if top.how in ("pinyin", "initials", "fuzzy") or (
            top.how == "partial" and top.score < 0.9
        ):
            return f"“{keyword}”按“{self._display(top)}”理解，对应的代码：{self.minor_text(minor)}"
        return f"“{keyword}”对应的代码：{self.minor_text(minor)}"

    def _display(self, candidate: Candidate) -> str:
        keys = self._by_text.get(candidate.matched, [])
        if any(k.is_name for k in keys):
            name = self.name_of(candidate.code) or candidate.matched
            return name.split("（", 1)[0]
        return candidate.matched

    def _major_match_text(self, keyword: str, top: Candidate) -> str:
        major = self.majors[top.code]
        residue = keyword.replace(top.matched, "", 1) if top.how == "contains" else ""
        residue = _GENERIC.sub("", residue)
        if len(residue) >= 2 and major.minors:
            other = next(m for m in major.minors if m.is_other)
            return (
                f"{Clause.CODE_TABLE}的 {major.code} {major.name}下没有专门对应“{keyword}”的中类，"
                f"可选 {other.code} {other.name}（各大类的99代码用于没有更具体中类的服务）。"
                f"发 /代码 {major.code} 可看这一类的全部中类。"
            )
        return self.major_text(major)

    def _guess_text(self, keyword: str, found: list[Candidate]) -> str:
        guesses = [c for c in found if c.score >= MIN_SCORE][:MAX_CANDIDATES]
        lines = [f"{Clause.CODE_TABLE}里没有和“{keyword}”完全对上的代码，最接近的是："]
        lines += [f"{i}. {self._candidate_text(c)}" for i, c in enumerate(guesses, 1)]
        top = guesses[0]
        major = self.majors[top.code[:2]]
        other = next((m for m in major.minors if m.is_other), None)
        if other is not None and other.code != top.code:
            lines.append(
                f"如果都不合适，可选 {other.code} {other.name}（没有更具体中类时用99代码）。"
            )
        return "\n".join(lines)

    def _lists_of(self, keyword: str) -> list[str]:
        """The other lists of the guide that hold `keyword` as an option name."""
        lists = []
        if keyword in self._activity:
            lists.append(
                f"{Clause.ACTIVITY_TABLE}“活动类别”"
                f"（从{'、'.join(ACTIVITY_CATEGORIES)}中选{ACTIVITY_CATEGORY_CHOICES}项）"
            )
        if keyword in self._category1:
            lists.append(f"服务功能分类1（指南{Clause.CATEGORY1} 的{len(CATEGORY1_OPTIONS)}项）")
        return lists


@lru_cache(maxsize=1)
def default_codebook() -> CodeBook:
    """The shipped table, loaded once; a broken file raises `KnowledgeError` at start-up."""
    return CodeBook.load()


def natural_intent(codebook: CodeBook | None = None) -> Callable[[Query], Reply | None]:
    """The assistant's code intent: None unless the message really is a code question."""
    book = codebook if codebook is not None else default_codebook()

    def intent(query: Query) -> Reply | None:
        return book.natural(query)

    return intent
