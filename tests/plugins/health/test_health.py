"""The health plugin: bot_offline / bot_online notices, disconnects, the admins' notice when the
account is back, and GET /healthz over the driver's own HTTP server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import Adapter, Message, MessageSegment
from nonebug import App

from bot.app.health import BRIEF_DISCONNECT_SECONDS, Health
from bot.reply import Reply, ReplyKind
from tests.fake import SELF_ID, fake_private_message_event, make_bot

ADMIN = 90001
"""The only SUPERUSER of the tests, and no ASSISTANT_ADMINS: the notifier's one target."""
ACCOUNT = str(SELF_ID)


class Clock:
    def __init__(self) -> None:
        self.now = time.mktime((2025, 3, 14, 9, 0, 0, 0, 0, -1))

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The process's connection state on a clock the test moves, once the disconnect hooks of
    the tests before (run by the driver in tasks of their own) are done."""
    from bot.app.services import services

    await asyncio.sleep(0.05)
    clock = Clock()
    monkeypatch.setattr(services(), "health", Health(clock))
    return clock


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    """Log lines at WARNING and above while the test runs."""
    from nonebot.log import logger

    lines: list[str] = []
    sink = logger.add(lambda m: lines.append(str(m).strip()), level="WARNING", format="{message}")
    yield lines
    logger.remove(sink)


def _notice(**fields: Any) -> Any:
    event = Adapter.json_to_event(
        {"time": int(time.time()), "self_id": SELF_ID, "post_type": "notice", **fields}
    )
    assert event is not None
    return event


NAPCAT_OFFLINE = {
    "notice_type": "bot_offline", "user_id": SELF_ID, "tag": "BotOfflineEvent",
    "message": "账号在另一台设备登录",
}
OLD_LAGRANGE_OFFLINE = {
    "notice_type": "notify", "sub_type": "bot_offline", "tag": "KickedOffline",
    "message": "账号在另一台设备登录",
}


async def _settle(connected: bool = True) -> None:
    """Lets the connect hook nonebug's `create_bot` started run before the test goes on."""
    from bot.app.services import services

    for _ in range(50):
        account = services().health.accounts.get(ACCOUNT)
        if account is not None and account.connected is connected:
            return
        await asyncio.sleep(0.01)


def _admin_notice(ctx: Any, text: str) -> None:
    """Expects one private message with `text` to the admin."""
    ctx.should_call_api(
        "send_private_msg",
        {"user_id": ADMIN, "message": Message(MessageSegment.text(text))},
        result={"message_id": 1},
    )


AFTERWARDS = "中断期间的提问机器人没有收到，请看看群里和私聊有没有人还在等回复。"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(NAPCAT_OFFLINE, id="napcat"),
        pytest.param(OLD_LAGRANGE_OFFLINE, id="older-lagrange"),
    ],
)
async def test_bot_offline_is_logged_at_once_and_noted(
    app: App, clock: Clock, warnings: list[str], fields: dict[str, Any]
) -> None:
    """A bot_offline notice (either implementation's shape) logs one warning naming the
    account and QQ's reason at once, sends nothing yet, and marks the account offline."""
    from bot.app.services import services

    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        await _settle()
        ctx.receive_event(bot, _notice(**fields))
    [line] = [w for w in warnings if "下线" in w]
    assert ACCOUNT in line
    assert "账号在另一台设备登录" in line
    outage = services().health.accounts[ACCOUNT].outage
    assert outage is not None
    assert outage.kind == "offline"
    assert any("被 QQ 下线" in p for p in services().health.problems())


async def test_bot_online_tells_the_admins(app: App, clock: Clock) -> None:
    """After bot_offline, Lagrange's bot_online ends the outage: the admins get one private
    notice with the account, QQ's reason and how long it lasted."""
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        await _settle()
        ctx.receive_event(bot, _notice(**NAPCAT_OFFLINE))
    clock.now += 40 * 60
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        await _settle()
        _admin_notice(
            ctx,
            f"机器人的 QQ 号 {ACCOUNT} 在 03-14 09:00 被 QQ 下线（QQ 提示：账号在另一台设备登录），"
            f"03-14 09:40 已恢复，中断约40分钟。{AFTERWARDS}",
        )
        ctx.receive_event(bot, _notice(notice_type="bot_online", reason="Login"))


async def test_heartbeats_do_not_end_an_offline_outage(app: App, clock: Clock) -> None:
    """Heartbeats keep coming while QQ has logged the account out: they move the last event
    time and tell nobody anything."""
    from bot.app.services import services

    heartbeat = Adapter.json_to_event({
        "time": int(time.time()), "self_id": SELF_ID, "post_type": "meta_event",
        "meta_event_type": "heartbeat", "status": {"online": True, "good": True},
        "interval": 30000,
    })
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        await _settle()
        ctx.receive_event(bot, _notice(**NAPCAT_OFFLINE))
        clock.now += 30
        ctx.receive_event(bot, heartbeat)
    account = services().health.accounts[ACCOUNT]
    assert account.outage is not None
    assert account.last_event_at == clock.now


async def test_an_answered_message_after_offline_tells_the_admins(
    app: App, clock: Clock
) -> None:
    """NapCat says nothing when the account is logged in again: the first message the bot
    handles afterwards ends the outage, and the admins hear of it once."""
    from plugins._common.events import Replied, emit_replied

    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        await _settle()
        ctx.receive_event(bot, _notice(**NAPCAT_OFFLINE))
    async with app.test_api() as ctx:
        bot = make_bot(ctx)
        await _settle()
        clock.now += 3 * 3600
        _admin_notice(
            ctx,
            f"机器人的 QQ 号 {ACCOUNT} 在 03-14 09:00 被 QQ 下线（QQ 提示：账号在另一台设备登录），"
            f"03-14 12:00 已恢复，中断约3.0小时。{AFTERWARDS}",
        )
        event = fake_private_message_event("分类2能选几项", user_id=10001)
        reply = Reply(ReplyKind.ANSWER, "…", 0.9)
        await emit_replied(Replied(bot, event, "分类2能选几项", reply, True))
        await emit_replied(Replied(bot, event, "分类2能选几项", reply, True))


async def test_long_disconnect_tells_the_admins_brief_one_does_not(
    app: App, clock: Clock, warnings: list[str]
) -> None:
    """A dropped socket is logged at once; back within the brief limit nobody is told, back
    after longer the admins are, once."""
    import plugins.health as plugin

    async with app.test_api() as ctx:
        bot = make_bot(ctx)
        await _settle()
        await plugin.disconnected(bot)
        assert any("连接断开" in w and ACCOUNT in w for w in warnings)
        clock.now += BRIEF_DISCONNECT_SECONDS - 1
        await plugin.connected(bot)  # brief: no API call expected
        await plugin.disconnected(bot)
        clock.now += 10 * 60
        _admin_notice(
            ctx,
            f"机器人和 QQ 端（NapCat / Lagrange）的连接（QQ 号 {ACCOUNT}）在 03-14 09:00 断开，"
            f"03-14 09:10 已恢复，中断约10分钟。{AFTERWARDS}",
        )
        await plugin.connected(bot)


async def test_healthz_reports_connected_bots_and_database(app: App, clock: Clock) -> None:
    """GET /healthz over the driver's HTTP server: 200 with the connected account, its last
    event and a working database; 503 naming the problem once the account is offline."""
    from bot.app.services import services

    health = services().health
    health.connected(ACCOUNT)  # as the connect hook does
    health.seen(ACCOUNT)
    async with app.test_server() as server:
        client = server.get_client()
        healthy = await client.get("/healthz")
        health.offline(ACCOUNT, "被踢")
        sick = await client.get("/healthz")
    assert healthy.status_code == 200, healthy.text
    body = json.loads(healthy.text)
    assert body["status"] == "ok"
    assert body["problems"] == []
    assert [b["self_id"] for b in body["bots"] if b["connected"]] == [ACCOUNT]
    assert body["last_event_at"].startswith("2025-03-14T09:00:00")
    assert body["database"]["ok"] is True
    assert body["database"]["path"].endswith("faq.sqlite3")

    assert sick.status_code == 503
    body = json.loads(sick.text)
    assert body["status"] == "unhealthy"
    assert any("被 QQ 下线" in p for p in body["problems"])
    assert body["bots"][0]["offline_reason"] == "被踢"


async def test_healthz_without_bots_or_database_is_503(
    app: App, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No QQ side connected and no open database: 503, both problems named."""
    from bot.app.services import services

    monkeypatch.setattr(services(), "faq", None)
    async with app.test_server() as server:
        response = await server.get_client().get("/healthz")
    assert response.status_code == 503
    problems = json.loads(response.text)["problems"]
    assert any("没有 QQ 端" in p for p in problems)
    assert any("问答数据库" in p for p in problems)


async def test_healthz_asks_for_the_token_when_one_is_set(
    app: App, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ONEBOT_ACCESS_TOKEN set, /healthz answers 401 without the Bearer token and the
    report with it."""
    import bot.app.startup as startup

    monkeypatch.setattr(startup, "access_token", lambda: "s3cret")
    async with app.test_server() as server:
        client = server.get_client()
        refused = await client.get("/healthz")
        allowed = await client.get("/healthz", headers={"Authorization": "Bearer s3cret"})
    assert refused.status_code == 401
    assert "problems" in json.loads(refused.text)
    assert "bots" not in json.loads(refused.text)
    assert allowed.status_code == 503  # no QQ side here: but the report itself is given
    assert "bots" in json.loads(allowed.text)
