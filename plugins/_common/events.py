"""After-reply hooks: plugins that must learn about answered messages subscribe here.

The Q&A plugin calls `emit_replied` once per handled message; the hand-off plugin notifies
admins of hand-offs and the FAQ admin plugin records missed questions, without either
knowing about the other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nonebot.adapters.onebot.v11 import Bot, MessageEvent
from nonebot.log import logger

from bot.reply import Reply


@dataclass(frozen=True, slots=True)
class Replied:
    bot: Bot
    event: MessageEvent
    text: str
    reply: Reply
    spoke: bool
    """Whether the bot actually sent the reply (groups stay silent on many messages)."""


Listener = Callable[[Replied], Awaitable[None]]
_listeners: list[Listener] = []


def on_replied(listener: Listener) -> Listener:
    """Decorator: call `listener` after every handled message."""
    _listeners.append(listener)
    return listener


async def emit_replied(replied: Replied) -> None:
    for listener in list(_listeners):
        try:
            await listener(replied)
        except Exception:  # a failing listener must not cost the user the answer
            logger.exception("after-reply listener failed")
