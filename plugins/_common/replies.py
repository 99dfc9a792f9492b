"""Sending a reply: every answer goes through the process's one outbox (rate limits, order,
de-duplication, retries, forwards for long group answers; `bot.app.sending`)."""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import Bot, MessageEvent

from bot.app.services import Services, services
from bot.delivery.notices import HANDOFF_NOTE
from bot.reply import Reply


def render_reply(reply: Reply, app: Services, *, with_detail: bool = True) -> str:
    """The reply as sent, telling the user when an admin is told about their question."""
    text = reply.render(with_detail=with_detail)
    if reply.handoff is not None and app.notifier.active:
        text += "\n" + HANDOFF_NOTE
    return text


async def send_reply(bot: Bot, event: MessageEvent, text: str) -> None:
    """Send `text` as the answer to `event`: queued, throttled and retried by the outbox.

    Returns once the message went out, was merged with an identical answer, turned out to be
    a repeat, or was given up after its retries; it never raises for a failed send.
    """
    await services().outbox.reply(bot, event, text)
