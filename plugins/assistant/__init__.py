"""Answers filing questions in private chat and in the consultation groups."""

from __future__ import annotations

from nonebot import on_message
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.matcher import Matcher
from nonebot.plugin import PluginMetadata

from bot.config import Settings
from bot.delivery.group_policy import should_speak_in_group
from plugins._common.chat import (
    QUESTION_PRIORITY,
    RuleGate,
    in_scope,
    is_addressed,
    is_claimed,
    is_command,
    is_from_bot_itself,
    loop_guard_allows,
    render_reply,
    send_reply,
)
from plugins._common.deps import AssistantDep, SettingsDep, get_assistant, get_settings
from plugins._common.events import Replied, emit_replied
from plugins._common.inline import inline_handler

__plugin_meta__ = PluginMetadata(
    name="填报答疑",
    description="按填报指南回答平台信息填报问题，注明依据条款；答不了的转人工",
    usage="私聊直接提问；群里 @我、回复我的消息或以“填报助手”开头提问",
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

# Fail start-up at import when a knowledge file is broken, not at the first question.
get_assistant()


def _is_question(event: MessageEvent) -> bool:
    # The loop guard last: it counts only messages that would otherwise be handled.
    return (
        in_scope(event, get_settings())
        and not is_from_bot_itself(event)
        and not is_command(event)
        and not is_claimed(event)
        and loop_guard_allows(event)
    )


# Before the command matchers (priority 10), beside the FAQ dialog (same priority; an admin's
# reply to it is claimed, see `claim_messages`): a plain question, the common case, is answered
# and stops there without nine command checks. Every message passes this check, so it is a
# `RuleGate` (one plain call, no dependency injection), and the handler's parameters are
# solved inline, not a task each.
question_matcher = on_message(
    rule=RuleGate(_is_question), priority=QUESTION_PRIORITY, block=False
)


@inline_handler(question_matcher)
async def handle_question(
    bot: Bot,
    event: MessageEvent,
    matcher: Matcher,
    assistant: AssistantDep,
    settings: SettingsDep,
) -> None:
    text = event.get_plaintext()
    reply = assistant.reply(text)
    if isinstance(event, GroupMessageEvent):
        proactive = (
            settings.assistant_proactive
            and event.group_id not in settings.assistant_proactive_off_groups
        )
        speak = should_speak_in_group(
            reply,
            text,
            addressed=is_addressed(event),
            proactive=proactive,
            threshold=settings.assistant_proactive_confidence,
        )
        if speak:
            await send_reply(bot, event, render_reply(reply, settings, with_detail=False))
    else:
        speak = True
        await send_reply(bot, event, render_reply(reply, settings))
    await emit_replied(Replied(bot, event, text, reply, speak))
    if speak:
        matcher.stop_propagation()  # type: ignore[no-untyped-call]  # untyped in NoneBot
