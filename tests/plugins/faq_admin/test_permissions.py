"""Who may use /faq: every command, private and group, refused politely for everyone else."""

from __future__ import annotations

from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import MessageEvent
from nonebug import App

from bot.config import Settings
from bot.faq import Actor, FaqRepository
from tests.fake import (
    expected,
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)

SUPERUSER_ID = 90001
LISTED_ADMIN = 20002
ADDED = "已添加问答 admin-1：可以找人代填吗\n现在就能回答了。改答案发 /faq edit admin-1"
STRANGER = 30003

# One message per sub-command (English and Chinese spellings), each valid for an admin.
COMMANDS = [
    pytest.param("/faq add 可以找人代填吗\n指南没有写。", id="add"),
    pytest.param("/问答 添加 可以找人代填吗", id="add-dialog"),
    pytest.param("/faq edit admin-1\n新答案", id="edit"),
    pytest.param("/faq alias admin-1 另一种问法", id="alias"),
    pytest.param("/faq del admin-1", id="del"),
    pytest.param("/问答 恢复 admin-1", id="restore"),
    pytest.param("/faq show admin-1", id="show"),
    pytest.param("/faq list", id="list"),
    pytest.param("/问答 搜索 代填", id="search"),
    pytest.param("/faq history admin-1", id="history"),
    pytest.param("/faq rollback admin-1 1", id="rollback"),
    pytest.param("/faq missed", id="missed"),
    pytest.param("/faq adopt 1 admin-1", id="adopt"),
    pytest.param("/faq ignore 1", id="ignore"),
    pytest.param("/faq export", id="export"),
    pytest.param(
        "/faq import\ntopic: t\nentries:\n- {id: x, origin: admin, question: q, answer: a}",
        id="import",
    ),
    pytest.param("/faq", id="help"),
]



async def _snapshot(repo: FaqRepository) -> tuple[Any, ...]:
    async with repo.storage.read() as conn:
        rows = []
        for table in ("revision", "audit_log", "missed_group"):
            async with conn.execute(f"SELECT * FROM {table}") as cur:
                rows.append(tuple(tuple(r) for r in await cur.fetchall()))
    return tuple(rows)


async def _seed(repo: FaqRepository) -> None:
    """An admin entry with a version and one missed question, so every command has a target."""
    await repo.add("原来的问题", "原来的答案", Actor(str(SUPERUSER_ID), "私聊"))
    await repo.record_missed("今年什么时候截止", Actor("1", "私聊"))


def _refusal(event: MessageEvent) -> Any:
    from bot.faq import render

    return expected(event, render.REFUSAL)


def _events(text: str, user: int, role: str = "member") -> list[MessageEvent]:
    return [
        fake_private_message_event(text, user_id=user),
        fake_group_message_event(text, user_id=user, sender={"user_id": user, "role": role}),
    ]


@pytest.mark.parametrize("text", COMMANDS)
@pytest.mark.parametrize("chat", [0, 1], ids=["private", "group"])
async def test_stranger_is_refused_and_nothing_changes(
    app: App, faq_repo: FaqRepository, text: str, chat: int
) -> None:
    """A user who is no admin gets the polite refusal for every command; the database stays."""
    from plugins.faq_admin import open_dialogs as dialogs

    await _seed(faq_repo)
    before = await _snapshot(faq_repo)
    event = _events(text, STRANGER)[chat]
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _refusal(event), result=None)
    assert await _snapshot(faq_repo) == before
    assert len(dialogs) == 0


@pytest.mark.parametrize("text", COMMANDS)
async def test_group_admins_are_refused_unless_allowed(
    app: App, faq_repo: FaqRepository, text: str
) -> None:
    """Owners and admins of a consultation group are refused while the setting is off."""
    await _seed(faq_repo)
    before = await _snapshot(faq_repo)
    for role in ("owner", "admin"):
        event = _events(text, STRANGER, role)[1]
        async with app.test_matcher() as ctx:
            bot = make_bot(ctx)
            ctx.receive_event(bot, event)
            ctx.should_call_send(event, _refusal(event), result=None)
    assert await _snapshot(faq_repo) == before


@pytest.mark.parametrize(
    ("user", "role", "allow_group_admins", "chat"),
    [
        pytest.param(SUPERUSER_ID, "member", False, 0, id="superuser-private"),
        pytest.param(SUPERUSER_ID, "member", False, 1, id="superuser-group"),
        pytest.param(LISTED_ADMIN, "member", False, 0, id="listed-admin-private"),
        pytest.param(LISTED_ADMIN, "member", False, 1, id="listed-admin-group"),
        pytest.param(STRANGER, "admin", True, 1, id="group-admin-allowed"),
        pytest.param(STRANGER, "owner", True, 1, id="group-owner-allowed"),
    ],
)
async def test_admins_may_change_the_knowledge(
    app: App,
    faq_repo: FaqRepository,
    monkeypatch: pytest.MonkeyPatch,
    user: int,
    role: str,
    allow_group_admins: bool,
    chat: int,
) -> None:
    """SUPERUSERS, listed admins and (when allowed) group owners and admins add an entry."""
    from bot.app.services import services

    settings: Settings = services().settings
    monkeypatch.setattr(settings, "assistant_admins", [LISTED_ADMIN])
    monkeypatch.setattr(settings, "assistant_allow_group_admins", allow_group_admins)
    event = _events("/faq add 可以找人代填吗\n指南没有写，请打电话问。", user, role)[chat]
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            expected(event, ADDED),
            result=None,
        )
    [rev] = await faq_repo.history("admin-1")
    assert (rev.actor, rev.place) == (str(user), "私聊" if chat == 0 else "群807645478")
    assert services().assistant.reply("可以找人代填吗").entry_id == "admin-1"


async def test_group_admin_of_other_group_is_ignored(
    app: App, faq_repo: FaqRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the consultation groups the bot does not react to /faq at all."""
    from bot.app.services import services
    from plugins.faq_admin import faq_cmd

    monkeypatch.setattr(services().settings, "assistant_allow_group_admins", True)
    event = fake_group_message_event(
        "/faq list", user_id=SUPERUSER_ID, group_id=123, sender={"user_id": 1, "role": "owner"}
    )
    async with app.test_matcher(faq_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_not_pass_rule(faq_cmd)
