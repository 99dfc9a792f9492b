"""Records the questions the bot told someone it could not answer, for `/faq missed`."""

from __future__ import annotations

from bot.app.services import services
from bot.reply import ReplyKind
from plugins._common.events import Replied, on_replied
from plugins.faq_admin.handlers import actor_of

NEAR_MISS = 0.35
"""An out-of-scope reply this close to some entry is still recorded as a missed question."""


@on_replied
async def record_missed(replied: Replied) -> None:
    reply = replied.reply
    missed = reply.kind is ReplyKind.GAP or (
        reply.kind is ReplyKind.OUT_OF_SCOPE and reply.confidence >= NEAR_MISS
    )
    if replied.spoke and missed:
        await services().faq_service().record_missed(replied.text, actor_of(replied.event))
