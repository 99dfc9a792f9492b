"""Admins maintain the knowledge from chat: `/faq …` (`/问答 …`), over `bot.faq.FaqService`.

The matcher and its handlers live here: `faq_cmd` runs a sub-command for a `FAQ_ADMIN`
(`permission.py`) and refuses anyone else in scope politely (a matcher-level permission would
leave them without an answer). An admin's answer to an open dialog is claimed from the question
path (`plugins._common.claims`) and finishes the change. Parsing, sub-commands, uploads, the
question counting (`missed`) and the weekly digest each have their own module; the texts are
`bot.faq.render`.
"""

from __future__ import annotations

from typing import Annotated

from nonebot import get_driver, on_command
from nonebot.adapters.onebot.v11 import Bot, Message, MessageEvent
from nonebot.log import logger
from nonebot.params import CommandArg
from nonebot.plugin import PluginMetadata

from bot.app.services import services
from bot.config import Settings
from bot.faq import FaqError, render
from plugins._common import commands
from plugins._common.claims import claim_messages
from plugins._common.commands import COMMAND_PRIORITY, command_word
from plugins._common.deps import FaqServiceDep, SettingsDep
from plugins._common.replies import send_reply
from plugins._common.scope import IN_SCOPE
from plugins.faq_admin import digest as digest
from plugins.faq_admin import missed as missed
from plugins.faq_admin.dialogs import Dialog, Dialogs
from plugins.faq_admin.handlers import HANDLERS, Context, actor_of, finish_dialog
from plugins.faq_admin.parsing import UnknownSubcommandError, is_cancel, parse
from plugins.faq_admin.permission import FAQ_ADMIN

__plugin_meta__ = PluginMetadata(
    name="问答库维护",
    description=(
        "管理员在聊天里添加、修改、删除问答，查看历史、回滚，处理没答上的问题，导出导入，"
        "查看使用统计；每周把使用情况发给管理员"
    ),
    usage="/faq help（或 /问答 帮助）查看全部命令；仅管理员可用",
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

open_dialogs = Dialogs()
"""The admins' open dialogs (the bot asked for an answer and waits for the next message)."""

faq_cmd = on_command(
    commands.FAQ.name,
    aliases=commands.FAQ.alias_set,
    rule=IN_SCOPE,
    priority=COMMAND_PRIORITY,
    block=True,
)


def _cmd() -> str:
    return command_word(commands.FAQ)


async def _timed_out(dialog: Dialog) -> None:
    timeout = services().settings.assistant_dialog_timeout_seconds
    await send_reply(dialog.bot, dialog.event, render.dialog_timed_out(timeout, _cmd()))


@faq_cmd.handle()
async def handle_faq(
    bot: Bot,
    event: MessageEvent,
    settings: SettingsDep,
    faq: FaqServiceDep,
    arg: Annotated[Message, CommandArg()],
) -> None:
    if not await FAQ_ADMIN(bot, event):
        await send_reply(bot, event, render.REFUSAL)
        return
    open_dialogs.drop(event)  # a new command replaces the question the bot was waiting on
    cmd = _cmd()
    try:
        command = parse(arg.extract_plain_text())
        ctx = Context(bot, event, settings, faq, actor_of(event), cmd, open_dialogs, _timed_out)
        text = await HANDLERS[command.name](ctx, command)
    except UnknownSubcommandError as exc:
        text = f"{exc}\n{render.usage(cmd)}"
    except FaqError as exc:
        text = str(exc)
    except Exception:  # a disk or database fault: the admin must hear of it, not silence
        logger.exception("faq command failed")
        text = render.failed(cmd)
    if text:
        await send_reply(bot, event, text)


def _is_faq_command(text: str) -> bool:
    text = text.lstrip()
    words = (commands.FAQ.name, *commands.FAQ.aliases)
    for start in get_driver().config.command_start:
        if text.startswith(start) and text[len(start) :].lstrip().lower().startswith(words):
            return True
    return False


def _answers_dialog(event: MessageEvent) -> bool:
    return open_dialogs.peek(event) is not None and not _is_faq_command(event.get_plaintext())


@claim_messages(_answers_dialog)
async def handle_dialog(bot: Bot, event: MessageEvent) -> None:
    """The admin's next message after the bot asked for an answer: the answer, or "取消"."""
    dialog = open_dialogs.take(event)
    if dialog is None:
        return
    text = event.get_plaintext()
    if is_cancel(text):
        await send_reply(bot, event, render.CANCELLED)
        return
    app = services()
    ctx = Context(
        bot, event, app.settings, app.faq_service(), dialog.actor, _cmd(), open_dialogs,
        _timed_out,
    )
    try:
        reply = await finish_dialog(ctx, dialog, text)
    except FaqError as exc:
        reply = f"{exc}问答库没有改动，请重新发命令。"
    except Exception:
        logger.exception("faq dialog failed")
        reply = render.failed(ctx.cmd)
    await send_reply(bot, event, reply)


@get_driver().on_shutdown
async def _close_dialogs() -> None:
    await open_dialogs.aclose()
