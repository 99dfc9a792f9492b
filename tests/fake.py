"""Builders for OneBot v11 events, as NapCat sends them."""

from __future__ import annotations

import itertools
import time
from typing import Any

from nonebot.adapters.onebot.v11 import (
    Bot,
    GroupMessageEvent,
    Message,
    MessageEvent,
    MessageSegment,
    PrivateMessageEvent,
)
from nonebot.adapters.onebot.v11.event import Reply, Sender

SELF_ID = 2854196310
GROUP_ID = 807645478
_ids = itertools.count(1)


def _message(message: str | Message | MessageSegment) -> Message:
    if isinstance(message, Message):
        return message
    if isinstance(message, MessageSegment):
        return Message(message)
    return Message(MessageSegment.text(message))


def fake_private_message_event(
    message: str | Message | MessageSegment = "你好", **fields: Any
) -> PrivateMessageEvent:
    msg = _message(message)
    data: dict[str, Any] = {
        "time": int(time.time()),
        "self_id": SELF_ID,
        "post_type": "message",
        "sub_type": "friend",
        "user_id": 10001,
        "message_type": "private",
        "message_id": next(_ids),
        "message": msg,
        "original_message": msg,
        "raw_message": str(msg),
        "font": 0,
        "sender": Sender(user_id=fields.get("user_id", 10001), nickname="测试用户"),
        "to_me": True,
    }
    data.update(fields)
    return PrivateMessageEvent(**data)


def fake_group_message_event(
    message: str | Message | MessageSegment = "你好",
    *,
    to_me: bool = False,
    reply: Reply | None = None,
    **fields: Any,
) -> GroupMessageEvent:
    msg = _message(message)
    data: dict[str, Any] = {
        "time": int(time.time()),
        "self_id": SELF_ID,
        "post_type": "message",
        "sub_type": "normal",
        "user_id": 10001,
        "message_type": "group",
        "group_id": GROUP_ID,
        "message_id": next(_ids),
        "message": msg,
        "original_message": msg,
        "raw_message": str(msg),
        "font": 0,
        "sender": Sender(user_id=fields.get("user_id", 10001), nickname="测试用户", role="member"),
        "to_me": to_me,
        "reply": reply,
    }
    data.update(fields)
    return GroupMessageEvent(**data)


def make_bot(ctx: Any) -> Bot:
    """The bot a nonebug test context runs matchers with, under the test account."""
    return ctx.create_bot(base=Bot, self_id=str(SELF_ID))  # type: ignore[no-any-return]


def expected(event: MessageEvent, text: str) -> Message:
    """What a short reply looks like on the wire: private plain text, group quoting the asker."""
    if isinstance(event, GroupMessageEvent):
        return MessageSegment.reply(event.message_id) + MessageSegment.text(text)
    return Message(MessageSegment.text(text))
