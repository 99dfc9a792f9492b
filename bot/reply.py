"""What the core answers: a reply with its kind, so chat code knows whether to speak."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# Compatibility: bot.delivery.notices and plugins.faq_admin.render import the phones and GUIDE
# from here; they are stated in bot.guide.rules. Import them from there instead.
from bot.guide.rules import CONSULT_PHONE as CONSULT_PHONE
from bot.guide.rules import GUIDE as GUIDE
from bot.guide.rules import TECH_PHONE as TECH_PHONE


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


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    text: str
    confidence: float = 1.0
    entry_id: str | None = None
    clause: str | None = None
    detail: str | None = None
    """Long supplementary text: appended in private chat, forwarded or omitted in groups."""

    @property
    def handoff(self) -> HandoffLine | None:
        """Which human line this reply hands the question to, if any."""
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
