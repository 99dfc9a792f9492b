"""What a short reply looks like on the wire: private plain text, group quoting the asker."""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import GroupMessageEvent, Message, MessageEvent, MessageSegment


def expected(event: MessageEvent, text: str) -> Message:
    if isinstance(event, GroupMessageEvent):
        return MessageSegment.reply(event.message_id) + MessageSegment.text(text)
    return Message(MessageSegment.text(text))
