"""Who the bot talks to: private chats and the configured groups, never itself or other bots;
and whether a group message is addressed to it."""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import GroupMessageEvent, MessageEvent, PrivateMessageEvent
from nonebot.rule import Rule

from bot.config import Settings
from plugins._common.deps import SettingsDep


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


async def _in_scope(event: MessageEvent, settings: SettingsDep) -> bool:
    return in_scope(event, settings)


IN_SCOPE = Rule(_in_scope)
"""`in_scope` as a NoneBot rule, for the command matchers (joined to their command rule)."""
