"""Keeps the connection's health (`bot.app.health.Health`) up to date and tells the admins, once
the account is back, that QQ took it offline or that the QQ side's connection went.

Fed by the driver's connect and disconnect hooks, the `bot_offline` / `bot_online` notices
(NapCat and Lagrange.OneBot: `notice_type` "bot_offline"; older Lagrange: "notify" with that
`sub_type`), heartbeats and answered messages (an offline account that answers is back). Each
outage is logged as it starts; the notice goes to the notifier's targets (the admin group, the
admins or the SUPERUSERS) from the account that is back.

The matchers sit after every other (priority 90): the question matcher stops each message
before it, so no message pays for them.
"""

from __future__ import annotations

from nonebot import get_driver, on_metaevent, on_notice
from nonebot.adapters.onebot.v11 import Bot, MetaEvent, NoticeEvent
from nonebot.log import logger
from nonebot.plugin import PluginMetadata

from bot.app.health import BRIEF_DISCONNECT_SECONDS, Outage
from bot.app.services import services
from bot.config import Settings
from bot.delivery.notices import notify_targets
from plugins._common.events import Replied, on_replied

__plugin_meta__ = PluginMetadata(
    name="连接状态",
    description="QQ 被下线或与 QQ 端的连接断开时记日志，恢复后通知管理员；GET /healthz 报告状态",
    usage=(
        "无需命令。通知发给转人工通知的同一批人"
        "（ASSISTANT_ADMIN_GROUP、ASSISTANT_ADMINS 或 SUPERUSERS）"
    ),
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

HEALTH_PRIORITY = 90
PLACEHOLDERS = frozenset({"", "BotOfflineEvent"})
"""NapCat's defaults for `tag` and `message`, which say nothing."""


def _kind(event: NoticeEvent) -> str:
    """"bot_offline", "bot_online" or another notice type, as either implementation sends it."""
    if event.notice_type == "notify":
        return str(getattr(event, "sub_type", "") or "")
    return event.notice_type


def reason_of(event: NoticeEvent) -> str:
    """What QQ said about going offline: the notice's `message`, else its `tag`."""
    for name in ("message", "tag"):
        value = str(getattr(event, name, "") or "").strip()
        if value not in PLACEHOLDERS:
            return value[:100]
    return ""


async def tell_admins(bot: Bot, outage: Outage) -> None:
    """Sends the outage's notice from `bot`'s account to each of the notifier's targets."""
    app = services()
    text = outage.notice(app.health.now())
    logger.info(f"QQ 号 {outage.self_id} 已恢复，通知管理员：{text}")
    for target in notify_targets(app.settings, app.superusers):
        if not await app.outbox.deliver(bot, target, text):
            logger.warning(f"恢复通知没有发到 {target.kind} {target.id}")


notices = on_notice(priority=HEALTH_PRIORITY, block=False)
heartbeats = on_metaevent(priority=HEALTH_PRIORITY, block=False)


@notices.handle()
async def handle_notice(bot: Bot, event: NoticeEvent) -> None:
    health = services().health
    kind = _kind(event)
    if kind == "bot_offline":
        reason = reason_of(event)
        if health.offline(bot.self_id, reason) is not None:
            said = f"（{reason}）" if reason else ""
            logger.warning(
                f"QQ 号 {bot.self_id} 被 QQ 下线{said}：重新登录之前机器人收不到也发不出消息。"
                "恢复后会通知管理员。"
            )
    elif kind == "bot_online":
        outage = health.online(bot.self_id)
        if outage is not None:
            await tell_admins(bot, outage)
    else:
        health.seen(bot.self_id)


@heartbeats.handle()
async def handle_meta(bot: Bot, event: MetaEvent) -> None:
    services().health.seen(bot.self_id)


@on_replied
async def answered(replied: Replied) -> None:
    """A message came in, so QQ has the account again: an offline one is back."""
    outage = services().health.online(replied.bot.self_id)
    if outage is not None:
        await tell_admins(replied.bot, outage)


driver = get_driver()


@driver.on_bot_connect
async def connected(bot: Bot) -> None:
    outage = services().health.connected(bot.self_id)
    logger.info(f"QQ 端已连接（QQ 号 {bot.self_id}）")
    if outage is not None:
        await tell_admins(bot, outage)


@driver.on_bot_disconnect
async def disconnected(bot: Bot) -> None:
    outage = services().health.disconnected(bot.self_id)
    if outage.kind == "disconnected":
        logger.warning(
            f"QQ 端（QQ 号 {bot.self_id}）的连接断开了：重新连上之前机器人收不到消息。"
            f"断开超过{BRIEF_DISCONNECT_SECONDS:g}秒的，重新连上后会通知管理员。"
        )
    else:
        logger.warning(f"被下线的 QQ 号 {bot.self_id} 的连接也断开了")
