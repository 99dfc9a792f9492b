"""Tells the admins about every question the bot handed to a human, in batches.

Wiring only: each handled message whose reply handed something over becomes a `Handoff` for
the notifier of `bot.app.services` (batching and sending: `bot.delivery.notifier`).
"""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import GroupMessageEvent
from nonebot.plugin import PluginMetadata

from bot.app.services import services
from bot.config import Settings
from bot.delivery.notices import Handoff
from plugins._common.events import Replied, on_replied

__plugin_meta__ = PluginMetadata(
    name="转人工通知",
    description="网站技术问题和指南答不了的问题，汇总后私聊通知管理员（或发到管理群）",
    usage=(
        "无需命令。设置 ASSISTANT_ADMINS（或 ASSISTANT_ADMIN_GROUP）后，"
        "每位管理员每 ASSISTANT_NOTIFY_INTERVAL_MINUTES 分钟最多收到一条汇总通知"
    ),
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)


def handoff_of(replied: Replied) -> Handoff | None:
    """The hand-off in a handled message, or None when the reply handed nothing over."""
    line = replied.reply.handoff
    if line is None or not replied.spoke:
        return None
    event = replied.event
    sender = event.sender
    nickname = (getattr(sender, "card", None) or sender.nickname or "").strip()
    group_id = event.group_id if isinstance(event, GroupMessageEvent) else None
    at = services().notifier.wallclock()
    return Handoff(line, event.user_id, nickname, group_id, replied.text, at)


@on_replied
async def notify_admins(replied: Replied) -> None:
    handoff = handoff_of(replied)
    if handoff is not None:
        app = services()
        app.admins.use(replied.bot)
        app.notifier.add(handoff)
