"""Health over the real socket: what start-up prints, GET /healthz on the bot's own port, and a
bot_offline notice (the socket stays open) told to the admins once the account is back."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import SELF_ID, SUPERUSER, BotProcess, OneBotPeer


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A bot of this module's own: its connection state is what the tests change."""
    with BotProcess(tmp_path_factory.mktemp("health-bot"), env=E2E_ENV) as process:
        process.wait_listening()
        yield process


@pytest.fixture(scope="module")
def peer(bot: BotProcess) -> OneBotPeer:
    """One peer for the module, connected by each test itself: its users and message ids
    never repeat, as with one NapCat."""
    return OneBotPeer.for_bot(bot)


def _get(bot: BotProcess, token: str | None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(f"http://127.0.0.1:{bot.port}/healthz")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


async def healthz(bot: BotProcess, token: str | None = "") -> tuple[int, dict[str, Any]]:
    """GET /healthz, with the bot's own token unless told otherwise (None: no header)."""
    return await asyncio.to_thread(_get, bot, bot.token if token == "" else token)


async def _until(bot: BotProcess, status: int) -> dict[str, Any]:
    """/healthz once it answers `status` (connects and disconnects are handled in tasks)."""
    deadline = time.monotonic() + 10
    while True:
        got, body = await healthz(bot)
        if got == status or time.monotonic() > deadline:
            assert got == status, body
            return body
        await asyncio.sleep(0.1)


def test_start_up_names_the_data_and_the_address(bot: BotProcess) -> None:
    """The log names the database, the backups folder, the WebSocket address and that a token
    is set, one line each."""
    log = bot.log()
    database = Path(bot.workdir) / "data" / "faq_admin" / "faq.sqlite3"
    assert f"问答数据库：{database}；备份目录：{database.parent / 'backups'}" in log
    address = f"ws://127.0.0.1:{bot.port}/onebot/v11/ws"
    [line] = [line for line in log.splitlines() if address in line]
    assert "已设置 ONEBOT_ACCESS_TOKEN" in line


async def test_healthz_needs_the_token_and_reports_the_connection(
    bot: BotProcess, peer: OneBotPeer
) -> None:
    """Without the token 401; with it 503 while no QQ side is connected and 200 once one is,
    naming the account, its last event and the database."""
    status, body = await healthz(bot, None)
    assert status == 401
    assert "bots" not in body
    status, _ = await healthz(bot, "wrong")
    assert status == 401
    status, body = await healthz(bot)
    assert status == 503
    assert any("没有 QQ 端" in p for p in body["problems"])
    async with peer:
        await peer.barrier()
        body = await _until(bot, 200)
        assert body["status"] == "ok"
        [account] = body["bots"]
        assert account["self_id"] == str(SELF_ID)
        assert account["connected"] is True
        assert account["last_event_at"] is not None
        assert body["database"]["ok"] is True
        assert body["database"]["path"].endswith("faq.sqlite3")
    body = await _until(bot, 503)
    assert any("没有 QQ 端" in p for p in body["problems"])


async def test_bot_offline_is_logged_and_told_when_back(
    bot: BotProcess, peer: OneBotPeer
) -> None:
    """NapCat's bot_offline notice (the socket stays open): a log line at once, /healthz 503
    naming it; the next message proves the account is back: it is answered and the SUPERUSER
    gets one private notice saying how long it was offline."""
    async with peer:
        await peer.barrier()
        mark = bot.log_mark()
        await peer.post({
            "time": int(time.time()), "self_id": SELF_ID, "post_type": "notice",
            "notice_type": "bot_offline", "user_id": SELF_ID, "tag": "BotOfflineEvent",
            "message": "账号在另一台设备登录",
        })
        line = await bot.wait_log(r"\[WARNING\][^\n]*被 QQ 下线[^\n]*", mark)
        assert line is not None, bot.tail()
        assert "账号在另一台设备登录" in line
        body = await _until(bot, 503)
        assert any("被 QQ 下线" in p for p in body["problems"])
        assert body["bots"][0]["offline_reason"] == "账号在另一台设备登录"

        since = time.monotonic()
        assert await peer.ask_private("分类2能选几项")
        notices = await peer.replies(("private", SUPERUSER), since=since)
        [notice] = notices
        assert "被 QQ 下线" in notice.text
        assert "账号在另一台设备登录" in notice.text
        assert str(SELF_ID) in notice.text
        assert "等回复" in notice.text
        await _until(bot, 200)
        await peer.barrier()
        assert len(peer.sent_to(("private", SUPERUSER), since)) == 1


async def test_a_disconnect_is_logged_at_once(bot: BotProcess, peer: OneBotPeer) -> None:
    """The QQ side's socket lost without a close frame: a warning names the account at once;
    back within a minute, nobody is told."""
    await peer.connect()
    try:
        await peer.barrier()
        mark = bot.log_mark()
        await peer.drop()
        line = await bot.wait_log(r"\[WARNING\][^\n]*连接断开了[^\n]*", mark)
        assert line is not None, bot.tail()
        assert str(SELF_ID) in line
        since = time.monotonic()
        await peer.connect()
        await _until(bot, 200)
        await peer.barrier()
        assert peer.sent_to(("private", SUPERUSER), since) == []
    finally:
        await peer.close()


async def test_a_combined_driver_serves_the_socket_and_healthz(tmp_path: Path) -> None:
    """DRIVER=~fastapi+~websockets+~httpx (forward WebSocket and HTTP clients besides the
    server) from the environment: the reverse WebSocket answers and /healthz reports."""
    env = {**E2E_ENV, "DRIVER": "~fastapi+~websockets+~httpx"}
    with BotProcess(tmp_path, env=env) as bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            assert await peer.ask_private("分类2能选几项")
            body = await _until(bot, 200)
            assert body["database"]["ok"] is True
