"""Answers filing questions in private chat and in the consultation groups.

`question_matcher` is the one matcher every message passes (priority 6, before the commands at
10). Its handler routes: a message out of scope is dropped; one another plugin claims (an
admin's answer to the FAQ dialog, `plugins._common.claims`) goes to that plugin; a command is
left to the command matchers; everything else is a question, answered here (the loop guard
decides first whether it is part of a bot-to-bot ping-pong). Only commands go on to priority 10.

NoneBot checks every matcher of a priority in its own task and solves each rule, permission
and handler parameter in anyio task groups; under load a rule with one parameter cost about as
much as answering a cached question. So this matcher has no rule, no permission and a handler
without parameters, which reads the bot, event and matcher from NoneBot's context variables and
the services from `bot.app.services`; every other handler takes them by the aliases of
`plugins._common.deps`.
"""

from __future__ import annotations

from nonebot import on_message
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.matcher import current_bot, current_event, current_matcher
from nonebot.plugin import PluginMetadata

from bot.app.services import Services, services
from bot.config import Settings
from bot.delivery.group_policy import group_reply
from plugins._common.claims import claimant
from plugins._common.commands import is_command
from plugins._common.events import Replied, emit_replied
from plugins._common.replies import render_reply, send_reply
from plugins._common.scope import in_scope, is_addressed

__plugin_meta__ = PluginMetadata(
    name="填报答疑",
    description="按填报指南回答平台信息填报问题，注明依据条款；答不了的转人工",
    usage="私聊直接提问；群里 @我、回复我的消息或以“填报助手”开头提问",
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

QUESTION_PRIORITY = 6

question_matcher = on_message(priority=QUESTION_PRIORITY, block=False)


@question_matcher.handle()
async def route() -> None:
    """See the module docstring: every message comes here first."""
    bot, event, matcher = current_bot.get(), current_event.get(), current_matcher.get()
    if not isinstance(bot, Bot) or not isinstance(event, MessageEvent):
        return
    app = services()
    if not in_scope(event, app.settings):
        matcher.stop_propagation()  # type: ignore[no-untyped-call]  # untyped in NoneBot
        return
    claimed = claimant(event)
    if claimed is not None:
        matcher.stop_propagation()  # type: ignore[no-untyped-call]
        await claimed(bot, event)
        return
    if is_command(event):
        return  # for the command matchers
    matcher.stop_propagation()  # type: ignore[no-untyped-call]
    # The loop guard last: it counts only messages that would otherwise be answered.
    if app.outbox.allows(event):
        await answer(bot, event, app)


async def answer(bot: Bot, event: MessageEvent, app: Services) -> None:
    """Answer a question: always in private chat; in a group when addressed, or unaddressed
    when it clearly is a guide question answered with high confidence."""
    settings = app.settings
    # A member who pastes an earlier answer and adds a follow-up is asked about the follow-up.
    text = app.outbox.follow_up(event)
    reply = app.assistant.reply(text)
    if isinstance(event, GroupMessageEvent):
        proactive = (
            settings.assistant_proactive
            and event.group_id not in settings.assistant_proactive_off_groups
        )
        said = group_reply(
            reply,
            text,
            addressed=is_addressed(event),
            proactive=proactive,
            threshold=settings.assistant_proactive_confidence,
        )
        speak = said is not None
        if said is not None:
            reply = said  # what the listeners count and hand off: what was said
            await send_reply(bot, event, render_reply(reply, app, with_detail=False))
    else:
        speak = True
        await send_reply(bot, event, render_reply(reply, app))
    await emit_replied(Replied(bot, event, text, reply, speak))
