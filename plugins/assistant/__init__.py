"""Answers filing questions in private chat and in the consultation groups."""

from __future__ import annotations

from nonebot import on_message
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.matcher import Matcher
from nonebot.plugin import PluginMetadata

from bot.config import Settings
from bot.policy import should_speak_in_group
from plugins._common.chat import (
    in_scope,
    is_addressed,
    is_command,
    is_from_bot_itself,
    loop_guard_allows,
    render_reply,
    send_reply,
)
from plugins._common.deps import AssistantDep, SettingsDep, get_assistant
from plugins._common.events import Replied, emit_replied

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


async def _in_scope(event: MessageEvent, settings: SettingsDep) -> bool:
    # The loop guard last: it counts only messages that would otherwise be handled.
    return (
        in_scope(event, settings)
        and not is_from_bot_itself(event)
        and not is_command(event)
        and loop_guard_allows(event)
    )


# Before the command matchers (priority 10) and after the FAQ dialog (5): a plain question,
# the common case, is answered and stops there without nine command checks.
question_matcher = on_message(rule=_in_scope, priority=6, block=False)


@question_matcher.handle()
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
