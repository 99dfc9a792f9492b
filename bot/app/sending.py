"""OneBot v11 glue of the outbox (`bot.delivery.outbox`) and the hand-off notifier.

`OneBotTransport` is the outbox's `Transport`: it builds the `Message`s (a quote and @s before
the text; user text only ever inside a text segment, so a pasted `[CQ:at,qq=all]` stays text),
calls the API of the account connected now (a reconnect makes a new `Bot`), answers a
temporary-session message through that session (`send_private_msg` with the source group, which
NapCat, LLOneBot and go-cqhttp put in different places; `temp_group`), and maps what comes back
to a `SendOutcome` (`outcome_of`). What the implementations answer, and what it means here:

- refused (never reached QQ, would not next time): retcode 1400/1403/1404 (NapCat, go-cqhttp),
  100 (go-cqhttp's bad parameters), 404 (Lagrange's unknown action);
- failed (never reached QQ, worth one more try): no connection (`ApiNotAvailable`), the request
  frame never sent, or NapCat's 1200 with a message it raises before sending (`PRE_SEND`);
- muted: QQ's send result 120, passed on by Lagrange as the retcode and by NapCat inside its
  1200 message (`"result": 120`), or a message that says so;
- uncertain (may have been shown, never repeated): every other error, above all NapCat's 1200
  "Timeout: NTEvent ... sendMsg" for a message QQ did show (NapCatQQ#1410, #932, #1772),
  Lagrange's 200, and no answer within NoneBot's API_TIMEOUT, which is also what an answer
  with an empty or null echo comes to (NapCatQQ#950, LLOneBot#261).

`ChatOutbox` is the outbox as the plugins use it, addressed with OneBot events: `chat_of` and
`ChatOutbox.asker_of` say where an event came from and who asked (an anonymous member by their
anonymous id), and `on_notice` takes the recalls and mutes. `AdminChannel` sends the notifier's
notices from the account that handled the last hand-off, or any connected one.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from nonebot import get_bots
from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    ApiNotAvailable,
    Bot,
    FriendRecallNoticeEvent,
    GroupBanNoticeEvent,
    GroupMessageEvent,
    GroupRecallNoticeEvent,
    Message,
    MessageEvent,
    MessageSegment,
    NetworkError,
    NoticeEvent,
    PrivateMessageEvent,
)

from bot.config import Settings
from bot.delivery.dispatch import BACKOFF_SECONDS
from bot.delivery.mutes import Mute
from bot.delivery.notices import Target
from bot.delivery.outbox import Outbox
from bot.delivery.sending import Part, SendOutcome, SendStatus
from bot.delivery.throttle import Asker, Chat

NOT_RETRYABLE = frozenset({100, 404, 1400, 1401, 1403, 1404})
"""Retcodes of calls refused before anything was sent, which the same call gets again."""
MUTED_RETCODE = 120
"""QQ's send result for a sender muted in the group."""
MUTED = re.compile(r"""["']?result["']?\s*[:=]\s*120\b|禁言|\bmuted\b""", re.IGNORECASE)
PRE_SEND = ("无法获取用户信息", "请指定 group_id 或 user_id", "消息体无法解析", "生成节点为空")
"""NapCat's 1200 messages raised before it sends anything (src/onebot/action/msg/SendMsg.ts)."""
NAPCAT_UNKNOWN_GROUP = 284840486
"""NapCat's stand-in group of a temporary session whose group it could not tell."""
TEMP_SOURCE_GROUP_MIN = 10000
"""`temp_source` is an enum (0: a group) in newer NapCat and LLOneBot, the group id in older
NapCat: only a value this large is a group."""


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


def anonymous_id(event: MessageEvent) -> str | None:
    """Who an anonymous group member is (their anonymous id, else flag); None for others."""
    if not isinstance(event, GroupMessageEvent) or event.anonymous is None:
        return None  # (a missing attribute costs pydantic an exception: not looked up)
    anonymous = event.anonymous
    return f"anonymous:{anonymous.id or anonymous.flag}"


def _group_id(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and value > 0 and value != NAPCAT_UNKNOWN_GROUP:
        return value
    return None


def temp_group(event: MessageEvent) -> int | None:
    """The source group of a temporary-session message (sub_type "group"): NapCat's top-level
    `group_id`, LLOneBot's and go-cqhttp's `sender.group_id`, older NapCat's `temp_source`.
    None for other messages or when no real group is given."""
    if not isinstance(event, PrivateMessageEvent) or event.sub_type != "group":
        return None
    for value in (getattr(event, "group_id", None), getattr(event.sender, "group_id", None)):
        if (group := _group_id(value)) is not None:
            return group
    source = getattr(event, "temp_source", None)
    if isinstance(source, int) and source >= TEMP_SOURCE_GROUP_MIN:
        return _group_id(source)
    return None


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


def outcome_of(exc: Exception) -> SendOutcome:
    """What a failed call means for the message (module docstring)."""
    if isinstance(exc, ActionFailed):
        retcode = exc.info.get("retcode")
        message = str(exc.info.get("message") or exc.info.get("wording") or "")
        detail = f"retcode {retcode} {message.strip()[:200]}".strip()
        if retcode in NOT_RETRYABLE:
            return SendOutcome(SendStatus.REFUSED, detail=detail)
        if retcode == MUTED_RETCODE or MUTED.search(message):
            return SendOutcome(SendStatus.MUTED, detail=detail)
        if any(marker in message for marker in PRE_SEND):
            return SendOutcome(SendStatus.FAILED, detail=detail)
        return SendOutcome(SendStatus.UNCERTAIN, detail=detail)
    if isinstance(exc, NetworkError):
        # NoneBot's API_TIMEOUT passed: the frame went out, its answer never came back.
        return SendOutcome(SendStatus.UNCERTAIN, detail=repr(exc))
    if isinstance(exc, ApiNotAvailable):
        return SendOutcome(SendStatus.FAILED, detail="no connection")
    # Raised while handing the frame to the socket (a closed connection): nothing went out.
    return SendOutcome(SendStatus.FAILED, detail=repr(exc))


async def _outcome(call: Awaitable[Any]) -> SendOutcome:
    """Await one API call and say what became of it."""
    try:
        result = await call
    except Exception as exc:
        return outcome_of(exc)
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
        bot, event = _live(origin.bot), origin.event
        if isinstance(event, PrivateMessageEvent) and event.sub_type == "group":
            # A temporary session: without its group the send fails with "add as friend
            # first" (OpenShamrock#233, LLOneBot#706); NapCat's stand-in group is left out.
            group = temp_group(event)
            extra = {} if group is None else {"group_id": group}
            call = bot.call_api("send_private_msg", user_id=event.user_id, message=message, **extra)
            return await _outcome(call)
        return await _outcome(bot.send(event, message))

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
        return Asker(
            user_id=event.user_id,
            message_id=event.message_id,
            question=text,
            identity=anonymous_id(event),
        )

    def allows(self, event: MessageEvent) -> bool:
        """False for an incoming message that is part of a bot-to-bot loop."""
        who = anonymous_id(event) or event.user_id
        return self.engine.allows(chat_of(event), who, event.get_plaintext())

    def follow_up(self, event: MessageEvent) -> str:
        """The message's text without a pasted copy of one of the bot's recent answers, so a
        follow-up question under a pasted answer is what gets answered."""
        return self.engine.follow_up(chat_of(event), event.get_plaintext())

    def on_notice(self, event: NoticeEvent) -> None:
        """A recall drops the recalled question's answer; a group_ban about the bot (or the
        whole group, user 0) stops sending there until it ends, its lift resumes it."""
        if isinstance(event, GroupRecallNoticeEvent):
            self.engine.recall(("group", event.group_id), event.message_id)
        elif isinstance(event, FriendRecallNoticeEvent):
            self.engine.recall(("private", event.user_id), event.message_id)
        elif isinstance(event, GroupBanNoticeEvent) and event.user_id in (event.self_id, 0):
            kind = Mute.GROUP if event.user_id == 0 else Mute.BOT
            if event.sub_type == "lift_ban" or event.duration == 0:
                self.engine.unmute(event.group_id, kind)
            else:
                # A whole-group mute has no length (NapCat posts -1): until its lift notice.
                seconds = float(event.duration) if event.duration > 0 else None
                self.engine.mute(event.group_id, kind, seconds)

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
