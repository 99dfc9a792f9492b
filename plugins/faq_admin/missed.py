"""Counts the questions the bot answered and queues those it told someone it could not answer,
for `/faq stats`, the weekly digest and `/faq missed`.

Counting is in memory (`FaqService.usage`, written in one batch a minute and before any figure
or `/faq missed` is read), so a message costs no database write. Each question of a compound
message counts on its own; a group message the bot stayed silent on is not counted.
"""

from __future__ import annotations

from bot.app.services import services
from bot.reply import ReplyKind
from plugins._common.events import Replied, on_replied
from plugins.faq_admin.handlers import actor_of

NEAR_MISS = 0.35
"""An out-of-scope reply this close to some entry is still recorded as a missed question."""
ANSWERED = frozenset(
    {ReplyKind.ANSWER, ReplyKind.COMPUTED, ReplyKind.CODE, ReplyKind.CHECK, ReplyKind.TECH}
)
"""Replies that answer the question (TECH: the right answer is the technical phone)."""


@on_replied
async def count_question(replied: Replied) -> None:
    faq = services().faq
    if not replied.spoke or faq is None:
        return
    usage = faq.usage
    for part in replied.reply.answers:
        if part.kind in ANSWERED:
            usage.answered(part.entry_id)
        elif part.kind is ReplyKind.GAP or (
            part.kind is ReplyKind.OUT_OF_SCOPE and part.confidence >= NEAR_MISS
        ):
            usage.missed(part.question or replied.text, actor_of(replied.event))
