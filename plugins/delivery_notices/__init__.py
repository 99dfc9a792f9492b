"""Recalls and mutes reach the outbox: a recalled question's queued answer is dropped, and a
group where the bot (or every member) is muted gets nothing until the mute ends.

One notice matcher for group_recall, friend_recall and group_ban; the outbox
(`bot.app.sending.ChatOutbox.on_notice`) decides what each means.
"""

from __future__ import annotations

from nonebot import on_notice
from nonebot.adapters.onebot.v11 import (
    FriendRecallNoticeEvent,
    GroupBanNoticeEvent,
    GroupRecallNoticeEvent,
    NoticeEvent,
)
from nonebot.plugin import PluginMetadata
from nonebot.rule import Rule

from plugins._common.deps import OutboxDep

__plugin_meta__ = PluginMetadata(
    name="撤回与禁言",
    description="提问被撤回就不再回答；机器人在群里被禁言时不往这个群发消息",
    usage="无需操作",
    type="application",
    supported_adapters={"~onebot.v11"},
)

HANDLED = (GroupRecallNoticeEvent, FriendRecallNoticeEvent, GroupBanNoticeEvent)


async def _handled(event: NoticeEvent) -> bool:
    return isinstance(event, HANDLED)


# Before any other notice handler: a recall must land while the answer is still queued.
notices = on_notice(rule=Rule(_handled), priority=1, block=False)


@notices.handle()
async def _take(event: NoticeEvent, outbox: OutboxDep) -> None:
    outbox.on_notice(event)
