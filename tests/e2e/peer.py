"""A NapCat-like OneBot v11 peer and the bot as a real subprocess, for end-to-end tests.

Reusable by every e2e test module and by `bench/load.py`; the API below is kept stable.

`BotProcess(workdir, env=...)` runs `python -m bot` on a free loopback port with its own access
token, superuser 90001 and every localstore dir under `workdir`, output in `workdir/bot.log`
(it runs in the project folder, as NoneBot loads plugins by path: a developer's `.env` there is
read too, but the variables set here and in `env` win):

    bot = BotProcess(tmp_path, env={"ASSISTANT_DEDUP_MINUTES": "0"})
    bot.start()
    bot.wait_listening()
    ...
    mark = bot.log_mark()            # later: bot.log_since(mark), await bot.wait_log(...)
    bot.stop()

`OneBotPeer.for_bot(bot)` plays the QQ side as NapCat does: reverse WebSocket with `X-Self-ID`,
`X-Client-Role: Universal` and `Authorization: Bearer`, every API call answered with the string
`echo` it came with, `get_msg` answered for every message it has seen (so a quote of the bot's
message makes the bot addressed). Everything the bot sends is recorded in `peer.sent`
(`Sent`), every call in `peer.calls`:

    peer = OneBotPeer.for_bot(bot)
    await peer.connect()                                        # or: async with OneBotPeer…
    sent = await peer.ask_private("8场活动分类2能选几项")      # list[Sent], [] on silence
    posted = await peer.group("收到", at=True)                  # Posted
    assert await peer.silent(posted)                            # True when nothing came back
    peer.fail("send_msg", retcode=1200, times=1)                # next send_msg is refused
    peer.fail("get_msg", retcode=None)                          # get_msg never answered
    peer.on_action("get_group_info", lambda params: {...})      # extra API answers
    await peer.close()                                          # or peer.drop(), then connect()

Messages are given as plain text (one text segment) or as a list of OneBot segment dicts; each
event is posted in the peer's `message_format` ("array" or NapCat's CQ "string") unless a call
says otherwise. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import websockets
from websockets.exceptions import InvalidStatus

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SELF_ID = 2854196310
SUPERUSER = 90001
GROUP_ID = 807645478
"""1群: a consultation group, so the bot speaks there by default."""
OTHER_GROUP_ID = 123456
"""A group the bot is not configured for."""

REPLY_ACTIONS = frozenset(
    {
        "send_msg",
        "send_private_msg",
        "send_group_msg",
        "send_private_forward_msg",
        "send_group_forward_msg",
    }
)
# Settings a developer's shell might carry into the child; the bot under test gets only ours.
_INHERITED_PREFIXES = ("ASSISTANT_", "ONEBOT_", "LOCALSTORE_")
_INHERITED_NAMES = frozenset(
    {"HOST", "PORT", "SUPERUSERS", "NICKNAME", "COMMAND_START", "COMMAND_SEP", "LOG_LEVEL",
     "ENVIRONMENT", "DRIVER", "API_TIMEOUT"}
)

Target = tuple[Literal["private", "group"], int]
MessageLike = str | list[dict[str, Any]]


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_peak_mb(pid: int) -> float:
    """Peak resident set size of a live process (VmHWM), in MiB; 0 when unknown."""
    return _proc_status_kb(pid, "VmHWM") / 1024


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a live process has used so far; 0 when unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    # utime and stime are fields 14 and 15 of proc(5); the split starts at field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Current resident set size of a live process, in MiB; 0 when unknown."""
    return _proc_status_kb(pid, "VmRSS") / 1024


def _proc_status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class BotProcess:
    """`python -m bot` (or another project's `bot` package) as a child process on a free port."""

    def __init__(
        self,
        workdir: Path,
        *,
        env: Mapping[str, str] | None = None,
        token: str | None = None,
        project: Path = PROJECT_ROOT,
        python: str = sys.executable,
        log_level: str = "INFO",
    ) -> None:
        self.workdir = Path(workdir)
        self.project = Path(project)
        self.python = python
        self.token = secrets.token_hex(16) if token is None else token
        self.port = free_port()
        self.log_path = self.workdir / "bot.log"
        self.extra_env = dict(env or {})
        self.log_level = log_level
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/onebot/v11/ws"

    @property
    def pid(self) -> int:
        assert self.proc is not None, "bot not started"
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def environment(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in _INHERITED_NAMES and not k.startswith(_INHERITED_PREFIXES)
        }
        env.update(
            {
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "ONEBOT_ACCESS_TOKEN": self.token,
                "SUPERUSERS": json.dumps([str(SUPERUSER)]),
                "LOCALSTORE_DATA_DIR": str(self.workdir / "data"),
                "LOCALSTORE_CACHE_DIR": str(self.workdir / "cache"),
                "LOCALSTORE_CONFIG_DIR": str(self.workdir / "config"),
                "LOG_LEVEL": self.log_level,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.started_at = time.monotonic()
            self.proc = subprocess.Popen(
                [self.python, "-m", "bot"],
                # NoneBot loads plugins by path relative to the working directory.
                cwd=self.project,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_listening(self, within: float = 30.0) -> float:
        """Block until the bot accepts TCP connections; returns seconds since `start`.
        Raises with the log tail when it exits or does not come up in time."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if not self.alive:
                raise RuntimeError(f"the bot exited during start-up:\n{self.tail()}")
            with socket.socket() as s:
                s.settimeout(1.0)
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return time.monotonic() - self.started_at
            time.sleep(0.05)
        raise RuntimeError(f"the bot did not listen within {within} s:\n{self.tail()}")

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 10 s; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        return self.proc.returncode

    def __enter__(self) -> BotProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_mark(self) -> int:
        """An offset into the log; `log_since(mark)` is what was written after it."""
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, mark: int) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(mark)
                return log.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    async def wait_log(self, pattern: str, mark: int = 0, within: float = 10.0) -> str | None:
        """The first match of regex `pattern` written after `mark`, or None after `within` s."""
        deadline = time.monotonic() + within
        while True:
            found = re.search(pattern, self.log_since(mark))
            if found or time.monotonic() >= deadline:
                return found.group(0) if found else None
            await asyncio.sleep(0.1)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


def cq_escape(text: str, *, in_param: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;")
    return text.replace(",", "&#44;") if in_param else text


def cq_unescape(text: str) -> str:
    return (
        text.replace("&#44;", ",").replace("&#91;", "[").replace("&#93;", "]").replace("&amp;", "&")
    )


def to_cq_string(segments: Iterable[Mapping[str, Any]]) -> str:
    """Segments in NapCat's string form: text escaped, everything else as `[CQ:type,k=v]`."""
    out = []
    for seg in segments:
        data = seg.get("data") or {}
        if seg.get("type") == "text":
            out.append(cq_escape(str(data.get("text", ""))))
        else:
            params = "".join(f",{k}={cq_escape(str(v), in_param=True)}" for k, v in data.items())
            out.append(f"[CQ:{seg.get('type')}{params}]")
    return "".join(out)


_CQ = re.compile(r"\[CQ:([^,\]]+)((?:,[^\]]*)?)\]")


def from_cq_string(message: str) -> list[dict[str, Any]]:
    """The inverse of `to_cq_string`."""
    segments: list[dict[str, Any]] = []
    pos = 0
    for m in _CQ.finditer(message):
        if m.start() > pos:
            segments.append(text_segment(cq_unescape(message[pos : m.start()])))
        data = {}
        for pair in filter(None, m.group(2).split(",")):
            key, _, value = pair.partition("=")
            data[key] = cq_unescape(value)
        segments.append({"type": m.group(1), "data": data})
        pos = m.end()
    if pos < len(message):
        segments.append({"type": "text", "data": {"text": cq_unescape(message[pos:])}})
    return segments


def as_segments(message: Any) -> list[dict[str, Any]]:
    """Any OneBot message value (CQ string, one segment, segment list) as a segment list."""
    if message is None:
        return []
    if isinstance(message, str):
        return from_cq_string(message)
    if isinstance(message, Mapping):
        return [dict(message)]
    return [dict(seg) for seg in message]


def flatten(segments: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Segments with the content of merged-forward nodes spliced in after each node."""
    out: list[dict[str, Any]] = []
    for seg in segments:
        out.append(dict(seg))
        if seg.get("type") == "node":
            out += flatten(as_segments((seg.get("data") or {}).get("content")))
    return out


def segments_text(segments: Iterable[Mapping[str, Any]]) -> str:
    return "".join(
        str((seg.get("data") or {}).get("text", "")) for seg in flatten(segments)
        if seg.get("type") == "text"
    )


@dataclass
class Sent:
    """One message the bot sent (a reply action the peer accepted)."""

    action: str
    params: dict[str, Any]
    at: float
    """`time.monotonic()` when the peer received the call."""
    message_id: int

    @property
    def target(self) -> Target:
        return target_of(self.action, self.params)

    @property
    def segments(self) -> list[dict[str, Any]]:
        """Top-level segments (merged forwards: the nodes)."""
        return as_segments(self.params.get("message", self.params.get("messages")))

    @property
    def all_segments(self) -> list[dict[str, Any]]:
        """Every segment, including those inside merged-forward nodes."""
        return flatten(self.segments)

    @property
    def text(self) -> str:
        """All text, including text inside merged-forward nodes."""
        return segments_text(self.segments)

    @property
    def is_forward(self) -> bool:
        return self.action.endswith("forward_msg") or any(
            s.get("type") == "node" for s in self.segments
        )

    @property
    def quoted_ids(self) -> list[int]:
        """Message ids quoted by reply segments at the top level."""
        return [
            int((s.get("data") or {}).get("id", 0))
            for s in self.segments
            if s.get("type") == "reply"
        ]


def target_of(action: str, params: Mapping[str, Any]) -> Target:
    if action in ("send_private_msg", "send_private_forward_msg"):
        # A temporary session's send names its group too, and still goes to the user.
        return ("private", int(params["user_id"]))
    if (
        action in ("send_group_msg", "send_group_forward_msg")
        or params.get("message_type") == "group"
        or (params.get("message_type") is None and params.get("group_id") is not None)
    ):
        return ("group", int(params["group_id"]))
    return ("private", int(params["user_id"]))


def text_of(sent: Iterable[Sent]) -> str:
    """The text of several sent messages, one per line."""
    return "\n".join(s.text for s in sent)


@dataclass
class Posted:
    """An event the peer posted to the bot."""

    event: dict[str, Any]
    at: float

    @property
    def message_id(self) -> int:
        return int(self.event["message_id"])

    @property
    def user_id(self) -> int:
        return int(self.event["user_id"])

    @property
    def target(self) -> Target:
        if self.event.get("message_type") == "group":
            return ("group", int(self.event["group_id"]))
        return ("private", self.user_id)


@dataclass
class Call:
    """One API call the bot made, and what the peer did with it."""

    action: str
    params: dict[str, Any]
    echo: Any
    at: float
    outcome: str = "ok"
    """"ok", "failed:<retcode>" or "unanswered"."""


@dataclass
class Failure:
    """An injected API failure: answer `actions` with `retcode`, or never when it is None."""

    actions: frozenset[str]
    retcode: int | None
    times: int | None
    message: str = "injected failure"
    hits: int = 0

    @property
    def spent(self) -> bool:
        return self.times is not None and self.hits >= self.times


def segment(type_: str, **data: Any) -> dict[str, Any]:
    return {"type": type_, "data": {k: str(v) if type_ != "text" else v for k, v in data.items()}}


def text_segment(text: str) -> dict[str, Any]:
    return {"type": "text", "data": {"text": text}}


def unexpected_segments(
    sent: Sent, *, users: Iterable[int] = (), quotable: Iterable[int] = ()
) -> list[dict[str, Any]]:
    """Segments of `sent` that no user caused: anything but text, merged-forward nodes,
    quotes of `quotable` message ids and @ of `users` (an @全体 is always unexpected)."""
    users_ = {str(u) for u in users}
    quotable_ = {str(q) for q in quotable}
    bad = []
    for seg in sent.all_segments:
        kind, data = seg.get("type"), seg.get("data") or {}
        if kind in ("text", "node"):
            continue
        if kind == "reply" and str(data.get("id")) in quotable_:
            continue
        if kind == "at" and str(data.get("qq")) in users_:
            continue
        bad.append(seg)
    return bad


class OneBotPeer:
    """The QQ side of one reverse-WebSocket connection, as NapCat plays it."""

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        self_id: int = SELF_ID,
        message_format: Literal["array", "string"] = "array",
        group_id: int = GROUP_ID,
    ) -> None:
        self.url = url
        self.token = token
        self.self_id = self_id
        self.message_format = message_format
        self.group_id = group_id
        self.sent: list[Sent] = []
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.messages: dict[int, dict[str, Any]] = {}
        """Every message seen (posted or sent) by id, as `get_msg` answers it."""
        self.handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "get_login_info": lambda p: {"user_id": self.self_id, "nickname": "填报助手"},
            "get_status": lambda p: {"online": True, "good": True},
            "get_version_info": lambda p: {
                "app_name": "onebot-peer", "app_version": "1.0", "protocol_version": "v11"
            },
            "get_group_member_info": lambda p: {
                "group_id": int(p.get("group_id", 0)), "user_id": int(p.get("user_id", 0)),
                "nickname": "成员", "card": "", "role": "member",
            },
            "get_group_info": lambda p: {
                "group_id": int(p.get("group_id", 0)), "group_name": "填报咨询群",
                "member_count": 100, "max_member_count": 500,
            },
            "get_stranger_info": lambda p: {
                "user_id": int(p.get("user_id", 0)), "nickname": "用户", "sex": "unknown", "age": 0
            },
            "can_send_image": lambda p: {"yes": True},
            "can_send_record": lambda p: {"yes": False},
            "delete_msg": lambda p: None,
            "set_group_ban": lambda p: None,
        }
        """action -> params -> data; replace or add entries to answer more of the API."""
        self._ws: Any = None
        self._serve_task: asyncio.Task[None] | None = None
        self._ids = itertools.count(int(time.time()) % 1_000_000 * 1000 + 1)
        self._users = itertools.count(700_001)
        self._by_target: dict[Target, list[Sent]] = defaultdict(list)
        self._changed = asyncio.Event()

    @classmethod
    def for_bot(cls, bot: BotProcess, **kwargs: Any) -> OneBotPeer:
        return cls(bot.url, bot.token, **kwargs)

    def headers(
        self, *, self_id: int | None = None, token: str | None = None, auth: bool = True
    ) -> dict[str, str]:
        """NapCat's handshake headers; `token` replaces the peer's own, `auth=False` leaves
        out Authorization."""
        headers = {
            "X-Self-ID": str(self_id or self.self_id),
            "X-Client-Role": "Universal",
            "User-Agent": "OneBot/11",
        }
        if auth:
            headers["Authorization"] = f"Bearer {token or self.token}"
        return headers

    @property
    def connected(self) -> bool:
        return self._serve_task is not None and not self._serve_task.done()

    async def connect(self, within: float = 30.0) -> float:
        """Connect (retrying while the bot starts or still holds a previous connection);
        returns the seconds it took."""
        start = time.monotonic()
        deadline = start + within
        last: BaseException | None = None
        while time.monotonic() < deadline:
            try:
                self._ws = await websockets.connect(
                    self.url,
                    additional_headers=self.headers(),
                    max_size=2**24,
                    ping_interval=None,
                    open_timeout=5,
                )
                break
            except (OSError, InvalidStatus, TimeoutError) as exc:
                last = exc
                await asyncio.sleep(0.1)
        else:
            raise ConnectionError(f"could not connect to {self.url}: {last!r}")
        self._serve_task = asyncio.create_task(self._serve(self._ws))
        return time.monotonic() - start

    async def close(self) -> None:
        """A clean close, as NapCat does when it shuts down."""
        if self._ws is not None:
            await self._ws.close()
        await self._join()

    async def __aenter__(self) -> OneBotPeer:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def drop(self) -> None:
        """Lose the TCP connection without a close frame (network gone)."""
        if self._ws is not None:
            self._ws.transport.abort()
        await self._join()

    async def _join(self) -> None:
        if self._serve_task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._serve_task, 10)
        self._ws = None

    def fail(
        self,
        *actions: str,
        retcode: int | None = 1200,
        times: int | None = 1,
        message: str = "injected failure",
    ) -> Failure:
        """Make the next `times` calls of `actions` (all reply actions when none are named) fail
        with `retcode`, or go unanswered when `retcode` is None. `times=None`: until cleared."""
        rule = Failure(frozenset(actions or REPLY_ACTIONS), retcode, times, message)
        self.failures.append(rule)
        return rule

    def clear_failures(self) -> None:
        self.failures.clear()

    def on_action(self, action: str, handler: Callable[[dict[str, Any]], Any]) -> None:
        """Answer `action` with `handler(params)` (its return value is the response data)."""
        self.handlers[action] = handler

    async def _serve(self, ws: Any) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in ws:
                frame = json.loads(raw)
                if "action" in frame:
                    await self._answer(ws, frame)

    async def _answer(self, ws: Any, frame: dict[str, Any]) -> None:
        action = str(frame.get("action"))
        params = frame.get("params") or {}
        call = Call(action, params, frame.get("echo"), time.monotonic())
        self.calls.append(call)
        rule = next(
            (r for r in self.failures if action in r.actions and not r.spent), None
        )
        if rule is not None:
            rule.hits += 1
            if rule.retcode is None:
                call.outcome = "unanswered"
                return
            call.outcome = f"failed:{rule.retcode}"
            await self._respond(ws, call, None, retcode=rule.retcode, message=rule.message)
            return
        if action in REPLY_ACTIONS:
            sent = Sent(action, params, call.at, next(self._ids))
            self._remember_sent(sent)
            data: Any = {"message_id": sent.message_id}
            if action.endswith("forward_msg"):
                data["forward_id"] = secrets.token_hex(8)
            await self._respond(ws, call, data)
        elif action == "get_msg":
            known = self.messages.get(int(params.get("message_id", -1)))
            if known is None:
                call.outcome = "failed:1404"
                await self._respond(ws, call, None, retcode=1404, message="MESSAGE_NOT_FOUND")
            else:
                await self._respond(ws, call, known)
        elif action in self.handlers:
            await self._respond(ws, call, self.handlers[action](params))
        else:
            # NapCat's answer to an action it does not implement.
            call.outcome = "failed:1404"
            await self._respond(ws, call, None, retcode=1404, message="API_NOT_FOUND")

    async def _respond(
        self, ws: Any, call: Call, data: Any, *, retcode: int = 0, message: str = ""
    ) -> None:
        frame = {
            "status": "ok" if retcode == 0 else "failed",
            "retcode": retcode,
            "data": data,
            "message": message,
            "wording": message,
            "echo": call.echo,
        }
        with contextlib.suppress(websockets.ConnectionClosed):
            await ws.send(json.dumps(frame, ensure_ascii=False))

    def _remember_sent(self, sent: Sent) -> None:
        self.sent.append(sent)
        self._by_target[sent.target].append(sent)
        kind, _ = sent.target
        self.messages[sent.message_id] = {
            "time": int(time.time()),
            "message_type": kind,
            "message_id": sent.message_id,
            "real_id": sent.message_id,
            "sender": {"user_id": self.self_id, "nickname": "填报助手"},
            "message": sent.segments,
            "raw_message": to_cq_string(sent.segments),
        }
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def new_message_id(self) -> int:
        return next(self._ids)

    def new_user_id(self) -> int:
        """A user id not used before by this peer (fresh rate limits, no dialog state)."""
        return next(self._users)

    def private_event(
        self,
        message: MessageLike,
        *,
        user_id: int | None = None,
        message_format: Literal["array", "string"] | None = None,
        sender: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A private message event as NapCat posts it (not sent yet)."""
        user = self.new_user_id() if user_id is None else user_id
        event = self._message_event(message, user, message_format, **fields)
        event.update(message_type="private", sub_type="friend")
        event["sender"] = dict(
            sender if sender is not None
            else {"user_id": user, "nickname": f"用户{user}", "sex": "unknown", "age": 0}
        )
        return event

    def group_event(
        self,
        message: MessageLike,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        at: bool = False,
        reply_to: int | None = None,
        role: str = "member",
        message_format: Literal["array", "string"] | None = None,
        sender: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A group message event; `at` mentions the bot first, `reply_to` quotes a message."""
        user = self.new_user_id() if user_id is None else user_id
        segments = [text_segment(message)] if isinstance(message, str) else list(message)
        if at:
            segments = [segment("at", qq=self.self_id), text_segment(" "), *segments]
        if reply_to is not None:
            segments = [segment("reply", id=reply_to), *segments]
        event = self._message_event(segments, user, message_format, **fields)
        event.update(
            message_type="group",
            sub_type="normal",
            group_id=self.group_id if group_id is None else group_id,
            anonymous=None,
        )
        event["sender"] = dict(
            sender if sender is not None
            else {"user_id": user, "nickname": f"用户{user}", "card": "", "sex": "unknown",
                  "age": 0, "area": "", "level": "", "role": role, "title": ""}
        )
        return event

    def _message_event(
        self,
        message: MessageLike,
        user: int,
        message_format: Literal["array", "string"] | None,
        **fields: Any,
    ) -> dict[str, Any]:
        segments = [text_segment(message)] if isinstance(message, str) else list(message)
        form = message_format or self.message_format
        event: dict[str, Any] = {
            "time": int(time.time()),
            "self_id": self.self_id,
            "post_type": "message",
            "message_id": self.new_message_id(),
            "user_id": user,
            "message": segments if form == "array" else to_cq_string(segments),
            "raw_message": to_cq_string(segments),
            "font": 14,
            "message_format": form,
        }
        event.update(fields)
        return event

    async def post(self, event: dict[str, Any]) -> Posted:
        """Send an event to the bot; a message event becomes known to `get_msg`."""
        if event.get("post_type") == "message" and "message_id" in event:
            self.messages[int(event["message_id"])] = {
                "time": event.get("time", int(time.time())),
                "message_type": event.get("message_type", "private"),
                "message_id": event["message_id"],
                "real_id": event["message_id"],
                "sender": event.get("sender") or {"user_id": event.get("user_id")},
                "message": as_segments(event.get("message")),
                "raw_message": event.get("raw_message", ""),
            }
        at = time.monotonic()
        await self._ws.send(json.dumps(event, ensure_ascii=False))
        return Posted(event, at)

    async def private(self, message: MessageLike, **kwargs: Any) -> Posted:
        return await self.post(self.private_event(message, **kwargs))

    async def group(self, message: MessageLike, **kwargs: Any) -> Posted:
        return await self.post(self.group_event(message, **kwargs))

    def sent_to(self, target: Target, since: float = 0.0) -> list[Sent]:
        return [s for s in self._by_target.get(target, ()) if s.at >= since]

    async def replies(
        self,
        posted: Posted | Target,
        *,
        since: float | None = None,
        within: float = 10.0,
        quiet: float = 0.3,
    ) -> list[Sent]:
        """Messages sent to the chat of `posted` after it: waits up to `within` s for the first,
        then until nothing more came for `quiet` seconds (several parts, forwards)."""
        if isinstance(posted, Posted):
            target, since = posted.target, posted.at if since is None else since
        else:
            target, since = posted, time.monotonic() if since is None else since
        deadline = time.monotonic() + within
        while True:
            changed = self._changed
            got = self.sent_to(target, since)
            now = time.monotonic()
            if got:
                wait = quiet - (now - got[-1].at)
            else:
                wait = deadline - now
            if wait <= 0:
                return got
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), wait)

    async def first_reply(self, posted: Posted, within: float = 10.0) -> Sent | None:
        """The first message sent to the chat of `posted` after it, without waiting for more."""
        got = await self.replies(posted, within=within, quiet=0.0)
        return got[0] if got else None

    async def ask_private(self, message: MessageLike, **kwargs: Any) -> list[Sent]:
        """Post a private message and collect the reply (empty list: silence)."""
        within = kwargs.pop("within", 10.0)
        return await self.replies(await self.private(message, **kwargs), within=within)

    async def ask_group(self, message: MessageLike, **kwargs: Any) -> list[Sent]:
        """Post a group message and collect the reply (empty list: silence)."""
        within = kwargs.pop("within", 10.0)
        return await self.replies(await self.group(message, **kwargs), within=within)

    async def barrier(self, within: float = 15.0, quiet: float = 0.3) -> None:
        """Wait until the bot has worked through what was posted before: a private greeting
        from a fresh user is answered, then `quiet` seconds pass."""
        posted = await self.private("你好")
        if not await self.replies(posted, within=within, quiet=0.0):
            raise AssertionError("the bot did not answer the barrier message")
        await asyncio.sleep(quiet)

    async def silent(self, posted: Posted) -> bool:
        """True when nothing was sent to the chat of `posted` once the bot caught up."""
        await self.barrier()
        return not self.sent_to(posted.target, posted.at)


async def handshake_status(url: str, headers: Mapping[str, str]) -> int:
    """101 when the bot accepts a WebSocket with these headers (closed again at once),
    else the HTTP status it refused with."""
    try:
        ws = await websockets.connect(url, additional_headers=dict(headers), open_timeout=10)
    except InvalidStatus as exc:
        return int(exc.response.status_code)
    await ws.close()
    return 101
