"""The connection's health: which QQ accounts are connected, when each last sent an event, and
whether QQ has taken one offline; `GET /healthz` on the driver's HTTP server reports it.

`Health` is the state. The health plugin (`plugins/health`) feeds it: connects and disconnects
of the OneBot socket, NapCat's and Lagrange's `bot_offline` notice (QQ logged the account out
while the socket stays open; Lagrange also says `bot_online` when it is back), heartbeats and
answered messages. An outage is logged as it starts; when the account is back, the plugin sends
`Outage.notice` to the admins. A socket that is back within `BRIEF_DISCONNECT_SECONDS` (NapCat
restarting) is only logged.

`/healthz` answers 200 when the FAQ database answers a query, at least one account is connected
and none is offline, else 503; the JSON body says what is wrong. With an access token set it
asks for the same token (`Authorization: Bearer …`) as the OneBot connection: the body names
the accounts and the data path.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from nonebot.drivers import Driver, Request, Response

    from bot.faq import FaqService

BRIEF_DISCONNECT_SECONDS = 60.0
"""A socket back within this long (a restart of the QQ side) is logged, not told to admins."""
DATABASE_TIMEOUT_SECONDS = 3.0
"""`/healthz` calls the database unhealthy when a query takes longer (a long write holds it)."""
HEALTHZ_PATH = "/healthz"


def _when(at: float) -> str:
    return time.strftime("%m-%d %H:%M", time.localtime(at))


def _iso(at: float | None) -> str | None:
    return None if at is None else time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(at))


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))}秒"
    if seconds < 5400:
        return f"{round(seconds / 60)}分钟"
    return f"{seconds / 3600:.1f}小时"


@dataclass
class Outage:
    """One time an account could not receive messages: QQ took it offline, or the socket went."""

    self_id: str
    kind: Literal["offline", "disconnected"]
    since: float
    reason: str = ""
    """What QQ said (the notice's `message` or `tag`), for an offline account."""

    def notice(self, now: float) -> str:
        """The admins' message when the account is back."""
        lasted = _duration(now - self.since)
        if self.kind == "offline":
            why = f"（QQ 提示：{self.reason}）" if self.reason else ""
            head = f"机器人的 QQ 号 {self.self_id} 在 {_when(self.since)} 被 QQ 下线{why}"
        else:
            head = (
                f"机器人和 QQ 端（NapCat / Lagrange）的连接（QQ 号 {self.self_id}）"
                f"在 {_when(self.since)} 断开"
            )
        return (
            f"{head}，{_when(now)} 已恢复，中断约{lasted}。"
            "中断期间的提问机器人没有收到，请看看群里和私聊有没有人还在等回复。"
        )


@dataclass
class Account:
    """One QQ account as seen over OneBot."""

    self_id: str
    connected: bool = False
    connected_at: float | None = None
    last_event_at: float | None = None
    outage: Outage | None = None


class Health:
    """The accounts' state; every method takes the time from `clock`."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.accounts: dict[str, Account] = {}

    def now(self) -> float:
        return self._clock()

    def _account(self, self_id: str) -> Account:
        account = self.accounts.get(self_id)
        if account is None:
            account = self.accounts[self_id] = Account(self_id)
        return account

    def connected(self, self_id: str) -> Outage | None:
        """The socket of `self_id` is (back) up; returns the outage it ends when the admins
        should hear of it."""
        now = self._clock()
        account = self._account(self_id)
        account.connected, account.connected_at = True, now
        return self._end(account, now, brief_ok=True)

    def disconnected(self, self_id: str) -> Outage:
        """The socket went; an account already offline stays offline (since it went so)."""
        now = self._clock()
        account = self._account(self_id)
        account.connected = False
        if account.outage is None:
            account.outage = Outage(self_id, "disconnected", now)
        return account.outage

    def offline(self, self_id: str, reason: str = "") -> Outage | None:
        """QQ took the account offline (the socket stays open); None when it already was."""
        now = self._clock()
        account = self._account(self_id)
        account.last_event_at = now
        if account.outage is not None and account.outage.kind == "offline":
            return None
        account.outage = Outage(self_id, "offline", now, reason)
        return account.outage

    def online(self, self_id: str) -> Outage | None:
        """A sign that QQ has the account again (a `bot_online` notice, a message answered);
        returns the offline outage it ends."""
        now = self._clock()
        account = self._account(self_id)
        account.last_event_at = now
        if account.outage is None or not account.connected:
            return None
        return self._end(account, now, brief_ok=False)

    def seen(self, self_id: str) -> None:
        """An event that says nothing about QQ's side (a heartbeat keeps coming while QQ has
        logged the account out)."""
        account = self.accounts.get(self_id)
        if account is not None:
            account.last_event_at = self._clock()

    def _end(self, account: Account, now: float, *, brief_ok: bool) -> Outage | None:
        outage, account.outage = account.outage, None
        if outage is None:
            return None
        brief = outage.kind == "disconnected" and now - outage.since < BRIEF_DISCONNECT_SECONDS
        return None if brief and brief_ok else outage

    # ---- the report ---------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What keeps the bot from answering now, in Chinese for the operator; empty when fine."""
        connected = [a for a in self.accounts.values() if a.connected]
        if not connected:
            return ["没有 QQ 端连着机器人（NapCat / Lagrange 没有启动、没有登录或连不上）"]
        return [
            f"QQ 号 {a.self_id} 自 {_when(a.outage.since)} 被 QQ 下线，需要重新登录"
            for a in connected
            if a.outage is not None
        ]

    def report(self) -> dict[str, Any]:
        """The accounts for `/healthz` (times in ISO 8601, local time)."""
        latest = [a.last_event_at for a in self.accounts.values() if a.last_event_at is not None]
        return {
            "bots": [
                {
                    "self_id": a.self_id,
                    "connected": a.connected,
                    "connected_at": _iso(a.connected_at),
                    "last_event_at": _iso(a.last_event_at),
                    "offline_since": _iso(a.outage.since) if a.outage else None,
                    "offline_reason": a.outage.reason if a.outage else None,
                }
                for a in self.accounts.values()
            ],
            "last_event_at": _iso(max(latest, default=None)),
        }


async def database_report(faq: FaqService | None) -> dict[str, Any]:
    """Whether the FAQ database is open and answers a query."""
    if faq is None:
        return {"ok": False, "error": "问答数据库没有打开"}
    storage = faq.storage
    report: dict[str, Any] = {"ok": False, "path": str(storage.path), "writable": storage.writable}
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with storage.read() as conn, conn.execute("SELECT count(*) FROM revision"):
                pass
    except TimeoutError:
        report["error"] = f"问答数据库 {DATABASE_TIMEOUT_SECONDS:g} 秒内没有响应"
    except Exception as exc:  # any failure means "not ok"; the operator reads what it was
        report["error"] = f"问答数据库查询失败：{exc}"
    else:
        report["ok"] = True
    return report


def authorized(request: Request, token: str | None) -> bool:
    """Without a token anyone may ask; with one, `Authorization: Bearer <token>`."""
    if not token:
        return True
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def serve_healthz(driver: Driver, token: Callable[[], str | None]) -> bool:
    """Adds `GET /healthz` to the driver's HTTP server; False when the driver has none."""
    from nonebot.drivers import URL, ASGIMixin, HTTPServerSetup

    if not isinstance(driver, ASGIMixin):
        return False
    driver.setup_http_server(
        HTTPServerSetup(URL(HEALTHZ_PATH), "GET", "healthz", lambda r: healthz(r, token()))
    )
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, QuietHealthz) for f in access.filters):
        access.addFilter(QuietHealthz())
    return True


class QuietHealthz(logging.Filter):
    """Drops the access-log line of each `/healthz` request: Docker asks every 30 seconds."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(a, str) and a.startswith(HEALTHZ_PATH) for a in args)


async def healthz(request: Request, token: str | None) -> Response:
    """The `/healthz` answer from the process's services."""
    from nonebot.drivers import Response

    from bot.app.services import services

    headers = {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}
    if not authorized(request, token):
        refused = {"status": "unauthorized", "problems": ["需要 Authorization: Bearer <token>"]}
        return Response(401, headers=headers, content=json.dumps(refused, ensure_ascii=False))
    app = services()
    database = await database_report(app.faq)
    problems = app.health.problems()
    if not database["ok"]:
        problems.append(database.get("error", "问答数据库不可用"))
    body: dict[str, Any] = {
        "status": "unhealthy" if problems else "ok",
        "problems": problems,
        **app.health.report(),
        "database": database,
    }
    status = 503 if problems else 200
    return Response(status, headers=headers, content=json.dumps(body, ensure_ascii=False))
