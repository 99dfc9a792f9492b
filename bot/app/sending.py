"""OneBot v11 glue of the outbox (`bot.delivery.outbox`) and the hand-off notifier.

`OneBotTransport` is the outbox's `Transport`: it builds the `Message`s (a quote and @s before
the text; user text only ever inside a text segment, so a pasted `[CQ:at,qq=all]` stays text),
calls the API of the account connected now (a reconnect makes a new `Bot`) and maps what comes
back to a `SendOutcome`: `ActionFailed` with a retcode the same call gets again is refused, with
another retcode rejected; a timeout or a dropped connection failed.

`ChatOutbox` is the outbox as the plugins use it, addressed with OneBot events: `chat_of` and
`ChatOutbox.asker_of` say where an event came from and who asked. `AdminChannel` sends the
notifier's notices from the account that handled the last hand-off, or any connected one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from nonebot import get_bots
from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    Bot,
    GroupMessageEvent,
    Message,
    MessageEvent,
    MessageSegment,
)

from bot.config import Settings
from bot.delivery.notices import Target
from bot.delivery.outbox import BACKOFF_SECONDS, Outbox
from bot.delivery.sending import Part, SendOutcome, SendStatus
from bot.delivery.throttle import Asker, Chat

NOT_RETRYABLE = frozenset({100, 1400, 1403, 1404})
"""OneBot retcodes that the same call will get again (bad request, forbidden, no such API)."""


@dataclass(frozen=True, slots=True)
class Origin:
    """The message an answer is for, and the bot that received it."""

    bot: Bot
    event: MessageEvent


def chat_of(event: MessageEvent) -> Chat:
    """The chat an event came from: its group, or the sender's private chat."""
    if isinstance(event, GroupMessageEvent):
        return ("group", event.group_id)
    return ("private", event.user_id)


def _live(bot: Bot) -> Bot:
    """The bot now connected under the same account (a reconnect makes a new Bot object)."""
    current = get_bots().get(bot.self_id)
    return current if isinstance(current, Bot) else bot


def _message_id(result: Any) -> int | None:
    if isinstance(result, dict):
        value = result.get("message_id")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return None


async def _outcome(call: Awaitable[Any]) -> SendOutcome:
    """Await one API call and say what became of it."""
    try:
        result = await call
    except ActionFailed as exc:
        retcode = exc.info.get("retcode")
        status = SendStatus.REFUSED if retcode in NOT_RETRYABLE else SendStatus.REJECTED
        return SendOutcome(status, detail=f"retcode {retcode}")
    except Exception as exc:  # timeouts, a dropped connection: worth another try
        return SendOutcome(SendStatus.FAILED, detail=repr(exc))
    return SendOutcome(SendStatus.SENT, _message_id(result))


def _text(text: str) -> Message:
    return Message(MessageSegment.text(text))


class OneBotTransport:
    """The outbox's way to QQ through a OneBot v11 implementation (NapCat, Lagrange…)."""

    def __init__(self, nickname: str = "填报助手") -> None:
        self.nickname = nickname
        """The name forward nodes are shown under."""

    async def send(self, origin: object, chat: Chat, part: Part) -> SendOutcome:
        assert isinstance(origin, Origin)
        message = Message()
        if part.quote is not None:
            message += MessageSegment.reply(part.quote)
        for user_id in part.mentions:
            message += MessageSegment.at(user_id)
        text = " " + part.text if part.mentions else part.text
        message += MessageSegment.text(text)
        return await _outcome(_live(origin.bot).send(origin.event, message))

    async def forward(self, origin: object, chat: Chat, nodes: Sequence[str]) -> SendOutcome:
        assert isinstance(origin, Origin)
        bot = _live(origin.bot)
        self_id = int(bot.self_id) if bot.self_id.isdigit() else 0
        message = Message()
        for text in nodes:
            message += MessageSegment.node_custom(self_id, self.nickname, _text(text))
        return await _outcome(
            bot.call_api("send_group_forward_msg", group_id=chat[1], messages=message)
        )

    async def notify(self, origin: object, target: Target, text: str) -> SendOutcome:
        bot = _live(cast(Bot, origin))  # `ChatOutbox.deliver` hands over the sending bot
        if target.kind == "group":
            return await _outcome(bot.send_group_msg(group_id=target.id, message=_text(text)))
        return await _outcome(bot.send_private_msg(user_id=target.id, message=_text(text)))


class ChatOutbox:
    """The process's outbox, addressed with OneBot events (see the module docstring)."""

    def __init__(self, engine: Outbox, *, command_starts: Iterable[str] = ("/",)) -> None:
        self.engine = engine
        self.command_starts = tuple(s for s in command_starts if s)

    def asker_of(self, event: MessageEvent) -> Asker:
        """Who asked, and what, as the throttle tells askers and questions apart."""
        text = event.get_plaintext().strip()
        # Repeating a command is deliberate (list again after an edit): never a duplicate.
        if self.command_starts and text.startswith(self.command_starts):
            text = ""
        return Asker(user_id=event.user_id, message_id=event.message_id, question=text)

    def allows(self, event: MessageEvent) -> bool:
        """False for an incoming message that is part of a bot-to-bot loop."""
        return self.engine.allows(chat_of(event), event.user_id, event.get_plaintext())

    async def reply(self, bot: Bot, event: MessageEvent, text: str) -> None:
        """Send `text` as the answer to `event`: queued, throttled and retried by the outbox.

        Returns once the message went out, was merged with an identical answer, turned out to
        be a repeat, or was given up after its retries; it never raises for a failed send.
        """
        await self.engine.reply(chat_of(event), self.asker_of(event), text, Origin(bot, event))

    async def deliver(self, bot: Bot, target: Target, text: str) -> bool:
        """Send a notice to `target` from `bot`'s account; False when it did not arrive."""
        return await self.engine.deliver(bot, target, text)

    async def close(self) -> None:
        await self.engine.close()


def build_outbox(
    settings: Settings,
    *,
    superusers: Iterable[str | int] = (),
    command_starts: Iterable[str] = ("/",),
    nickname: str = "填报助手",
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    backoff: float = BACKOFF_SECONDS,
) -> ChatOutbox:
    """The outbox over OneBot; admins and numeric SUPERUSERS have no per-user rate."""
    exempt = set(settings.assistant_admins)
    exempt.update(int(s) for s in map(str, superusers) if s.isdigit())
    engine = Outbox(
        OneBotTransport(nickname),
        settings,
        exempt_users=exempt,
        clock=clock,
        sleep=sleep,
        backoff=backoff,
    )
    return ChatOutbox(engine, command_starts=command_starts)


class AdminChannel:
    """The notifier's `NoticeChannel`: notices go through the outbox, from a connected bot."""

    def __init__(self, outbox: ChatOutbox) -> None:
        self.outbox = outbox
        self._self_id: str | None = None

    def use(self, bot: Bot) -> None:
        """Prefer `bot`'s account (the one that handled the hand-off) while it is connected."""
        self._self_id = bot.self_id

    def _bot(self) -> Bot | None:
        bots = get_bots()
        if self._self_id is not None and bots.get(self._self_id) is not None:
            found = bots[self._self_id]
            return found if isinstance(found, Bot) else None
        return next((b for b in bots.values() if isinstance(b, Bot)), None)

    def ready(self) -> bool:
        return self._bot() is not None

    async def deliver(self, target: Target, text: str) -> bool:
        bot = self._bot()
        if bot is None:
            return False
        return await self.outbox.deliver(bot, target, text)
