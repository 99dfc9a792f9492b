"""The `/faq` sub-commands: each takes the parsed command and answers with the reply text.

Changes go through `bot.faq.FaqService`, which stores each change and only then re-indexes the
assistant, so "已添加" means stored and answered. A sub-command that needs the answer text
first opens a dialog (`plugins.faq_admin.dialogs`); `finish_dialog` completes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent

from bot.config import Settings
from bot.faq import Actor, FaqService, InvalidInputError, render
from plugins.faq_admin import uploads
from plugins.faq_admin.dialogs import Dialog, DialogKind, Dialogs
from plugins.faq_admin.parsing import FaqCommand, parse_number


def actor_of(event: MessageEvent) -> Actor:
    """Who made a change, and where, as the audit log records it."""
    place = f"群{event.group_id}" if isinstance(event, GroupMessageEvent) else "私聊"
    return Actor(str(event.user_id), place)


@dataclass(frozen=True, slots=True)
class Context:
    """What a sub-command works with."""

    bot: Bot
    event: MessageEvent
    settings: Settings
    faq: FaqService
    actor: Actor
    cmd: str
    """How `/faq` is typed here, for hints."""
    dialogs: Dialogs
    on_timeout: Callable[[Dialog], Awaitable[None]]
    """Tells the admin that a dialog of theirs timed out."""


Handler = Callable[[Context, FaqCommand], Awaitable[str]]


async def finish_dialog(ctx: Context, dialog: Dialog, answer: str) -> str:
    """Complete the change a dialog waited for, with `answer` as the answer text."""
    if dialog.kind == "add":
        entry = await ctx.faq.add(dialog.subject, answer, ctx.actor)
        return render.added(entry, ctx.cmd)
    if dialog.kind == "edit":
        entry = await ctx.faq.edit(dialog.subject, answer, ctx.actor)
        return render.edited(entry)
    number = int(dialog.subject)
    entry = await ctx.faq.adopt(number, ctx.actor, answer=answer)
    return render.adopted(number, entry, new=True)


def _ask(ctx: Context, kind: DialogKind, subject: str, what: str) -> str:
    timeout = ctx.settings.assistant_dialog_timeout_seconds
    ctx.dialogs.start(
        ctx.bot, ctx.event, ctx.actor, kind, subject, timeout=timeout, on_timeout=ctx.on_timeout
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
        question = await ctx.faq.check_new_question(question)
        return _ask(ctx, "add", question, f"“{question}”")
    entry = await ctx.faq.add(question, answer, ctx.actor)
    return render.added(entry, ctx.cmd)


async def _edit(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    # The answer may also follow the id on the same line: "/faq edit x 新答案".
    answer = command.body or command.rest_args
    if not answer:
        state = await ctx.faq.check_editable(entry_id)
        return _ask(ctx, "edit", state.id, f"问答 {state.id} 新")
    entry = await ctx.faq.edit(entry_id, answer, ctx.actor)
    return render.edited(entry)


async def _alias(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    paraphrase = command.rest_args or command.body.partition("\n")[0]
    if not paraphrase.strip():
        raise InvalidInputError(f"请写新问法，例如：{ctx.cmd} alias {entry_id} 名称能带省字吗")
    entry = await ctx.faq.alias(entry_id, paraphrase, ctx.actor)
    return render.aliased(entry, entry.paraphrases[-1])


async def _delete(ctx: Context, command: FaqCommand) -> str:
    state = await ctx.faq.delete(_need_id(ctx, command), ctx.actor)
    return render.deleted(state, ctx.cmd)


async def _restore(ctx: Context, command: FaqCommand) -> str:
    state = await ctx.faq.restore(_need_id(ctx, command), ctx.actor)
    return render.restored(state)


async def _show(ctx: Context, command: FaqCommand) -> str:
    return render.show(await ctx.faq.show(_need_id(ctx, command)), ctx.cmd)


async def _list(ctx: Context, command: FaqCommand) -> str:
    number = parse_number(command.first_arg, "页码") if command.first_arg else 1
    return render.page(await ctx.faq.list_entries(number), ctx.cmd)


async def _search(ctx: Context, command: FaqCommand) -> str:
    keyword = " ".join(f"{command.args} {command.body}".split())
    if not keyword:
        raise InvalidInputError(f"请写关键词，例如：{ctx.cmd} search 照片")
    return render.search(keyword, await ctx.faq.search(keyword))


async def _history(ctx: Context, command: FaqCommand) -> str:
    if not command.first_arg:
        return render.audit(await ctx.faq.audit())
    state = await ctx.faq.show(command.first_arg)
    return render.history(state, await ctx.faq.history(state.id))


async def _rollback(ctx: Context, command: FaqCommand) -> str:
    entry_id = _need_id(ctx, command)
    if not command.rest_args:
        raise InvalidInputError(
            f"请写要回到的版本号，例如：{ctx.cmd} rollback {entry_id} 2"
            f"（版本号看 {ctx.cmd} history {entry_id}）"
        )
    version = parse_number(command.rest_args, "版本号")
    state = await ctx.faq.rollback(entry_id, version, ctx.actor)
    return render.rolled_back(state, version)


async def _missed(ctx: Context, command: FaqCommand) -> str:
    return render.missed(await ctx.faq.missed(), ctx.cmd)


async def _adopt(ctx: Context, command: FaqCommand) -> str:
    number = _need_number(ctx, command)
    entry_id, answer = command.rest_args, command.body
    if entry_id and answer:
        raise InvalidInputError("请二选一：写要并入的问答编号，或换行写新答案。")
    if entry_id:
        entry = await ctx.faq.adopt(number, ctx.actor, entry_id=entry_id)
    elif answer:
        entry = await ctx.faq.adopt(number, ctx.actor, answer=answer)
    else:
        group = await ctx.faq.check_adoptable(number)
        return _ask(ctx, "adopt", str(number), f"“{group.sample}”")
    return render.adopted(number, entry, new=not entry_id)


async def _ignore(ctx: Context, command: FaqCommand) -> str:
    return render.ignored(await ctx.faq.ignore(_need_number(ctx, command), ctx.actor))


async def _export(ctx: Context, command: FaqCommand) -> str:
    text = await ctx.faq.export_yaml()
    count = len(await ctx.faq.effective())
    name = uploads.export_file_name()
    if await uploads.upload_file(ctx.bot, ctx.event, name, text):
        return (
            f"已导出{count}条问答，文件 {name} 已发送。"
            f"改好后发 {ctx.cmd} import，换行粘贴文件内容即可导回。"
        )
    return f"文件发送失败，下面是导出的内容（{count}条问答）：\n{text}"


async def _import(ctx: Context, command: FaqCommand) -> str:
    if not command.body:
        raise InvalidInputError(f"请在 {ctx.cmd} import 的下一行粘贴导出文件的全部内容。")
    return render.imported(await ctx.faq.import_yaml(command.body, ctx.actor))


STATS_DAYS = 7
STATS_DAYS_MAX = 366
STATS_SHOWN = 5


async def _stats(ctx: Context, command: FaqCommand) -> str:
    days = parse_number(command.first_arg, "天数") if command.first_arg else STATS_DAYS
    days = min(max(days, 1), STATS_DAYS_MAX)
    summary = await ctx.faq.usage.summary(days, limit=STATS_SHOWN)
    return render.usage_report(summary, f"近{days}天", ctx.cmd)


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
    "stats": _stats,
    "help": _help,
}
"""Sub-command name (a key of `parsing.SUBCOMMANDS`) -> its handler."""
