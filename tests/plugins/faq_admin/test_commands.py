"""The /faq commands of an admin: replies, dialogs, export/import and missed questions."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import MessageEvent
from nonebot.adapters.onebot.v11.exception import ActionFailed
from nonebug import App

from bot.faq import Actor, FaqRepository
from bot.reply import Reply, ReplyKind
from tests.fake import (
    expected,
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)

ADMIN = 90001
ADMIN_ACTOR = Actor(str(ADMIN), "私聊")
ASK_ADD = "请发送“可以找人代填吗”的答案（可以多行）；发“取消”放弃。120秒内有效。"
ADDED = "已添加问答 admin-1：可以找人代填吗\n现在就能回答了。改答案发 /faq edit admin-1"
TIMED_OUT = "120秒内没有收到答案，已取消，问答库没有改动。需要时请重新发 /faq 命令。"



def _msg(event: MessageEvent, text: str) -> Any:
    return expected(event, text)


async def _say(app: App, text: str, reply: str, *, group: bool = False) -> MessageEvent:
    """The admin sends `text` (all matchers run) and gets exactly `reply`."""
    event: MessageEvent = (
        fake_group_message_event(text, user_id=ADMIN)
        if group
        else fake_private_message_event(text, user_id=ADMIN)
    )
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _msg(event, reply), result=None)
    return event


def _shipped_id() -> str:
    from bot.app.services import services

    return next(iter(services().assistant.knowledge.entries))


async def test_add_with_answer_is_answered_at_once(app: App, faq_repo: FaqRepository) -> None:
    """`/faq add` with the answer below makes an entry that answers the very next question,
    also when that question was asked (and its reply kept) before."""
    from bot.app.services import services

    assert services().assistant.reply("可以找人代填吗？").entry_id != "admin-1"
    await _say(
        app,
        "/faq add 可以找人代填吗\n填报指南没有写这一点。\n请打 02583673201 问。",
        ADDED,
    )
    reply = services().assistant.reply("可以找人代填吗？")
    assert reply.entry_id == "admin-1"
    assert reply.text == "填报指南没有写这一点。\n请打 02583673201 问。"


async def test_add_dialog_asks_for_the_answer(app: App, faq_repo: FaqRepository) -> None:
    """Without an answer the bot asks for it; the next message is taken as the answer only."""
    from plugins.faq_admin import open_dialogs as dialogs

    await _say(app, "/问答 添加 可以找人代填吗", ASK_ADD)
    assert len(dialogs) == 1
    # All matchers run: the Q&A matcher must not also answer the admin's answer text.
    await _say(
        app, "填报指南没有写，请打电话问。",
        ADDED,
    )
    assert len(dialogs) == 0
    assert (await faq_repo.effective())["admin-1"].answer == "填报指南没有写，请打电话问。"


async def test_dialog_cancel_changes_nothing(app: App, faq_repo: FaqRepository) -> None:
    """"取消" ends the dialog without a change."""
    await _say(app, "/faq add 可以找人代填吗", ASK_ADD)
    await _say(app, "取消", "已取消，问答库没有改动。")
    assert await faq_repo.audit() == []
    assert "admin-1" not in await faq_repo.effective()


async def test_dialog_times_out_politely(app: App, faq_repo: FaqRepository) -> None:
    """When the answer does not come in time the admin is told, and nothing is stored."""
    from plugins.faq_admin import open_dialogs as dialogs

    eid = _shipped_id()
    ask = f"请发送问答 {eid} 新的答案（可以多行）；发“取消”放弃。120秒内有效。"
    await _say(app, f"/faq edit {eid}", ask)
    dialog = dialogs.peek(fake_private_message_event("x", user_id=ADMIN))
    assert dialog is not None
    async with app.test_api() as ctx:
        dialog.bot = make_bot(ctx)  # the bot of this test context, as after a reconnect
        ctx.should_call_send(
            dialog.event,
            _msg(dialog.event, TIMED_OUT),
            result=None,
        )
        assert await dialogs.expire(dialog)
    assert not await dialogs.expire(dialog)
    assert len(dialogs) == 0
    assert await faq_repo.history(eid) == []


async def test_new_command_replaces_open_dialog(app: App, faq_repo: FaqRepository) -> None:
    """A /faq command sent while the bot waits for an answer is run as a command."""
    await _say(app, "/faq add 可以找人代填吗", ASK_ADD)
    await _say(app, "/faq show admin-1", "没有编号为 admin-1 的问答。")
    from plugins.faq_admin import open_dialogs as dialogs

    assert len(dialogs) == 0


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        pytest.param("/faq show", "请写问答编号，例如：/faq show name-rule", id="show-no-id"),
        pytest.param("/faq show nope", "没有编号为 nope 的问答。", id="show-unknown"),
        pytest.param("/faq edit nope\n答案", "没有编号为 nope 的问答。", id="edit-unknown"),
        pytest.param("/faq add", "请写问题，例如：/faq add 平台名称能用简称吗（换行写答案）",
                     id="add-empty"),
        pytest.param(
            "/faq add 问题\n" + "长" * 2001, "答案太长了（2001字，最多2000字），没有保存。",
            id="answer-too-long",
        ),
        pytest.param("/faq rollback admin-1", "请写要回到的版本号，例如：/faq rollback admin-1 2"
                     "（版本号看 /faq history admin-1）", id="rollback-no-version"),
        pytest.param("/faq rollback nope x", "版本号要写数字，例如 3。", id="rollback-bad-version"),
        pytest.param("/faq adopt", "请写未答问题的编号（/faq missed 里看），例如：/faq adopt 3",
                     id="adopt-no-number"),
        pytest.param("/faq ignore 7", "没有编号为 7 的未答问题。", id="ignore-unknown"),
        pytest.param("/faq import", "请在 /faq import 的下一行粘贴导出文件的全部内容。",
                     id="import-empty"),
        pytest.param(
            "/faq import\ntopic: [", "导入失败：不是有效的 YAML（第1行）。", id="import-bad"
        ),
        pytest.param("/faq missed", "目前没有没答上的问题。", id="missed-empty"),
        pytest.param("/faq history", "还没有任何修改记录。", id="history-empty"),
    ],
)
async def test_bad_input_gets_a_clear_message(
    app: App, faq_repo: FaqRepository, text: str, reply: str
) -> None:
    """Missing or unknown ids, empty or too long text: a Chinese message and no change."""
    await _say(app, text, reply)
    assert await faq_repo.audit() == []


async def test_list_pages_and_page_out_of_range(app: App, faq_repo: FaqRepository) -> None:
    """`list` pages through the entries and names the last page when asked for too much."""
    page = await faq_repo.list_entries(1)
    lines = [f"问答列表 第1/{page.pages}页（共{page.total}条）："]
    lines += [f"{s.id}：{s.entry.question}" for s in page.items if s.entry]
    if page.pages > 1:
        lines.append("下一页发 /faq list 2")
    await _say(app, "/问答 列表", "\n".join(lines))
    await _say(app, "/faq list 999", f"没有第999页，一共{page.pages}页。")


async def test_duplicate_question_names_the_entry(app: App, faq_repo: FaqRepository) -> None:
    """Adding a question that exists says which entry holds it."""
    from bot.app.services import services

    entry = services().assistant.knowledge.entries[_shipped_id()]
    await _say(
        app, f"/faq add {entry.question}\n答案",
        f"这个问法和问答 {entry.id} 的“{entry.question}”重复，没有保存。",
    )


async def test_unknown_subcommand_shows_usage(app: App, faq_repo: FaqRepository) -> None:
    """An unknown sub-command names itself and lists the commands."""
    from bot.faq import render

    await _say(app, "/faq frobnicate", "没有“frobnicate”这个命令。\n" + render.usage("/faq"))


async def test_edit_alias_delete_restore_rollback(app: App, faq_repo: FaqRepository) -> None:
    """The life of an entry through chat, with the assistant following every step."""
    from bot.app.services import services

    assistant = services().assistant
    eid = _shipped_id()
    question = assistant.entries[eid].question
    assert assistant.reply(question).text != "管理员写的新答案"
    await _say(app, f"/faq edit {eid}\n管理员写的新答案", f"已修改问答 {eid} 的答案，现在就生效。")
    assert assistant.entries[eid].answer == "管理员写的新答案"
    assert assistant.reply(question).text == "管理员写的新答案"
    count = len(assistant.entries[eid].texts) + 1
    await _say(
        app, f"/faq alias {eid} 一个全新的奇怪问法",
        f"已给问答 {eid} 添加问法：一个全新的奇怪问法（共{count}种问法）",
    )
    assert assistant.reply("一个全新的奇怪问法").entry_id == eid
    await _say(app, f"/faq del {eid}", f"已删除问答 {eid}，不再回答。要恢复发 /faq restore {eid}")
    assert eid not in assistant.entries
    await _say(app, f"/faq restore {eid}", f"已恢复问答 {eid}，现在就能回答了。")
    await _say(app, f"/faq rollback {eid} 0", f"已把问答 {eid} 回滚到内置文件的版本，记为版本5。")
    assert assistant.entries[eid] == assistant.knowledge.entries[eid]
    history = await faq_repo.history(eid)
    assert [r.action for r in history] == ["edit", "alias", "delete", "restore", "rollback"]


async def test_show_reports_override(app: App, faq_repo: FaqRepository) -> None:
    """`show` gives the source, version, question, answer and clause."""
    from bot.app.services import services

    eid = _shipped_id()
    entry = services().assistant.knowledge.entries[eid]
    await faq_repo.edit(eid, "改过的答案", ADMIN_ACTOR)
    lines = [f"问答 {eid}（版本1，管理员修改过的内置问答）", f"问题：{entry.question}"]
    if entry.paraphrases:
        lines.append("其他问法：" + "；".join(entry.paraphrases))
    lines.append("答案：\n改过的答案")
    if entry.clause:
        lines.append(f"依据：填报指南{entry.clause}")
    await _say(app, f"/faq show {eid}", "\n".join(lines), group=False)


async def test_history_shows_who_when_where(app: App, faq_repo: FaqRepository) -> None:
    """`history` lists each version with time, QQ number, chat and the answer change."""
    from bot.faq.render import when

    await faq_repo.add("原来的问题", "原来的答案", ADMIN_ACTOR)
    await faq_repo.edit("admin-1", "新的答案", Actor("20002", "群807645478"))
    revs = await faq_repo.history("admin-1")
    await _say(
        app, "/问答 历史 admin-1",
        "问答 admin-1 的修改记录：\n"
        f"版本1：{when(revs[0].created_at)} 90001（私聊）添加问答\n"
        "  答案：原来的答案\n"
        f"版本2：{when(revs[1].created_at)} 20002（群807645478）修改答案\n"
        "  原答案：原来的答案\n"
        "  新答案：新的答案",
    )


async def test_missed_adopt_and_ignore(app: App, faq_repo: FaqRepository) -> None:
    """Missed questions are listed with counts and become a paraphrase or a new entry."""
    from bot.app.services import services
    from bot.faq.render import when

    first = await faq_repo.record_missed("填报截止时间是哪天", Actor("1", "私聊"))
    again = await faq_repo.record_missed("请问截止时间是哪天", Actor("2", "群807645478"))
    other = await faq_repo.record_missed("能不能找人代填", Actor("3", "私聊"))
    assert first is not None
    assert again is not None
    assert other is not None
    await _say(
        app, "/faq missed",
        "没答上的问题（问得多的在前）：\n"
        f"编号1：填报截止时间是哪天（2次，最近 {when(again.last_at)}）\n"
        f"编号2：能不能找人代填（1次，最近 {when(other.last_at)}）\n"
        "并入已有问答发 /faq adopt 编号 问答编号；做成新问答发 /faq adopt 编号，换行写答案；"
        "不用管的发 /faq ignore 编号",
    )
    await _say(app, "/faq adopt 2\n指南没有写，请打电话问。",
               "已把未答问题2做成新问答 admin-1：能不能找人代填")
    assert services().assistant.reply("能不能找人代填").entry_id == "admin-1"
    await _say(app, "/faq ignore 1", "已忽略未答问题1：填报截止时间是哪天")
    await _say(app, "/faq missed", "目前没有没答上的问题。")


@pytest.mark.parametrize(
    ("kind", "confidence", "spoke", "recorded"),
    [
        pytest.param(ReplyKind.GAP, 1.0, True, True, id="gap"),
        pytest.param(ReplyKind.GAP, 1.0, False, False, id="gap-silent-in-group"),
        pytest.param(ReplyKind.OUT_OF_SCOPE, 0.4, True, True, id="near-miss"),
        pytest.param(ReplyKind.OUT_OF_SCOPE, 0.1, True, False, id="off-topic"),
        pytest.param(ReplyKind.ANSWER, 0.9, True, False, id="answered"),
        pytest.param(ReplyKind.TECH, 1.0, True, False, id="tech"),
    ],
)
async def test_missed_questions_are_recorded_after_replies(
    app: App, faq_repo: FaqRepository, kind: ReplyKind, confidence: float, spoke: bool,
    recorded: bool,
) -> None:
    """Only questions the bot told someone it could not answer are recorded."""
    from plugins._common.events import Replied, emit_replied

    async with app.test_api() as ctx:
        bot = make_bot(ctx)
        event = fake_private_message_event("今年什么时候截止", user_id=30001)
        await emit_replied(Replied(bot, event, "今年什么时候截止", Reply(kind, "…", confidence),
                                   spoke))
    from bot.app.services import services

    # Through the service: the question path only counts in memory; listing writes it first.
    groups = await services().faq_service().missed()
    assert [(g.sample, g.count) for g in groups] == ([("今年什么时候截止", 1)] if recorded else [])


async def test_export_uploads_a_file(
    app: App, faq_repo: FaqRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export` uploads the knowledge file to the private chat and says so."""
    import plugins.faq_admin.uploads as plugin

    monkeypatch.setattr(plugin, "export_file_name", lambda: "faq-export.yaml")
    await faq_repo.add("可以找人代填吗", "指南没有写。", ADMIN_ACTOR)
    text = await faq_repo.export_yaml()
    count = len(await faq_repo.effective())
    event = fake_private_message_event("/faq export", user_id=ADMIN)
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_api(
            "upload_private_file",
            {"user_id": ADMIN, "name": "faq-export.yaml",
             "file": "base64://" + base64.b64encode(text.encode()).decode()},
            result=None,
        )
        ctx.should_call_send(event, _msg(event, (
            f"已导出{count}条问答，文件 faq-export.yaml 已发送。"
            "改好后发 /faq import，换行粘贴文件内容即可导回。"
        )), result=None)


async def test_export_in_group_falls_back_to_text(
    app: App, faq_repo: FaqRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the group upload fails the export is sent as text instead."""
    import plugins.faq_admin.uploads as plugin
    from bot.app.services import services

    monkeypatch.setattr(plugin, "export_file_name", lambda: "faq-export.yaml")
    # One plain message: how long texts are split or forwarded is the outbox's business.
    monkeypatch.setattr(services().settings, "assistant_forward_threshold", 10**6)
    text = await faq_repo.export_yaml()
    count = len(await faq_repo.effective())
    event = fake_group_message_event("/faq export", user_id=ADMIN)
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_api(
            "upload_group_file",
            {"group_id": event.group_id, "name": "faq-export.yaml",  # type: ignore[attr-defined]
             "file": "base64://" + base64.b64encode(text.encode()).decode()},
            exception=ActionFailed(retcode=1404, status="failed"),
        )
        ctx.should_call_send(
            event, _msg(event, f"文件发送失败，下面是导出的内容（{count}条问答）：\n{text}"),
            result=None,
        )


async def test_import_from_chat_round_trip(app: App, faq_repo: FaqRepository) -> None:
    """An export pasted back with `/faq import` restores the same knowledge after changes."""
    from bot.app.services import services

    await faq_repo.add("可以找人代填吗", "指南没有写。\n请打电话问。", ADMIN_ACTOR)
    exported = await faq_repo.export_yaml()
    before = await faq_repo.effective()
    await faq_repo.edit("admin-1", "临时改的", ADMIN_ACTOR)
    await faq_repo.delete(_shipped_id(), ADMIN_ACTOR)
    await _say(app, "/faq import\n" + exported,
               f"导入完成：新增0条，修改2条，删除0条，未变{len(before) - 2}条。现在就生效。")
    assert await faq_repo.effective() == before
    assert dict(services().assistant.entries) == before
    await _say(
        app, "/faq import\n" + exported, f"导入完成：{len(before)}条都和现在一样，没有改动。"
    )


async def test_database_fault_is_reported(
    app: App, faq_repo: FaqRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing database gets a reply pointing to the history, not silence."""
    import sqlite3

    async def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(faq_repo, "add", broken)
    await _say(
        app, "/faq add 可以找人代填吗\n指南没有写。",
        "处理时出错了，请稍后再试。是否已经改动，可以发 /faq history 查看。",
    )
