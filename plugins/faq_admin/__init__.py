"""Admins maintain the knowledge from chat: `/faq …` (`/问答 …`) over `bot.faq.repository`.

Changes are stored in SQLite in the plugin's localstore data dir and re-indexed into the one
`Assistant` at once. Only SUPERUSERS, `assistant_admins` and (when allowed) owners and admins of
the consultation groups may use the commands; everyone else gets a polite refusal.
Unanswered questions that the bot told someone it could not answer are recorded for `/faq missed`.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

from nonebot import get_driver, on_command, on_message, require
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, Message, MessageEvent
from nonebot.exception import ActionFailed, ApiNotAvailable, NetworkError
from nonebot.log import logger
from nonebot.params import CommandArg, Depends
from nonebot.permission import SUPERUSER
from nonebot.plugin import PluginMetadata

require("nonebot_plugin_localstore")
import nonebot_plugin_localstore as localstore

from bot.assistant import Assistant
from bot.config import Settings
from bot.faq.repository import Actor, FaqError, FaqRepository, InvalidInputError
from bot.faq.storage import Storage
from bot.reply import ReplyKind
from plugins._common.chat import (
    LOOKS_LIKE_COMMAND,
    QUESTION_PRIORITY,
    Gate,
    claim_messages,
    in_scope,
    is_from_bot_itself,
    send_reply,
)
from plugins._common.deps import AssistantDep, SettingsDep, get_assistant
from plugins._common.events import Replied, on_replied
from plugins.faq_admin import render
from plugins.faq_admin.commands import (
    FaqCommand,
    UnknownSubcommandError,
    is_cancel,
    parse,
    parse_number,
)
from plugins.faq_admin.dialogs import Dialog, DialogKind, Dialogs

__plugin_meta__ = PluginMetadata(
    name="问答库维护",
    description="管理员在聊天里添加、修改、删除问答，查看历史、回滚，处理没答上的问题，导出导入",
    usage="/faq help（或 /问答 帮助）查看全部命令；仅管理员可用",
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

T = TypeVar("T")
DB_FILE = "faq.sqlite3"
NEAR_MISS = 0.35
"""An out-of-scope reply this close to some entry is still recorded as a missed question."""


def database_path() -> Path:
    return localstore.get_plugin_data_file(DB_FILE)


class _Store:
    """The process's one repository, opened on first use (normally at start-up)."""

    def __init__(self) -> None:
        self.repo: FaqRepository | None = None
        self.storage: Storage | None = None
        self.lock = asyncio.Lock()

    async def get(self) -> FaqRepository:
        if self.repo is None:
            async with self.lock:
                if self.repo is None:
                    assistant = get_assistant()
                    self.storage = await Storage.open(database_path())
                    self.repo = FaqRepository(
                        self.storage,
                        assistant.knowledge,
                        answer_max_chars=assistant.settings.assistant_answer_max_chars,
                    )
        return self.repo

    async def close(self) -> None:
        if self.storage is not None:
            await self.storage.close()
        self.repo = self.storage = None


_store = _Store()
dialogs = Dialogs()


async def get_repository() -> FaqRepository:
    return await _store.get()


def use_repository(repo: FaqRepository | None) -> FaqRepository | None:
    """Swaps the repository (tests use one per test); returns the previous one."""
    previous, _store.repo = _store.repo, repo
    return previous


RepositoryDep = Annotated[FaqRepository, Depends(get_repository)]


async def apply_saved_changes(assistant: Assistant, repo: FaqRepository) -> None:
    """The assistant answers from the shipped entries merged with the stored changes."""
    assistant.set_entries(await repo.effective())


async def run_offline(assistant: Assistant, action: Callable[[FaqRepository], Awaitable[T]]) -> T:
    """`action` on a repository of its own, outside the running bot (the command line)."""
    storage = await Storage.open(database_path())
    try:
        repo = FaqRepository(
            storage,
            assistant.knowledge,
            answer_max_chars=assistant.settings.assistant_answer_max_chars,
        )
        return await action(repo)
    finally:
        await storage.close()


async def load_saved_changes(assistant: Assistant) -> None:
    """For `python -m bot ask`: apply stored changes without creating a database."""
    if database_path().exists():
        await run_offline(assistant, partial(apply_saved_changes, assistant))


driver = get_driver()


@driver.on_startup
async def _load_on_startup() -> None:
    # Before the first question is answered: the adapter accepts connections after start-up.
    await apply_saved_changes(get_assistant(), await get_repository())


@driver.on_shutdown
async def _close_on_shutdown() -> None:
    await dialogs.aclose()
    await _store.close()


async def is_faq_admin(bot: Bot, event: MessageEvent, settings: Settings) -> bool:
    if await SUPERUSER(bot, event):
        return True
    if event.user_id in settings.assistant_admins:
        return True
    return (
        settings.assistant_allow_group_admins
        and isinstance(event, GroupMessageEvent)
        and event.group_id in settings.assistant_groups
        and event.sender.role in ("owner", "admin")
    )


def command_word() -> str:
    """How `/faq` is typed with this bot's COMMAND_START, for help and hints."""
    starts = get_driver().config.command_start
    prefix = "/" if "/" in starts else next(iter(sorted(s for s in starts if s)), "")
    return f"{prefix}faq"


def actor_of(event: MessageEvent) -> Actor:
    place = f"群{event.group_id}" if isinstance(event, GroupMessageEvent) else "私聊"
    return Actor(str(event.user_id), place)


def _is_faq_command(text: str) -> bool:
    text = text.lstrip()
    for start in get_driver().config.command_start:
        if text.startswith(start) and text[len(start) :].lstrip().lower().startswith(
            ("faq", "问答")
        ):
            return True
    return False


async def _in_scope(event: MessageEvent, settings: SettingsDep) -> bool:
    return in_scope(event, settings) and not is_from_bot_itself(event)


async def _has_dialog(event: MessageEvent, settings: SettingsDep) -> bool:
    if not in_scope(event, settings) or dialogs.peek(event) is None:
        return False
    if _is_faq_command(event.get_plaintext()):
        dialogs.drop(event)  # a new command replaces the question the bot was waiting on
        return False
    return True


faq_cmd = on_command(
    "faq",
    aliases={"问答"},
    rule=_in_scope,
    permission=LOOKS_LIKE_COMMAND,
    priority=10,
    block=True,
)
# The gate spares every other message the rule's dependency injection: dialogs are rare.
# Same priority as the question matcher, which leaves what this matcher takes to it.
dialog_matcher = on_message(
    rule=_has_dialog,
    permission=Gate(lambda event: dialogs.peek(event) is not None),
    priority=QUESTION_PRIORITY,
    block=True,
)


@claim_messages
def _answers_dialog(event: MessageEvent) -> bool:
    """What `_has_dialog` takes, but for the scope (which the question matcher checks too)."""
    return dialogs.peek(event) is not None and not _is_faq_command(event.get_plaintext())


@dataclass(frozen=True, slots=True)
class Context:
    bot: Bot
    event: MessageEvent
    settings: Settings
    assistant: Assistant
    repo: FaqRepository
    actor: Actor
    cmd: str

    async def refresh(self) -> None:
        await apply_saved_changes(self.assistant, self.repo)


Handler = Callable[[Context, FaqCommand], Awaitable[str]]


@faq_cmd.handle()
async def handle_faq(
    bot: Bot,
    event: MessageEvent,
    settings: SettingsDep,
    assistant: AssistantDep,
    arg: Annotated[Message, CommandArg()],
) -> None:
    if not await is_faq_admin(bot, event, settings):
        await send_reply(bot, event, render.REFUSAL)
        return
    dialogs.drop(event)
    cmd = command_word()
    try:
        command = parse(arg.extract_plain_text())
        ctx = Context(
            bot, event, settings, assistant, await get_repository(), actor_of(event), cmd
        )
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


@dialog_matcher.handle()
async def handle_dialog(
    bot: Bot, event: MessageEvent, settings: SettingsDep, assistant: AssistantDep
) -> None:
    dialog = dialogs.take(event)
    if dialog is None:
        return
    text = event.get_plaintext()
    if is_cancel(text):
        await send_reply(bot, event, render.CANCELLED)
        return
    ctx = Context(bot, event, settings, assistant, await get_repository(), dialog.actor,
                  command_word())
    try:
        reply = await _finish_dialog(ctx, dialog, text)
    except FaqError as exc:
        reply = f"{exc}问答库没有改动，请重新发命令。"
    except Exception:
        logger.exception("faq dialog failed")
        reply = render.failed(ctx.cmd)
    await send_reply(bot, event, reply)


async def _finish_dialog(ctx: Context, dialog: Dialog, answer: str) -> str:
    if dialog.kind == "add":
        entry = await ctx.repo.add(dialog.subject, answer, ctx.actor)
        await ctx.refresh()
        return render.added(entry, ctx.cmd)
    if dialog.kind == "edit":
        entry = await ctx.repo.edit(dialog.subject, answer, ctx.actor)
        await ctx.refresh()
        return render.edited(entry)
    number = int(dialog.subject)
    entry = await ctx.repo.adopt(number, ctx.actor, answer=answer)
    await ctx.refresh()
    return render.adopted(number, entry, new=True)


def _ask(ctx: Context, kind: DialogKind, subject: str, what: str) -> str:
    timeout = ctx.settings.assistant_dialog_timeout_seconds

    async def on_timeout(dialog: Dialog) -> None:
        await send_reply(dialog.bot, dialog.event, render.dialog_timed_out(timeout, ctx.cmd))

    dialogs.start(
        ctx.bot, ctx.event, ctx.actor, kind, subject, timeout=timeout, on_timeout=on_timeout
    )
    return render.ask_answer(what, timeout)


def _need_id(ctx: Context, command: FaqCommand) -> str:
    entry_id = command.first_arg
    if not entry_id:
        raise InvalidInputError(f"请写问答编号，例如：{ctx.cmd} {command.name} name-rule")
    return entry_id


def _need_number(ctx: Context, command: FaqCommand) -> int:
    if not command.first_arg:
        raise InvalidInputError(
            f"请写未答问题的编号（{ctx.cmd} missed 里看），例如：{ctx.cmd} {command.name} 3"
        )
    return parse_number(command.first_arg, "未答问题编号")


async def _add(ctx: Context, command: FaqCommand) -> str:
    question, answer = command.args, command.body
    if not question and answer:
        # "/faq add" with the question on the next line and the answer after it.
        question, _, answer = answer.partition("\n")
    if not question.strip():
        raise InvalidInputError(f"请写问题，例如：{ctx.cmd} add 平台名称能用简称吗（换行写答案）")
    if not answer.strip():
        question = await ctx.repo.check_new_question(question)
        return _ask(ctx, "add", question, f"“{question}”")
    entry = await ctx.repo.add(question, answer, ctx.actor)
    await ctx.refresh()
    return render.added(entry, ctx.cmd)


async def _edit(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    # The answer may also follow the id on the same line: "/faq edit x 新答案".
    answer = command.body or command.rest_args
    if not answer:
        state = await ctx.repo.check_editable(entry_id)
        return _ask(ctx, "edit", state.id, f"问答 {state.id} 新")
    entry = await ctx.repo.edit(entry_id, answer, ctx.actor)
    await ctx.refresh()
    return render.edited(entry)


async def _alias(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    paraphrase = command.rest_args or command.body.partition("\n")[0]
    if not paraphrase.strip():
        raise InvalidInputError(f"请写新问法，例如：{ctx.cmd} alias {entry_id} 名称能带省字吗")
    entry = await ctx.repo.alias(entry_id, paraphrase, ctx.actor)
    await ctx.refresh()
    return render.aliased(entry, entry.paraphrases[-1])


async def _delete(ctx: Context, command: FaqCommand) -> str:
    state = await ctx.repo.delete(_need_id(ctx, command), ctx.actor)
    await ctx.refresh()
    return render.deleted(state, ctx.cmd)


async def _restore(ctx: Context, command: FaqCommand) -> str:
    state = await ctx.repo.restore(_need_id(ctx, command), ctx.actor)
    await ctx.refresh()
    return render.restored(state)


async def _show(ctx: Context, command: FaqCommand) -> str:
    return render.show(await ctx.repo.show(_need_id(ctx, command)), ctx.cmd)


async def _list(ctx: Context, command: FaqCommand) -> str:
    number = parse_number(command.first_arg, "页码") if command.first_arg else 1
    return render.page(await ctx.repo.list_entries(number), ctx.cmd)


async def _search(ctx: Context, command: FaqCommand) -> str:
    keyword = " ".join(f"{command.args} {command.body}".split())
    if not keyword:
        raise InvalidInputError(f"请写关键词，例如：{ctx.cmd} search 照片")
    return render.search(keyword, await ctx.repo.search(keyword))


async def _history(ctx: Context, command: FaqCommand) -> str:
    if not command.first_arg:
        return render.audit(await ctx.repo.audit())
    state = await ctx.repo.show(command.first_arg)
    return render.history(state, await ctx.repo.history(state.id))


async def _rollback(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    if not command.rest_args:
        raise InvalidInputError(
            f"请写要回到的版本号，例如：{ctx.cmd} rollback {entry_id} 2"
            f"（版本号看 {ctx.cmd} history {entry_id}）"
        )
    version = parse_number(command.rest_args, "版本号")
    state = await ctx.repo.rollback(entry_id, version, ctx.actor)
    await ctx.refresh()
    return render.rolled_back(state, version)


async def _missed(ctx: Context, command: FaqCommand) -> str:
    return render.missed(await ctx.repo.missed(), ctx.cmd)


async def _adopt(ctx: Context, command: FaqCommand) -> str:
    number = _need_number(ctx, command)
    entry_id, answer = command.rest_args, command.body
    if entry_id and answer:
        raise InvalidInputError("请二选一：写要并入的问答编号，或换行写新答案。")
    if entry_id:
        entry = await ctx.repo.adopt(number, ctx.actor, entry_id=entry_id)
    elif answer:
        entry = await ctx.repo.adopt(number, ctx.actor, answer=answer)
    else:
        group = await ctx.repo.check_adoptable(number)
        return _ask(ctx, "adopt", str(number), f"“{group.sample}”")
    await ctx.refresh()
    return render.adopted(number, entry, new=not entry_id)


async def _ignore(ctx: Context, command: FaqCommand) -> str:
    return render.ignored(await ctx.repo.ignore(_need_number(ctx, command), ctx.actor))


async def _export(ctx: Context, command: FaqCommand) -> str:
    text = await ctx.repo.export_yaml()
    count = len(await ctx.repo.effective())
    name = export_file_name()
    if await upload_file(ctx.bot, ctx.event, name, text):
        return (
            f"已导出{count}条问答，文件 {name} 已发送。"
            f"改好后发 {ctx.cmd} import，换行粘贴文件内容即可导回。"
        )
    return f"文件发送失败，下面是导出的内容（{count}条问答）：\n{text}"


def export_file_name() -> str:
    return f"faq-export-{time.strftime('%Y%m%d-%H%M%S')}.yaml"


async def upload_file(bot: Bot, event: MessageEvent, name: str, text: str) -> bool:
    """Sends `text` as a file to the chat; False when the OneBot side cannot."""
    # base64: NapCat may run on another host or in a container and cannot read our disk.
    file = "base64://" + base64.b64encode(text.encode("utf-8")).decode("ascii")
    try:
        if isinstance(event, GroupMessageEvent):
            await bot.call_api("upload_group_file", group_id=event.group_id, file=file, name=name)
        else:
            await bot.call_api("upload_private_file", user_id=event.user_id, file=file, name=name)
    except (ActionFailed, ApiNotAvailable, NetworkError) as exc:
        logger.warning(f"file upload failed, sending the export as text: {exc!r}")
        return False
    return True


async def _import(ctx: Context, command: FaqCommand) -> str:
    if not command.body:
        raise InvalidInputError(
            f"请在 {ctx.cmd} import 的下一行粘贴导出文件的全部内容。"
        )
    result = await ctx.repo.import_yaml(command.body, ctx.actor)
    await ctx.refresh()
    return render.imported(result)


async def _help(ctx: Context, command: FaqCommand) -> str:
    return render.usage(ctx.cmd)


HANDLERS: dict[str, Handler] = {
    "add": _add,
    "edit": _edit,
    "alias": _alias,
    "del": _delete,
    "restore": _restore,
    "show": _show,
    "list": _list,
    "search": _search,
    "history": _history,
    "rollback": _rollback,
    "missed": _missed,
    "adopt": _adopt,
    "ignore": _ignore,
    "export": _export,
    "import": _import,
    "help": _help,
}


@on_replied
async def record_missed(replied: Replied) -> None:
    """Questions the bot told someone it could not answer, for `/faq missed`."""
    reply = replied.reply
    missed = reply.kind is ReplyKind.GAP or (
        reply.kind is ReplyKind.OUT_OF_SCOPE and reply.confidence >= NEAR_MISS
    )
    if replied.spoke and missed:
        repo = await get_repository()
        await repo.record_missed(replied.text, actor_of(replied.event))
