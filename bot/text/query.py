"""A user's message in the forms the intent handlers need, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.text.normalize import arabic_numerals, normalize, to_simplified


@dataclass(frozen=True)
class Query:
    raw: str
    """The plain text as the user sent it (stripped of surrounding space)."""

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
        """Simplified text with Chinese numerals as digits (七场 -> 7场)."""
        return arabic_numerals(self.simplified)
