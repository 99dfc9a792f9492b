"""The weekly usage digest: the figures of `/faq stats` for the last seven days, sent to the
admins (the notifier's targets) at `ASSISTANT_WEEKLY_DIGEST`, by nonebot-plugin-apscheduler
(Beijing time, its default time zone)."""

from __future__ import annotations

from nonebot import require
from nonebot.log import logger

require("nonebot_plugin_apscheduler")
from nonebot_plugin_apscheduler import scheduler

from bot.app.services import services
from bot.config import WEEKDAYS, parse_weekly
from bot.delivery.notices import notify_targets
from bot.faq import render
from plugins._common import commands
from plugins._common.commands import command_word

JOB_ID = "weekly-usage-digest"
DIGEST_DAYS = 7
DIGEST_SHOWN = 5
TITLE = "填报助手近7天使用情况"


async def send_digest() -> int:
    """Sends the digest to every target; returns how many got it."""
    app = services()
    if app.faq is None or not app.admins.ready():
        logger.warning("每周使用情况没有发出：问答数据库没有打开，或没有 QQ 端连着")
        return 0
    summary = await app.faq.usage.summary(DIGEST_DAYS, limit=DIGEST_SHOWN)
    text = render.usage_report(summary, TITLE, command_word(commands.FAQ))
    sent = 0
    for target in notify_targets(app.settings, app.superusers):
        if await app.admins.deliver(target, text):
            sent += 1
        else:
            logger.warning(f"每周使用情况没有发到 {target.kind} {target.id}")
    return sent


def schedule(setting: str) -> bool:
    """(Re)schedules the digest at `setting` ("mon 09:00"); False, and none, for "off"."""
    if scheduler.get_job(JOB_ID) is not None:
        scheduler.remove_job(JOB_ID)
    weekly = parse_weekly(setting)
    if weekly is None:
        return False
    scheduler.add_job(
        send_digest,
        "cron",
        id=JOB_ID,
        day_of_week=WEEKDAYS[weekly.weekday],
        hour=weekly.hour,
        minute=weekly.minute,
        # A bot busy or briefly down at that minute still sends it within the hour, once.
        misfire_grace_time=3600,
        coalesce=True,
    )
    return True


schedule(services().settings.assistant_weekly_digest)
