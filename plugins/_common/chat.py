"""Chat-side helpers: where the bot may speak, and how a reply is sent.

User text is only ever sent inside a text segment, so a pasted `[CQ:at,qq=all]` stays text.
"""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import (
    Bot,
    GroupMessageEvent,
    Message,
    MessageEvent,
    MessageSegment,
    PrivateMessageEvent,
)

from bot.config import Settings

GROUP_REPLY_LIMIT = 600
"""Longer group replies are cut, with a pointer to private chat, so a group is not flooded."""


def in_scope(event: MessageEvent, settings: Settings) -> bool:
    """Private chats and the configured groups only."""
    if isinstance(event, PrivateMessageEvent):
        return True
    if isinstance(event, GroupMessageEvent):
        return event.group_id in settings.assistant_groups
    return False


def is_from_bot_itself(event: MessageEvent) -> bool:
    return event.user_id == event.self_id


def build_message(event: MessageEvent, text: str) -> Message:
    """Private: the text. Group: a quote of the asker's message, then the text."""
    if isinstance(event, GroupMessageEvent):
        if len(text) > GROUP_REPLY_LIMIT:
            text = text[:GROUP_REPLY_LIMIT].rstrip() + "…\n（内容较长，私聊我可看全文）"
        return MessageSegment.reply(event.message_id) + MessageSegment.text(text)
    return Message(MessageSegment.text(text))


async def send_reply(bot: Bot, event: MessageEvent, text: str) -> None:
    await bot.send(event, build_message(event, text))
