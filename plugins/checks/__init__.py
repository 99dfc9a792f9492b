"""`/检查…` commands: instant rule checks of pasted drafts (name, 分类, activities, case,
annual summary). The rules live in `bot.checks`; handlers only take the text, call the core
and send the reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from nonebot import on_command
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, Message, MessageEvent
from nonebot.matcher import Matcher
from nonebot.params import CommandArg
from nonebot.plugin import PluginMetadata

from bot.checks import CheckKind, detect_body, reporting_year, run
from bot.config import Settings
from bot.reply import Reply, ReplyKind
from plugins._common import commands
from plugins._common.commands import COMMAND_PRIORITY, Words
from plugins._common.deps import SettingsDep
from plugins._common.events import Replied, emit_replied
from plugins._common.replies import send_reply
from plugins._common.scope import IN_SCOPE

__plugin_meta__ = PluginMetadata(
    name="草稿检查",
    description="按填报指南逐条检查平台名称、服务功能分类、活动汇总表、典型案例和年度总结",
    usage=(
        "/检查（说明和示例）\n"
        "/检查名称 常州市中小企业公共服务平台\n"
        "/检查分类 服务功能分类2：信息咨询、市场营销，共8场活动\n"
        "/检查活动 换行后粘贴汇总表行，或一行一场：3月5日 政策宣讲会 25人\n"
        "/检查案例 案例全文；/检查总结 总结全文\n"
        "英文：/check /check_name /check_category /check_activities /check_case /check_summary"
    ),
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

GROUP_DETAIL_HINT = "（逐行明细请私聊我，发同样的内容即可）"

today: Callable[[], date] = date.today
"""Where the default reporting year comes from; tests replace it to pin the year."""


def _command(words: Words) -> type[Matcher]:
    return on_command(
        words.name,
        aliases=words.alias_set,
        rule=IN_SCOPE,
        priority=COMMAND_PRIORITY,
        block=True,
    )


check_cmd = _command(commands.CHECK)
check_name_cmd = _command(commands.CHECK_NAME)
check_category_cmd = _command(commands.CHECK_CATEGORY)
check_activities_cmd = _command(commands.CHECK_ACTIVITIES)
check_case_cmd = _command(commands.CHECK_CASE)
check_summary_cmd = _command(commands.CHECK_SUMMARY)


def check_reply(kind: CheckKind | None, text: str, settings: Settings) -> Reply:
    """What a check command answers for `text` (the part after the command)."""
    limit = settings.assistant_max_input_chars
    if len(text) > limit:
        return Reply(
            ReplyKind.HELP,
            f"内容太长了（{len(text)}字，最多{limit}字），请分几次发，例如每次贴一部分活动行。",
        )
    year = reporting_year(settings.assistant_reporting_year, today())
    return run(detect_body(kind, text), year=year)


async def _answer(
    bot: Bot, event: MessageEvent, settings: Settings, kind: CheckKind | None, arg: Message
) -> None:
    reply = check_reply(kind, arg.extract_plain_text(), settings)
    if isinstance(event, GroupMessageEvent):
        # Groups see the verdict only; the per-row listing would flood them.
        text = reply.render(with_detail=False)
        if reply.detail:
            text += "\n" + GROUP_DETAIL_HINT
    else:
        text = reply.render()
    await send_reply(bot, event, text)
    await emit_replied(Replied(bot, event, event.get_plaintext(), reply, spoke=True))


def _handler(kind: CheckKind | None) -> Callable[..., Awaitable[None]]:
    async def handle_check(
        bot: Bot, event: MessageEvent, settings: SettingsDep, arg: Message = CommandArg()
    ) -> None:
        await _answer(bot, event, settings, kind, arg)

    return handle_check


# `None`: /检查 guesses what to check from the text.
for _matcher, _kind in (
    (check_cmd, None),
    (check_name_cmd, CheckKind.NAME),
    (check_category_cmd, CheckKind.DRAFT),
    (check_activities_cmd, CheckKind.ACTIVITIES),
    (check_case_cmd, CheckKind.CASE),
    (check_summary_cmd, CheckKind.SUMMARY),
):
    _matcher.handle()(_handler(_kind))
