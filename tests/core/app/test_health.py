"""The connection's health: outages, which of them the admins hear of, and what /healthz says."""

from __future__ import annotations

import time

import pytest
from nonebot.drivers import Request

from bot.app.health import BRIEF_DISCONNECT_SECONDS, Health, Outage, authorized

ACCOUNT = "2854196310"
START = time.mktime((2025, 3, 14, 9, 0, 0, 0, 0, -1))


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def health(clock: Clock) -> Health:
    health = Health(clock)
    assert health.connected(ACCOUNT) is None
    return health


def test_first_connection_is_not_an_outage(health: Health) -> None:
    """The first connection after start-up is nothing to tell; the account is healthy."""
    assert health.problems() == []
    [bot] = health.report()["bots"]
    assert bot["connected"]
    assert bot["offline_since"] is None


@pytest.mark.parametrize(
    ("down", "told"),
    [
        pytest.param(5.0, False, id="restart-of-the-qq-side"),
        pytest.param(BRIEF_DISCONNECT_SECONDS - 1, False, id="just-under-the-limit"),
        pytest.param(BRIEF_DISCONNECT_SECONDS, True, id="at-the-limit"),
        pytest.param(3600.0, True, id="an-hour"),
    ],
)
def test_disconnect_is_told_only_when_not_brief(
    health: Health, clock: Clock, down: float, told: bool
) -> None:
    """A socket back within the brief limit is not told; a longer outage is, once."""
    outage = health.disconnected(ACCOUNT)
    assert outage.kind == "disconnected"
    assert health.problems()  # nothing connected meanwhile
    clock.advance(down)
    ended = health.connected(ACCOUNT)
    assert (ended is not None) is told
    assert health.connected(ACCOUNT) is None
    assert health.problems() == []


def test_offline_ends_with_the_next_sign_of_qq(health: Health, clock: Clock) -> None:
    """bot_offline opens one outage (a repeat does not open another); heartbeats do not end it;
    a sign from QQ (bot_online, a message) ends it and hands it over once."""
    first = health.offline(ACCOUNT, "账号在其他设备登录")
    assert first is not None
    assert first.kind == "offline"
    assert health.offline(ACCOUNT, "again") is None
    clock.advance(30)
    health.seen(ACCOUNT)
    assert health.report()["bots"][0]["offline_since"] is not None
    assert any("被 QQ 下线" in p for p in health.problems())
    clock.advance(600)
    ended = health.online(ACCOUNT)
    assert ended is first
    assert health.online(ACCOUNT) is None
    assert health.problems() == []


def test_offline_then_disconnect_stays_an_offline_outage(health: Health, clock: Clock) -> None:
    """QQ logs the account out, then the QQ side restarts: the admins hear of the offline
    outage from when it began, even when the socket itself was back at once."""
    outage = health.offline(ACCOUNT, "被踢下线")
    clock.advance(120)
    assert health.disconnected(ACCOUNT) is outage
    clock.advance(2)
    assert health.connected(ACCOUNT) is outage


def test_online_while_disconnected_ends_nothing(health: Health) -> None:
    """A late sign while the socket is gone leaves the outage to the reconnect."""
    health.disconnected(ACCOUNT)
    assert health.online(ACCOUNT) is None
    assert health.report()["bots"][0]["offline_since"] is not None


def test_no_account_at_all_is_a_problem(clock: Clock) -> None:
    """Before any QQ side connects, /healthz has something to say."""
    health = Health(clock)
    assert len(health.problems()) == 1
    assert health.report() == {"bots": [], "last_event_at": None}


def test_last_event_is_the_latest_of_all_accounts(health: Health, clock: Clock) -> None:
    """`last_event_at` is the newest event time over the accounts, as ISO text."""
    health.seen(ACCOUNT)
    clock.advance(90)
    health.connected("10001")
    health.seen("10001")
    report = health.report()
    assert report["last_event_at"] == time.strftime(
        "%Y-%m-%dT%H:%M:%S%z", time.localtime(START + 90)
    )


@pytest.mark.parametrize(
    ("kind", "reason", "says"),
    [
        pytest.param(
            "offline", "账号在其他设备登录", ["被 QQ 下线", "账号在其他设备登录"], id="offline"
        ),
        pytest.param("offline", "", ["被 QQ 下线"], id="offline-no-reason"),
        pytest.param("disconnected", "", ["连接", "断开"], id="disconnected"),
    ],
)
def test_notice_says_what_when_and_how_long(kind: str, reason: str, says: list[str]) -> None:
    """The admins' notice names the account, both times, the length and what to check."""
    outage = Outage(ACCOUNT, kind, START, reason)  # type: ignore[arg-type]
    text = outage.notice(START + 25 * 60)
    for part in [*says, ACCOUNT, "03-14 09:00", "03-14 09:25", "25分钟", "等回复"]:
        assert part in text, (part, text)
    if not reason:
        assert "提示" not in text


def _request(authorization: str | None) -> Request:
    headers = {"authorization": authorization} if authorization is not None else {}
    return Request("GET", "http://127.0.0.1:8080/healthz", headers=headers)


@pytest.mark.parametrize(
    ("token", "header", "allowed"),
    [
        pytest.param(None, None, True, id="no-token-set"),
        pytest.param("s3cret", None, False, id="missing"),
        pytest.param("s3cret", "Bearer s3cret", True, id="bearer"),
        pytest.param("s3cret", "bearer s3cret", True, id="lower-case-scheme"),
        pytest.param("s3cret", "Bearer wrong", False, id="wrong"),
        pytest.param("s3cret", "Token s3cret", False, id="other-scheme"),
        pytest.param("s3cret", "Bearer s3cret-and-more", False, id="longer"),
    ],
)
def test_healthz_asks_for_the_access_token(
    token: str | None, header: str | None, allowed: bool
) -> None:
    """With ONEBOT_ACCESS_TOKEN set, /healthz wants it as the OneBot connection does."""
    assert authorized(_request(header), token) is allowed
