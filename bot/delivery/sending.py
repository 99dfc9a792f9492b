"""What the outbox and a transport say to each other: one message as it goes out (`Part`), what
became of a call (`SendOutcome`), and the `Transport` protocol that a chat platform implements
(OneBot's is `bot.app.sending`).

The outbox decides from the outcome alone whether to try again, so a platform's quirks (which
error codes mean "never reached QQ", which mean "maybe shown", which mean "muted") are mapped to
a `SendStatus` in one place, the transport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.delivery.notices import Target
from bot.delivery.throttle import Chat


class SendStatus(StrEnum):
    SENT = "sent"
    """The platform took the message."""
    REFUSED = "refused"
    """Refused before it reached QQ, and would be refused again (bad request, no such API):
    never tried again; a refused forward falls back to text parts."""
    FAILED = "failed"
    """Clearly never reached QQ (no connection, the request never went out, the
    implementation stopped before sending): tried again, a bounded number of times."""
    UNCERTAIN = "uncertain"
    """May have been shown (no answer in time, an answer without its echo, an error after
    the send began, NapCat's 1200 "Timeout"): logged and never repeated in any form, since a
    second copy in a group is worse than a lost one."""
    MUTED = "muted"
    """The bot is muted in that group: nothing more is sent there until the mute ends."""


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What became of one call to the platform."""

    status: SendStatus
    message_id: int | None = None
    """The sent message's id, when the platform gave one (a "刚回答过" quotes it)."""
    detail: str = ""
    """For the log: the error code or the exception."""


@dataclass(frozen=True, slots=True)
class Part:
    """One message of an answer, as the outbox wants it sent."""

    text: str
    quote: int | None = None
    """Id of the message to quote above the text (the first part of a group answer)."""
    mentions: tuple[int, ...] = ()
    """Users to @ before the text (askers merged into a group answer, or told of a pointer)."""


class Transport(Protocol):
    """Sends what the outbox decided, on one platform. `origin` is what the caller handed to
    `Outbox.reply` (or `deliver`) with the asker: the platform's own handle on the message."""

    async def send(self, origin: object, chat: Chat, part: Part) -> SendOutcome:
        """One message to `chat`, answering the message `origin` stands for."""
        ...

    async def forward(self, origin: object, chat: Chat, nodes: Sequence[str]) -> SendOutcome:
        """One merged forward message to the group `chat`, one node per text."""
        ...

    async def notify(self, origin: object, target: Target, text: str) -> SendOutcome:
        """A notice (not an answer) to `target`; `origin` names the account to send from."""
        ...
