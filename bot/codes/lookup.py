"""Looking codes up: `CodeBook` reads a question (code numbers, or a keyword without its
question words) and finds the codes it means, for the `/代码` command (`lookup`), for ranking
(`rank`) and, through `bot.codes.intent`, for chat messages (`natural`)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.codes.index import MAX_CANDIDATES, Candidate, CodeIndex
from bot.codes.intent import natural_reply
from bot.codes.replies import MAX_KEYWORD_CHARS, CodeReplies
from bot.codes.table import (
    CodeSynonyms,
    CodeTable,
    MajorClass,
    MinorCode,
    load_synonyms,
    load_table,
)
from bot.guide.knowledge import KNOWLEDGE_DIR
from bot.reply import Reply
from bot.text.normalize import normalize, to_simplified
from bot.text.query import Query

_DIGITS = re.compile(r"(?<![0-9a-z])([0-9]+)(?![0-9a-z])")
# A number followed by a counter (2023年, 12场, 15人) is a quantity, not a code.
_UNIT_AFTER = re.compile(r"\s*[多余来几]?[年月日号场次个项人家张份元万千百岁天届期名户位条平米]")
_OTHER_LIST_TOKENS = re.compile(r"附件[12一二]|分类[12一二]")


class CodeBook:
    """The code table with its phrases: look-ups by code, name, phrase, typo or pinyin."""

    def __init__(self, table: CodeTable, synonyms: CodeSynonyms) -> None:
        self.table = table
        self.majors: dict[str, MajorClass] = {m.code: m for m in table.majors}
        self.minors: dict[str, MinorCode] = {
            minor.code: minor for major in table.majors for minor in major.minors
        }
        self.not_code = tuple(normalize(p) for p in synonyms.not_code)
        """Phrases that mean some other code (验证码, 信用代码), normalised."""
        noise = sorted({normalize(w) for w in synonyms.noise} - {""}, key=len, reverse=True)
        self._noise = re.compile("|".join(map(re.escape, noise))) if noise else None
        self.index = CodeIndex(table, synonyms)
        self.replies = CodeReplies(table, self.majors, self.minors, self.index)

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> CodeBook:
        table = load_table(directory / "codes.yaml")
        return cls(table, load_synonyms(directory / "code_synonyms.yaml", table))

    def name_of(self, code: str) -> str | None:
        return self.index.name_of(code)

    def keyword(self, text: str) -> str:
        """The keyword of a question: normalised, with question words and politeness removed."""
        return self.strip_noise(normalize(text))

    def strip_noise(self, norm: str) -> str:
        """`norm` (already normalised) without question words and politeness."""
        return self._noise.sub("", norm) if self._noise is not None else norm

    def search(self, keyword: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
        """Codes for an already extracted keyword, best first (major codes included)."""
        return self.index.search(keyword, limit)

    def rank(self, text: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
        """Codes for a whole question (“专利是哪个代码”, “1403”), best first."""
        numbers = self.code_numbers(text)
        if numbers:
            return [
                Candidate(n, self.name_of(n) or "", 1.0, n, "code")
                for n in numbers
                if self.name_of(n)
            ][:limit]
        return self.search(self.keyword(text), limit)

    @staticmethod
    def code_numbers(text: str) -> list[str]:
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
            return self.replies.too_long()
        if not norm:
            return self.overview()
        numbers = self.code_numbers(text)
        if numbers:
            return self.replies.numbers(numbers[:5])
        if norm.isdigit():
            return self.replies.bad_number(norm)
        other = self.replies.other_list(norm)
        if other is not None:
            return other
        keyword = self.keyword(text)
        if not keyword:
            return self.overview()
        return self.replies.keyword(keyword, self.search(keyword))

    def natural(self, query: Query) -> Reply | None:
        """A reply when the message really asks for a code, else None for the other intents."""
        return natural_reply(self, query)

    def may_name_code(self, keyword: str) -> bool:
        """False when a message that is only `keyword` surely is not taken as a code name."""
        return self.index.may_be_name(keyword)

    def overview(self) -> Reply:
        return self.replies.overview()

    def major_text(self, major: MajorClass) -> str:
        return self.replies.major_text(major)

    def minor_text(self, minor: MinorCode) -> str:
        return self.replies.minor_text(minor)


