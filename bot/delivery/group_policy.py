"""When the bot speaks in a group. Pure rules so they are tested without a chat."""

from __future__ import annotations

import re

from bot.reply import Reply, ReplyKind

_QUESTION = re.compile(
    r"[?？]|吗|么|呢|怎样|怎么|如何|什么|啥|几|多少|哪|能不能|能否|可不可以|可以不|是否|有没有|要不要|需不需要|算不算"
)
_PROACTIVE_KINDS = frozenset({ReplyKind.ANSWER, ReplyKind.COMPUTED})


def looks_like_question(text: str) -> bool:
    return _QUESTION.search(text) is not None


def should_speak_in_group(
    reply: Reply,
    text: str,
    *,
    addressed: bool,
    proactive: bool,
    threshold: float,
) -> bool:
    """Addressed messages get an answer (never small talk); unaddressed ones only when they are
    clearly guide questions the knowledge base answers with high confidence."""
    if reply.kind is ReplyKind.CHITCHAT:
        return False
    if addressed:
        return True
    return (
        proactive
        and reply.kind in _PROACTIVE_KINDS
        and reply.confidence >= threshold
        and looks_like_question(text)
    )


def group_reply(
    reply: Reply,
    text: str,
    *,
    addressed: bool,
    proactive: bool,
    threshold: float,
) -> Reply | None:
    """What the bot says in a group, or None for silence. Unaddressed, only the questions it
    answers from the guide: a stranger's small talk, gap or website trouble in the same message
    gets no "不在指南范围内" and hands nothing to the admins."""
    if not should_speak_in_group(
        reply, text, addressed=addressed, proactive=proactive, threshold=threshold
    ):
        return None
    return reply if addressed else reply.only(_PROACTIVE_KINDS)
