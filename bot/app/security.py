"""Who may talk to the bot as the QQ side: checks at start-up and on every OneBot connection.

`startup_problem` refuses a set-up anyone could abuse: listening beyond loopback without
ONEBOT_ACCESS_TOKEN (anyone who reaches the port could connect as the QQ side), or HTTP POST
turned on without ONEBOT_SECRET or the token (anyone could post forged events).

`OneBotGate` is an ASGI middleware in front of the driver's app (`bot.app.onebot` installs
it). Events come over the reverse WebSocket; the adapter's HTTP event routes (`/onebot/v11/`,
`/onebot/v11/http`, ...) would take any POST when no secret is set, so the gate answers every
HTTP request under /onebot/ with 403 unless ONEBOT_HTTP_POST is on, and then lets through only
a post with the access token (a secret is checked by the adapter itself: a signature).

On the WebSocket routes the gate lets an authenticated connection replace the live one of the
same account. NapCat reconnects when its side of a connection died without a close frame; the
bot's side still looks alive, and the adapter refuses a second connection with the same
X-Self-ID until its keep-alive gives up (30-42 s, every question in between lost). The gate
closes the old socket and waits (at most `REPLACE_WAIT_SECONDS`) until the adapter has let go
of it. A connection without the token never replaces anything: the adapter refuses it.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REPLACE_WAIT_SECONDS = 4.0
"""How long a new connection waits for the adapter to drop the one it replaces."""
_HTTP_OFF = b"OneBot HTTP POST is off: events are taken over the reverse WebSocket only"

logger = logging.getLogger("bot.app.security")


def is_loopback(host: object) -> bool:
    """Whether `host` (an address or "localhost") is reachable from this machine only."""
    text = str(host).strip().strip("[]")
    if text.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False  # a host name may resolve to anything
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def startup_problem(
    host: object, access_token: str | None, secret: str | None, http_post: bool
) -> str | None:
    """One line (Chinese, for the operator) saying what to set, or None when safe."""
    if not access_token and not is_loopback(host):
        return (
            f"机器人监听 {host}（不只是本机），必须设置 ONEBOT_ACCESS_TOKEN（一个长随机字符串，"
            "NapCat / Lagrange 里填同一个），或把 HOST 改回 127.0.0.1。"
        )
    if http_post and not (secret or access_token):
        return (
            "开启了 ONEBOT_HTTP_POST，必须同时设置 ONEBOT_SECRET（推荐）或 ONEBOT_ACCESS_TOKEN，"
            "否则任何人都能冒充 QQ 上报消息；不用 HTTP 上报就去掉 ONEBOT_HTTP_POST。"
        )
    return None


def bearer(headers: dict[str, str]) -> str | None:
    """The token of an `Authorization: Bearer …` (or `Token …`) header, as the adapter reads it."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token if scheme.lower() in ("bearer", "token") and token else None


def token_matches(headers: dict[str, str], access_token: str | None) -> bool:
    """Whether the request carries the access token (always, when none is configured)."""
    if not access_token:
        return True
    given = bearer(headers)
    return given is not None and hmac.compare_digest(given.encode(), access_token.encode())


def _route(path: str) -> str:
    """The path as the router may match it: no doubled or trailing slashes, lower case."""
    return "/" + "/".join(part for part in path.lower().split("/") if part)


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in scope.get("headers", ())
    }


@dataclass(frozen=True)
class GatePolicy:
    """What the gate enforces; from the adapter's and the bot's settings."""

    access_token: str | None
    secret: str | None
    http_post: bool

    def http_refusal(self, headers: dict[str, str]) -> tuple[int, bytes] | None:
        """Status and text refusing an HTTP request to the OneBot routes, or None."""
        if not self.http_post:
            return 403, _HTTP_OFF
        if self.secret:
            return None  # the adapter checks the signature
        if bearer(headers) is None:
            return 401, b"Missing Authorization Header"
        if not token_matches(headers, self.access_token):
            return 403, b"Authorization Header is invalid"
        return None


class _Connection:
    """One accepted WebSocket, as the gate sees it: it can close it from outside."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.closed_by_gate = False
        self.finished = asyncio.Event()
        """Set once the adapter's handler returned: it has let go of the account."""

    async def send(self, message: Message) -> None:
        if self.closed_by_gate and message.get("type") == "websocket.close":
            return  # the adapter closing what the gate already closed
        await self._send(message)

    async def close(self) -> None:
        self.closed_by_gate = True
        try:
            await self._send({"type": "websocket.close", "code": 1001, "reason": "replaced"})
        except Exception:  # already gone: nothing to close
            logger.debug("closing a replaced connection failed", exc_info=True)


class OneBotGate:
    """ASGI middleware: the HTTP policy and authenticated reconnects (see the module doc).

    `connected` is the adapter's live accounts (its `bots` mapping, read at each check)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        policy: GatePolicy,
        connected: Callable[[], Collection[str]],
        prefix: str = "/onebot",
    ) -> None:
        self.app = app
        self.policy = policy
        self.connected = connected
        self.prefix = prefix
        self._live: dict[str, _Connection] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind in ("http", "websocket"):
            route = _route(str(scope.get("path", "")))
            if route == self.prefix or route.startswith(self.prefix + "/"):
                if kind == "http":
                    await self._http(scope, receive, send)
                else:
                    await self._websocket(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self.policy.http_refusal(_headers(scope))
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, text = refusal
        logger.warning("refused an HTTP request to %s: %s", scope.get("path"), text.decode())
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": text})

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        self_id = headers.get("x-self-id", "")
        if (
            self_id
            and self_id in self.connected()
            and token_matches(headers, self.policy.access_token)
        ):
            await self._replace(self_id)
        connection = _Connection(send)

        async def tracked_send(message: Message) -> None:
            if message.get("type") == "websocket.accept" and self_id:
                self._live[self_id] = connection
            await connection.send(message)

        try:
            await self.app(scope, receive, tracked_send)
        finally:
            connection.finished.set()
            if self._live.get(self_id) is connection:
                del self._live[self_id]

    async def _replace(self, self_id: str) -> None:
        old = self._live.get(self_id)
        if old is None:
            return  # connected some other way (HTTP): the adapter decides
        logger.warning(
            "account %s connected again while its old connection looked alive (no close frame "
            "came): the old one is closed",
            self_id,
        )
        await old.close()
        try:
            await asyncio.wait_for(old.finished.wait(), REPLACE_WAIT_SECONDS)
        except TimeoutError:
            logger.warning("the old connection of %s did not end in time", self_id)
