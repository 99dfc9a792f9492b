"""A user's question in the forms the intent handlers need, computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.text.normalize import arabic_numerals, normalize, to_simplified

# "七八个人", "十五六场", "三四十人": two neighbouring numerals are a rough count; the larger
# stands for it, as "七八" would otherwise read as 78.
_ROUGH = re.compile(
    r"(十?)([一二三四五六七八九])([一二三四五六七八九])(?=[十百]?多?[个人场次张家页位名项])"
)
_DIGITS = "一二三四五六七八九"
# "好几十场", "几十个人": no number at all; "二十几场": more than twenty.
_VAGUE = re.compile(r"好几十|几十|好几百|几百|上百|成百|数十|数百")
_TENS_AND_SOME = re.compile(r"([一二三四五六七八九]?十)几")


def _rough(match: re.Match[str]) -> str:
    low, high = match.group(2), match.group(3)
    if _DIGITS.index(high) != _DIGITS.index(low) + 1:
        return match.group(0)
    return match.group(1) + high


@dataclass(frozen=True)
class Query:
    raw: str
    """The plain text as the user sent it (stripped of surrounding space)."""
    context: str = ""
    """Statements made elsewhere in the message that the question relies on ("我们办了12场活动。"
    before two questions); empty for a message of one question."""

    @cached_property
    def simplified(self) -> str:
        """Half-width, simplified Chinese; punctuation and line breaks kept."""
        return to_simplified(self.raw)

    @cached_property
    def norm(self) -> str:
        """Matching form: no spaces or punctuation, lower case."""
        return normalize(self.raw)

    @cached_property
    def numeric(self) -> str:
        """The context, then the question: simplified, Chinese numerals as digits (七场 -> 7场,
        七八个人 -> 8个人)."""
        text = f"{self.context}。{self.raw}" if self.context else self.raw
        text = to_simplified(text)
        if "几" in text or "数" in text or "百" in text:
            text = _TENS_AND_SOME.sub(r"\1多", _VAGUE.sub("很多", text))
        if _ROUGH.search(text):
            text = _ROUGH.sub(_rough, text)
        return arabic_numerals(text)
