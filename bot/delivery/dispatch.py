"""Sending one queued message: its parts or merged forward, each call held to the group rate,
and what each `SendOutcome` leads to.

The rule is at most once: a message that may have been shown (`UNCERTAIN`) is logged and
never sent again in any form, neither retried nor followed by a text fallback of the same
forward, because two copies of an answer in a group are worse than one lost answer. Only a call
that clearly never reached QQ (`FAILED`) is tried again, `assistant_send_retries` times with
back-off; a refused forward falls back to text parts. A call refused because the bot is muted
(`MUTED`) stops the message and tells the outbox, which stops the group.

However long the answer, one message is at most `assistant_max_parts` parts (a forward at most
`FORWARD_MAX_NODES` nodes), the last saying how much was left out (`splitting.capped_parts`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from bot.config import Settings
from bot.delivery.loopguard import LoopGuard
from bot.delivery.mutes import GroupMutes
from bot.delivery.sending import Part, SendOutcome, SendStatus, Transport
from bot.delivery.splitting import capped_parts, split_text
from bot.delivery.throttle import Chat, Outgoing, Throttle

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 1.0
"""First pause before a retry; it doubles with each further try."""
BACKOFF_CAP_SECONDS = 30.0
QUESTION_IN_FORWARD_CHARS = 100
FORWARD_FOLLOW_UP = "回答较长，见上面的合并转发。"
FORWARD_MAX_NODES = 20
"""A merged forward is one message, but one a phone must still page through."""
NOT_SHOWN = frozenset({SendStatus.REFUSED, SendStatus.FAILED})
"""Outcomes after which nothing of the message can be on screen."""

Sleep = Callable[[float], Awaitable[None]]


class Dispatch:
    """Sends the outbox's messages through a `Transport` (module docstring)."""

    def __init__(
        self,
        transport: Transport,
        settings: Settings,
        throttle: Throttle,
        guard: LoopGuard,
        mutes: GroupMutes,
        *,
        clock: Callable[[], float],
        sleep: Sleep = asyncio.sleep,
        backoff: float = BACKOFF_SECONDS,
        on_muted: Callable[[Chat, str], None] = lambda chat, detail: None,
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.throttle = throttle
        self.guard = guard
        self.mutes = mutes
        self.clock = clock
        self._sleep = sleep
        self.backoff = backoff
        self.on_muted = on_muted

    async def send_item(self, item: Outgoing, origin: object) -> None:
        """Send `item` (an answer or a pointer) as parts or a forward, then remember it."""
        chat = item.chat
        settings = self.settings
        max_parts = settings.assistant_max_parts
        threshold = settings.assistant_forward_threshold
        if chat[0] == "group":
            if not item.is_pointer and len(item.text) > threshold:
                outcome = await self._send_forward(item, origin)
                if outcome.status in NOT_SHOWN:
                    log.warning(f"forward to {chat} not shown; sending the answer as text parts")
                    parts = capped_parts(item.text, threshold, max_parts)
                    outcome = await self._send_parts(item, origin, parts)
                elif outcome.status is SendStatus.SENT and len(item.askers) > 1:
                    # A forward can neither quote nor @: the merged askers learn of it here.
                    await self._send_parts(item, origin, [FORWARD_FOLLOW_UP])
            else:
                outcome = await self._send_parts(item, origin, [item.text])
        else:
            chunk = settings.assistant_private_chunk_chars
            outcome = await self._send_parts(
                item, origin, capped_parts(item.text, chunk, max_parts)
            )
        if outcome.status is not SendStatus.SENT:
            return  # no "刚回答过" may point at what may not be there
        now = self.clock()
        self.throttle.sent(item, outcome.message_id, now)
        self.guard.outgoing(chat, item.askers_who, item.text, now)

    def _part(self, item: Outgoing, text: str, *, first: bool) -> Part:
        """One message of `item`: in a group the first quotes the question and @s the askers
        it does not quote (all of them for a pointer, which quotes the earlier answer);
        anonymous askers cannot be @-mentioned."""
        if item.chat[0] != "group" or not first:
            return Part(text)
        quoted = item.pointer_to.message_id if item.pointer_to else item.askers[0].message_id
        mention = item.askers if item.is_pointer else item.askers[1:]
        mentions = tuple(a.user_id for a in mention if not a.anonymous)
        return Part(text, quote=quoted, mentions=mentions)

    async def _send_parts(
        self, item: Outgoing, origin: object, parts: Sequence[str]
    ) -> SendOutcome:
        """The parts in order; the outcome of the first that arrived, else of the last try.
        A mute stops the rest."""
        first: SendOutcome | None = None
        last = NOTHING_SENT
        for i, text in enumerate(parts):
            part = self._part(item, text, first=i == 0)
            last = await self.call(
                item.chat, "answer", partial(self.transport.send, origin, item.chat, part)
            )
            if first is None and last.status is SendStatus.SENT:
                first = last
            if last.status is SendStatus.MUTED:
                break
        return first if first is not None else last

    async def _send_forward(self, item: Outgoing, origin: object) -> SendOutcome:
        """The answer as one merged forward message, headed by the question."""
        nodes: list[str] = []
        question = " ".join(item.askers[0].question.split())[:QUESTION_IN_FORWARD_CHARS]
        if question:
            nodes.append(f"问：{question}")
        threshold = self.settings.assistant_forward_threshold
        nodes += capped_parts(item.text, threshold, FORWARD_MAX_NODES - len(nodes), split_text)
        return await self.call(
            item.chat, "forward", partial(self.transport.forward, origin, item.chat, nodes)
        )

    async def call(
        self, chat: Chat, what: str, call: Callable[[], Awaitable[SendOutcome]]
    ) -> SendOutcome:
        """`call()` with the group rate; tried again only while it clearly never reached QQ
        (module docstring). Returns the last outcome."""
        tries = max(self.settings.assistant_send_retries, 0) + 1
        outcome = NOTHING_SENT
        for attempt in range(1, tries + 1):
            if chat[0] == "group" and self.mutes.is_muted(chat[1], self.clock()):
                log.warning(f"{what} to {chat} not sent: the bot is muted there")
                return MUTED_HERE
            await self._group_slot(chat)
            outcome = await call()
            status, detail = outcome.status, outcome.detail
            if status is SendStatus.SENT:
                return outcome
            if status is SendStatus.FAILED and attempt < tries:
                log.warning(f"{what} to {chat} never reached QQ ({detail}), try {attempt}")
                await self._sleep(min(self.backoff * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS))
                continue
            if status is SendStatus.UNCERTAIN:
                log.error(f"{what} to {chat} may have been shown ({detail}); not sent again")
            elif status is SendStatus.MUTED:
                log.warning(f"{what} to {chat} refused: the bot is muted there ({detail})")
                self.on_muted(chat, detail)
            elif status is SendStatus.REFUSED:
                log.warning(f"{what} to {chat} refused ({detail}); not tried again")
            else:
                log.error(f"{what} to {chat} never reached QQ ({detail}); given up after {tries}")
            return outcome
        return outcome

    async def _group_slot(self, chat: Chat) -> None:
        """Wait until the group may get one more message, and count this one."""
        wait = self.throttle.group_wait(chat, self.clock())
        while wait > 0:
            await self._sleep(wait)
            wait = self.throttle.group_wait(chat, self.clock())
        self.throttle.record_group_message(chat, self.clock())


NOTHING_SENT = SendOutcome(SendStatus.FAILED, detail="no try")
MUTED_HERE = SendOutcome(SendStatus.MUTED, detail="muted")
