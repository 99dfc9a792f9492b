"""Nobody but the connected QQ side may post events (issue 13, section 1).

Events come from the reverse WebSocket only: the adapter's HTTP event routes refuse every post
unless the operator turns on ONEBOT_HTTP_POST, and then a post needs the signature
(ONEBOT_SECRET) or the access token. The bot does not start on a non-loopback address without
an access token. An anonymous group message is never an admin, whatever its sender says.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import SELF_ID, SUPERUSER, BotProcess, OneBotPeer, text_of

EVENT_PATHS = ["/onebot/v11/", "/onebot/v11/http", "/onebot/v11/http/", "/onebot/v11"]
ANONYMOUS_USER = 80000000
"""The user id QQ gives every anonymous member."""


async def http_post(
    bot: BotProcess, path: str, event: dict[str, object], headers: dict[str, str] | None = None
) -> int:
    """POST `event` as OneBot's HTTP reporting does; returns the status code."""
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        f"http://127.0.0.1:{bot.port}{path}",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Self-ID": str(SELF_ID), **(headers or {})},
    )

    def send() -> int:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    return await asyncio.to_thread(send)


def signature(secret: str, event: dict[str, object]) -> str:
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def forged_add(peer: OneBotPeer, question: str, answer: str) -> dict[str, object]:
    """A superuser's `/faq add` that no QQ client sent."""
    return peer.private_event(f"/faq add {question}\n{answer}", user_id=SUPERUSER)


@pytest.mark.parametrize("path", EVENT_PATHS)
async def test_forged_http_post_is_refused(
    live_peer: OneBotPeer, e2e_bot: BotProcess, path: str
) -> None:
    """With HTTP POST off (the default), a forged superuser `/faq add` posted over HTTP is
    refused with 401/403/404 and changes nothing: no acknowledgement, no new answer."""
    question = f"伪造的问题{path.count('/')}{len(path)}号怎么填"
    answer = f"伪造答案{time.monotonic_ns()}"
    since = time.monotonic()
    status = await http_post(e2e_bot, path, forged_add(live_peer, question, answer))
    assert status in (401, 403, 404), f"{path} answered {status}"
    await live_peer.barrier()
    acks = live_peer.sent_to(("private", SUPERUSER), since)
    assert not acks, f"the forged command was acknowledged: {text_of(acks)}"
    assert answer not in text_of(await live_peer.ask_private(question))


@pytest.fixture(scope="module")
def open_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """HTTP POST turned on (with the access token the harness always sets) and group owners
    and admins allowed to edit the FAQ."""
    env = {**E2E_ENV, "ONEBOT_HTTP_POST": "true", "ASSISTANT_ALLOW_GROUP_ADMINS": "true"}
    with BotProcess(tmp_path_factory.mktemp("open-bot"), env=env) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def open_peer(open_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    async with OneBotPeer.for_bot(open_bot) as peer:
        yield peer


@pytest.mark.parametrize(
    "auth",
    [pytest.param(None, id="no-token"), pytest.param("Bearer wrong-token", id="wrong-token")],
)
async def test_http_post_needs_the_token(
    open_bot: BotProcess, open_peer: OneBotPeer, auth: str | None
) -> None:
    """HTTP POST turned on: a post without the right access token is refused, nothing stored."""
    question, answer = "伪造令牌的问题怎么填", f"无令牌答案{time.monotonic_ns()}"
    headers = {"Authorization": auth} if auth else {}
    status = await http_post(
        open_bot, "/onebot/v11/http", forged_add(open_peer, question, answer), headers
    )
    assert status in (401, 403), status
    await open_peer.barrier()
    assert answer not in text_of(await open_peer.ask_private(question))


async def test_http_post_with_the_token_is_taken(
    open_bot: BotProcess, open_peer: OneBotPeer
) -> None:
    """HTTP POST turned on: the same post with the access token is taken and answered, so the
    refusals above are about the token alone."""
    since = time.monotonic()
    event = open_peer.private_event("网站注册收不到验证码怎么办")
    headers = {"Authorization": f"Bearer {open_bot.token}"}
    assert await http_post(open_bot, "/onebot/v11/http", event, headers) == 204
    sent = await open_peer.replies(("private", int(event["user_id"])), since=since)
    assert "18652917911" in text_of(sent), text_of(sent)


async def test_signed_http_post(tmp_path_factory: pytest.TempPathFactory) -> None:
    """HTTP POST with ONEBOT_SECRET: an unsigned or wrongly signed post is refused, a signed
    one taken."""
    secret = "e2e-secret"
    env = {**E2E_ENV, "ONEBOT_HTTP_POST": "true", "ONEBOT_SECRET": secret}
    with BotProcess(tmp_path_factory.mktemp("signed-bot"), env=env) as bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            event = peer.private_event("网站登录一直提示密码错误怎么办")
            assert await http_post(bot, "/onebot/v11/", event) in (401, 403)
            bad = {"X-Signature": signature("not-the-secret", event)}
            assert await http_post(bot, "/onebot/v11/", event, bad) in (401, 403)
            await peer.barrier()
            assert not peer.sent_to(("private", int(event["user_id"])))
            good = {"X-Signature": signature(secret, event)}
            assert await http_post(bot, "/onebot/v11/", event, good) == 204
            sent = await peer.replies(("private", int(event["user_id"])), since=0.0)
            assert "18652917911" in text_of(sent), text_of(sent)


def wait_exit(bot: BotProcess, within: float = 30.0) -> int | None:
    assert bot.proc is not None
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and bot.proc.poll() is None:
        time.sleep(0.1)
    return bot.proc.poll()


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        pytest.param({"HOST": "0.0.0.0"}, "ONEBOT_ACCESS_TOKEN", id="all-interfaces-no-token"),
        pytest.param({"HOST": "::"}, "ONEBOT_ACCESS_TOKEN", id="ipv6-any-no-token"),
        pytest.param(
            {"ONEBOT_HTTP_POST": "true"}, "ONEBOT_SECRET", id="http-post-without-secret-or-token"
        ),
    ],
)
def test_unsafe_listening_refuses_to_start(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str], setting: str
) -> None:
    """Listening beyond loopback without an access token (or HTTP POST on without a secret or
    token) stops start-up with one Chinese line naming the setting, no traceback, exit != 0."""
    bot = BotProcess(tmp_path_factory.mktemp("unsafe-bot"), env=env, token="")
    bot.start()
    try:
        code = wait_exit(bot)
    finally:
        bot.stop()
    log = bot.log()
    assert code not in (None, 0), f"the bot kept running (exit {code}):\n{bot.tail()}"
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if setting in line]
    assert len(lines) == 1, log
    assert re.search(r"[\u4e00-\u9fff]", lines[0]), lines[0]


def anonymous_event(peer: OneBotPeer, text: str, role: str) -> dict[str, object]:
    event = peer.group_event(text, user_id=ANONYMOUS_USER, at=True, role=role)
    event["sub_type"] = "anonymous"
    event["anonymous"] = {"id": 9527, "name": "匿名河马", "flag": "anon-flag-1"}
    return event


@pytest.mark.parametrize("role", ["owner", "admin"])
async def test_anonymous_member_is_never_admin(open_peer: OneBotPeer, role: str) -> None:
    """With group owners and admins allowed to edit, an anonymous message claiming the role
    is refused: nothing acknowledged, nothing stored."""
    question, answer = f"匿名{role}加的问题怎么办", f"匿名答案{time.monotonic_ns()}"
    posted = await open_peer.post(
        anonymous_event(open_peer, f"/faq add {question}\n{answer}", role)
    )
    sent = await open_peer.replies(posted)
    assert "已添加" not in text_of(sent), text_of(sent)
    assert answer not in text_of(await open_peer.ask_private(question))


async def test_named_group_owner_may_edit(open_peer: OneBotPeer) -> None:
    """The same command from a named group owner is stored, so the refusal above is about
    anonymity alone."""
    question, answer = "群主加的测试问题怎么办", f"群主答案{time.monotonic_ns()}"
    sent = await open_peer.ask_group(f"/faq add {question}\n{answer}", at=True, role="owner")
    assert "已添加" in text_of(sent), text_of(sent)
    assert answer in text_of(await open_peer.ask_private(question))
