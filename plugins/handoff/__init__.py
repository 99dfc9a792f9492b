"""Tells the admins about every question the bot handed to a human, in batches."""

from __future__ import annotations

from nonebot import get_driver
from nonebot.plugin import PluginMetadata

from bot.config import Settings
from plugins._common.chat import close_outbox, get_outbox, superusers
from plugins._common.deps import get_settings
from plugins._common.events import Replied, on_replied
from plugins.handoff.notifier import Notifier, handoff_of

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

_notifier: Notifier | None = None


def get_notifier() -> Notifier:
    global _notifier
    if _notifier is None:
        _notifier = Notifier(get_settings(), superusers(), get_outbox)
    return _notifier


def set_notifier(notifier: Notifier | None) -> Notifier | None:
    """Install another notifier (tests); returns the previous one, which the caller closes."""
    global _notifier
    previous, _notifier = _notifier, notifier
    return previous


async def close_notifier() -> None:
    previous = set_notifier(None)
    if previous is not None:
        await previous.close()


@on_replied
async def notify_admins(replied: Replied) -> None:
    notifier = get_notifier()
    handoff = handoff_of(replied, notifier.wallclock())
    if handoff is not None:
        notifier.add(replied.bot, handoff)


@get_driver().on_shutdown
async def _stop() -> None:
    await close_notifier()
    await close_outbox()
