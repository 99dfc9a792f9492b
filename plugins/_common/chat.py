"""Chat-side helpers: where the bot may speak, whom it ignores, and how a reply is sent.

Every reply goes through `send_reply`, hence through the one `Outbox` of the process (rate
limits, order, de-duplication, retries, forwards for long group answers). User text is only
ever sent inside a text segment, so a pasted `[CQ:at,qq=all]` stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from functools import lru_cache

from nonebot import get_driver
from nonebot.adapters import Bot as BaseBot
from nonebot.adapters import Event
from nonebot.adapters.onebot.v11 import (
    Bot,
    GroupMessageEvent,
    Message,
    MessageEvent,
    MessageSegment,
    PrivateMessageEvent,
)
from nonebot.permission import Permission
from nonebot.rule import Rule
from nonebot.typing import T_DependencyCache, T_PermissionChecker, T_RuleChecker, T_State

from bot.config import Settings
from bot.delivery.notices import HANDOFF_NOTE, notify_targets
from bot.reply import Reply
from plugins._common.deps import get_settings
from plugins._common.outbox import Outbox

_outbox: Outbox | None = None


def in_scope(event: MessageEvent, settings: Settings) -> bool:
    """Private chats and the configured groups only; never other bots or the bot itself."""
    if is_ignored_sender(event, settings):
        return False
    if isinstance(event, PrivateMessageEvent):
        return True
    if isinstance(event, GroupMessageEvent):
        return event.group_id in settings.assistant_groups
    return False


def is_from_bot_itself(event: MessageEvent) -> bool:
    return event.user_id == event.self_id


def is_ignored_sender(event: MessageEvent, settings: Settings) -> bool:
    """The bot's own account and the configured bot accounts never get an answer."""
    return is_from_bot_itself(event) or event.user_id in settings.assistant_bot_accounts


QUESTION_PRIORITY = 6
"""NoneBot priority of the question matcher and of the FAQ dialog; commands come after (10)."""
_claims: list[Callable[[MessageEvent], bool]] = []


def claim_messages(predicate: Callable[[MessageEvent], bool]) -> Callable[[MessageEvent], bool]:
    """Register messages that another matcher at the question matcher's priority answers
    instead (an admin's reply to the FAQ dialog). Sharing the priority spares every message
    one more round of NoneBot's matcher dispatch; the predicate keeps the two apart."""
    _claims.append(predicate)
    return predicate


def is_claimed(event: MessageEvent) -> bool:
    return any(claimed(event) for claimed in _claims)


def loop_guard_allows(event: MessageEvent) -> bool:
    """False when the message is part of a ping-pong with a bot not in the configured list."""
    return get_outbox().allows(event)


def is_addressed(event: MessageEvent) -> bool:
    """Whether the message is to the bot: NoneBot's `to_me`, or an @ of the bot anywhere.

    The adapter only sees an @ at the start or end once a quote is resolved; when NapCat cannot
    find the quoted message (`get_msg` fails or times out), "[quote] @bot question" would
    otherwise go unanswered.
    """
    return event.is_tome() or any(
        seg.type == "at" and str(seg.data.get("qq")) == str(event.self_id)
        for seg in event.original_message
    )


class Gate(Permission):
    """A permission that is one plain call on the event, with no dependency injection.

    NoneBot checks a matcher's permission before its rule. A rule (and a permission built from
    checker functions) resolves every parameter in anyio task groups; for matchers that almost
    never apply (eight commands, the FAQ dialog) that was half the bot's CPU per plain question.
    """

    def __init__(self, predicate: Callable[[MessageEvent], bool]) -> None:
        super().__init__()
        self._predicate = predicate

    async def __call__(
        self,
        bot: BaseBot,
        event: Event,
        stack: AsyncExitStack | None = None,
        dependency_cache: T_DependencyCache | None = None,
    ) -> bool:
        return isinstance(event, MessageEvent) and self._predicate(event)

    def __ror__(self, other: Permission | T_PermissionChecker | None) -> Permission:
        # `on_command` joins the given permission to an empty one: keep this gate as it is.
        if other is None or (isinstance(other, Permission) and not other.checkers):
            return self
        return super().__ror__(other)


class RuleGate(Rule):
    """A rule that is one plain call on the event, with no dependency injection: `Gate` for a
    matcher whose test must stay its rule (as NoneBot reports it), such as the question
    matcher's, which every message passes through."""

    def __init__(self, predicate: Callable[[MessageEvent], bool]) -> None:
        super().__init__()
        self._predicate = predicate

    async def __call__(
        self,
        bot: BaseBot,
        event: Event,
        state: T_State,
        stack: AsyncExitStack | None = None,
        dependency_cache: T_DependencyCache | None = None,
    ) -> bool:
        return isinstance(event, MessageEvent) and self._predicate(event)

    def __rand__(self, other: Rule | T_RuleChecker | None) -> Rule:
        # `on_message` joins the given rule to an empty one: keep this gate as it is.
        if other is None or (isinstance(other, Rule) and not other.checkers):
            return self
        raise TypeError("a RuleGate cannot be joined with other rule checkers")

    def __and__(self, other: Rule | T_RuleChecker | None) -> Rule:
        if other is None or (isinstance(other, Rule) and not other.checkers):
            return self
        raise TypeError("a RuleGate cannot be joined with other rule checkers")


def looks_like_command(event: MessageEvent) -> bool:
    """A superset of NoneBot's own test (the first text segment starts with a command start),
    so no command is lost."""
    text = event.get_plaintext().lstrip()
    return any(text.startswith(start) for start in get_driver().config.command_start)


LOOKS_LIKE_COMMAND = Gate(looks_like_command)
"""`permission=` for command matchers."""


@lru_cache(maxsize=1)
def _command_names() -> tuple[str, ...]:
    """Every registered command word (代码, faq, 检查名称…), longest first; read at the first
    message, when every plugin is loaded."""
    from nonebot.matcher import matchers
    from nonebot.rule import CommandRule

    names = {
        "".join(cmd)
        for group in matchers.values()
        for matcher in group
        for checker in matcher.rule.checkers
        if isinstance(checker.call, CommandRule)
        for cmd in checker.call.cmds
    }
    return tuple(sorted(names, key=len, reverse=True))


def is_command(event: MessageEvent) -> bool:
    """Whether a command matcher will take this message ("/代码 1403", "/faq add …").

    The question matcher runs before the command matchers so that a plain question costs one
    matcher, not nine; it must leave real commands alone, but still answers "/帮助" and other
    slash-words that no command knows.
    """
    text = event.get_plaintext().lstrip()
    for start in get_driver().config.command_start:
        if start and text.startswith(start):
            rest = text[len(start) :]
            return any(rest.startswith(name) for name in _command_names())
    if "" in get_driver().config.command_start:
        return any(text.startswith(name) for name in _command_names())
    return False


def superusers() -> set[str]:
    return {str(s) for s in get_driver().config.superusers}


def admins_will_be_notified(settings: Settings) -> bool:
    """Whether a hand-off reaches a human (the hand-off plugin notifies the same targets)."""
    return bool(notify_targets(settings, superusers()))


def render_reply(reply: Reply, settings: Settings, *, with_detail: bool = True) -> str:
    """The reply as sent, telling the user when an admin is told about their question."""
    text = reply.render(with_detail=with_detail)
    if reply.handoff is not None and admins_will_be_notified(settings):
        text += "\n" + HANDOFF_NOTE
    return text


def get_outbox() -> Outbox:
    """The process's one outbox, made on first use from the settings."""
    global _outbox
    if _outbox is None:
        settings = get_settings()
        config = get_driver().config
        exempt = set(settings.assistant_admins)
        exempt.update(int(s) for s in superusers() if s.isdigit())
        _outbox = Outbox(
            settings,
            exempt_users=exempt,
            command_starts=config.command_start,
            nickname=next(iter(sorted(config.nickname)), "填报助手"),
        )
    return _outbox


def set_outbox(outbox: Outbox | None) -> Outbox | None:
    """Install another outbox (tests); returns the previous one, which the caller closes."""
    global _outbox
    previous, _outbox = _outbox, outbox
    return previous


async def close_outbox() -> None:
    """Stop the outbox's workers (shutdown, and between tests)."""
    previous = set_outbox(None)
    if previous is not None:
        await previous.close()


def build_message(event: MessageEvent, text: str) -> Message:
    """A short answer as the outbox sends it to one asker: private, the text; group, a quote
    of the asker's message, then the text."""
    if isinstance(event, GroupMessageEvent):
        return MessageSegment.reply(event.message_id) + MessageSegment.text(text)
    return Message(MessageSegment.text(text))


async def send_reply(bot: Bot, event: MessageEvent, text: str) -> None:
    """Send `text` as the answer to `event`: queued, throttled and retried by the outbox.

    Returns once the message went out, was merged with an identical answer, turned out to be
    a repeat, or was given up after its retries; it never raises for a failed send.
    """
    await get_outbox().reply(bot, event, text)
