"""What the core answers: a reply with its kind, so chat code knows whether to speak."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.guide.rules import GUIDE


class ReplyKind(StrEnum):
    ANSWER = "answer"
    """A curated knowledge entry."""
    COMPUTED = "computed"
    """Worked out from the guide's rules for the numbers in the question."""
    CODE = "code"
    """A classification code lookup (附件2)."""
    CHECK = "check"
    """A rule check of a pasted draft."""
    TECH = "tech"
    """A problem with the filing website: handed to the technical phone."""
    GAP = "gap"
    """About the filing, but the guide does not answer it: handed to the consultation phone."""
    OUT_OF_SCOPE = "out_of_scope"
    """Not about the filing at all."""
    CHITCHAT = "chitchat"
    """Acknowledgements, thanks, stickers: never answered in groups."""
    HELP = "help"
    """Greetings and usage hints."""


HandoffLine = Literal["tech", "consult"]
"""The two human lines: the technical phone and the consultation phone (with the admins)."""


# How much a part's kind weighs when a compound reply takes the kind of its strongest part:
# an answer of any sort first, then the hand-offs, then the replies that say nothing.
_STRENGTH = {
    ReplyKind.ANSWER: 3,
    ReplyKind.COMPUTED: 3,
    ReplyKind.CODE: 3,
    ReplyKind.CHECK: 3,
    ReplyKind.TECH: 2,
    ReplyKind.GAP: 1,
}


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer to one message.

    A message of several questions gets a compound reply (`compound`): `parts` holds the reply
    to each question in order, and the text numbers them, each with its clause. Its `kind` and
    `confidence` are those of its strongest part (an answer of any sort before a hand-off,
    before a reply that states nothing; the most confident among equals), so chat code decides
    whether to speak as for a single question: a group hears a compound message answered when
    at least one of its questions is answered confidently. Its `handoff` is that of any part
    handed to a human (`tech` first), so the admins still hear of the part the guide does not
    answer. `entry_id` and `clause` are unset: each part carries its own.
    """

    kind: ReplyKind
    text: str
    confidence: float = 1.0
    entry_id: str | None = None
    clause: str | None = None
    detail: str | None = None
    """Long supplementary text: appended in private chat, forwarded or omitted in groups."""
    parts: tuple[Reply, ...] = ()
    """The replies to each question of a compound message, in order; empty for one question."""
    question: str | None = None
    """For a part of a compound reply: the question it answers (as completed from the message),
    for recording what was handed over; None for a whole message's reply."""

    @classmethod
    def compound(cls, parts: tuple[Reply, ...]) -> Reply:
        """One reply answering each of `parts` in order, numbered (one part: that part)."""
        if len(parts) == 1:
            return parts[0]
        strongest = max(parts, key=lambda p: (_STRENGTH.get(p.kind, 0), p.confidence))
        text = "\n".join(
            f"{i}. {part.render(with_detail=False)}" for i, part in enumerate(parts, 1)
        )
        details = [f"{i}. {p.detail}" for i, p in enumerate(parts, 1) if p.detail]
        return cls(
            strongest.kind,
            text,
            strongest.confidence,
            detail="\n".join(details) or None,
            parts=parts,
        )

    def only(self, kinds: frozenset[ReplyKind]) -> Reply | None:
        """This reply with only the parts of `kinds` (renumbered), or None when none is left:
        a group that was not asked hears the answered questions, not "不在指南范围内" for the
        small talk around them."""
        kept = tuple(part for part in self.answers if part.kind in kinds)
        if not kept:
            return None
        return self if len(kept) == len(self.answers) else Reply.compound(kept)

    @property
    def answers(self) -> tuple[Reply, ...]:
        """The reply to each question: the parts of a compound reply, else the reply itself."""
        return self.parts or (self,)

    @property
    def handoff(self) -> HandoffLine | None:
        """Which human line this reply (or any of its parts) hands the question to, if any."""
        if self.parts:
            lines = {part.handoff for part in self.parts}
            return "tech" if "tech" in lines else "consult" if "consult" in lines else None
        if self.kind is ReplyKind.TECH:
            return "tech"
        if self.kind is ReplyKind.GAP:
            return "consult"
        return None

    @property
    def citation(self) -> str:
        return f"依据：{GUIDE}{self.clause}" if self.clause else ""

    def render(self, *, with_detail: bool = True) -> str:
        """Plain text as sent in private chat."""
        parts = [self.text]
        if with_detail and self.detail:
            parts.append(self.detail)
        if self.citation and self.citation not in self.text:
            parts.append(self.citation)
        return "\n".join(parts)
