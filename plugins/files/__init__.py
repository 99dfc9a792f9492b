"""Checks the files users send: the activity summary table (xlsx/xls/csv/docx) and the proof
PDF, with the rules the pasted drafts are checked by (`bot.files`).

When: in private chat every file is checked. In a group, a file is checked when the message
carrying it @s the bot, when a message that quotes it @s the bot, when its sender says "我刚
传了汇总表" to the bot, or when the bot has just told that sender it got no file (`NO_FILE`
invites them to send it); other uploads are only remembered, in silence: a 3,000-member group
uploads all day. Groups the bot does not serve are ignored entirely; nothing is downloaded.

How: file messages, quotes of files, pictures and "我刚传了…" are claimed from the question path
(`plugins._common.claims`), so no second matcher looks at every message. `group_upload` and
`offline_file` notices have their own matcher; the message and the notice of one upload are
paired (`bot.files.uploads`) and checked once, preferably by the message, whose answer can
quote it. Fetching and checking (`bot.app.files`) run off the event loop, one check at a time;
a check still running after a few seconds is announced with "正在查看…". Answers go through the
outbox like every other answer: long reports as merged forwards in groups.
"""

from __future__ import annotations

from nonebot import on_notice
from nonebot.adapters.onebot.v11 import Bot, NoticeEvent
from nonebot.plugin import PluginMetadata
from nonebot.rule import Rule

from bot.config import Settings
from plugins._common.claims import claim_messages
from plugins._common.events import on_replied
from plugins.files import handlers

__plugin_meta__ = PluginMetadata(
    name="文件检查",
    description="检查发来的活动汇总表（xlsx/xls/csv/docx）和证明材料PDF，规则与粘贴的草稿相同",
    usage="私聊直接发文件；群里上传文件后，回复（引用）那个文件并@我",
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

claim_messages(handlers.wants)(handlers.on_message)
on_replied(handlers.remember_prompt)

upload_notice = on_notice(rule=Rule(handlers.is_upload_notice), priority=5, block=False)


@upload_notice.handle()
async def handle_upload_notice(bot: Bot, event: NoticeEvent) -> None:
    await handlers.on_notice(bot, event)
