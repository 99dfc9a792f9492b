"""A OneBot peer with the send quirks real implementations have, and the notices they post.

`QuirkyPeer` is `OneBotPeer` (tests/e2e/peer.py) plus `quirk(...)`: the next calls of some
actions are answered the way NapCat, Lagrange.OneBot or LLOneBot answer them on a bad day.
A quirk with `shown=True` stands for a message QQ did show (it is recorded in `peer.sent` like
any other) although the answer says otherwise:

    peer.quirk("send_msg", shown=True, retcode=1200, message=NAPCAT_SEND_TIMEOUT)  # NapCatQQ#1410
    peer.quirk("send_msg", shown=True, delay=3.0)       # answered after NoneBot gave up waiting
    peer.quirk("send_msg", shown=True, echo=None)       # answer without its echo (NapCatQQ#950)
    peer.quirk("send_msg", retcode=1200, message=NAPCAT_MUTED)                 # bot muted

`recall_event`, `ban_event` and `temp_event` build the notices and the temporary-session
message as NapCat posts them (group_ban with user_id 0 and duration -1 for a whole-group mute).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import websockets

from tests.e2e.peer import REPLY_ACTIONS, Call, MessageLike, OneBotPeer, Sent

NAPCAT_SEND_TIMEOUT = (
    "Timeout: NTEvent serviceAndMethod:NodeIKernelMsgService/sendMsg "
    "ListenerName:NodeIKernelMsgListener/onMsgInfoListUpdate EventRet:\n"
    '{\n    "result": 0,\n    "errMsg": ""\n}\n'
)
"""NapCat's answer when QQ took the message but its confirmation came late (NapCatQQ#1410)."""
NAPCAT_MUTED = (
    "Timeout: NTEvent serviceAndMethod:NodeIKernelMsgService/sendMsg "
    "ListenerName:NodeIKernelMsgListener/onMsgInfoListUpdate EventRet:\n"
    '{\n    "result": 120,\n    "errMsg": ""\n}\n'
)
"""NapCat's answer to a send into a group where the bot is muted (QQ's result 120)."""
SAME = object()
"""`echo=SAME`: the answer carries the call's echo, as it should."""


@dataclass
class Quirk:
    actions: frozenset[str]
    times: int | None
    shown: bool = False
    retcode: int = 0
    message: str = ""
    delay: float = 0.0
    echo: Any = SAME
    hits: int = 0

    @property
    def spent(self) -> bool:
        return self.times is not None and self.hits >= self.times


class QuirkyPeer(OneBotPeer):
    """`OneBotPeer` whose answers to send calls can be late, wrong or lost (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quirks: list[Quirk] = []

    def quirk(
        self,
        *actions: str,
        times: int | None = 1,
        shown: bool = False,
        retcode: int = 0,
        message: str = "",
        delay: float = 0.0,
        echo: Any = SAME,
    ) -> Quirk:
        """The next `times` calls of `actions` (every reply action when none is named) are
        answered with `retcode`/`message`, after `delay` s, with `echo`; `shown`: QQ showed it."""
        wanted = frozenset(actions or REPLY_ACTIONS)
        rule = Quirk(wanted, times, shown, retcode, message, delay, echo)
        self.quirks.append(rule)
        return rule

    def clear_failures(self) -> None:
        super().clear_failures()
        self.quirks.clear()

    async def _answer(self, ws: Any, frame: dict[str, Any]) -> None:
        action = str(frame.get("action"))
        rule = next((q for q in self.quirks if action in q.actions and not q.spent), None)
        if rule is None:
            await super()._answer(ws, frame)
            return
        rule.hits += 1
        params = frame.get("params") or {}
        call = Call(action, params, frame.get("echo"), time.monotonic())
        self.calls.append(call)
        data: Any = None
        if rule.shown:
            sent = Sent(action, params, call.at, self.new_message_id())
            self._remember_sent(sent)
            if rule.retcode == 0:
                data = {"message_id": sent.message_id}
        call.outcome = f"quirk:{rule.retcode}" + (":shown" if rule.shown else "")
        echo = call.echo if rule.echo is SAME else rule.echo
        frame_out = {
            "status": "ok" if rule.retcode == 0 else "failed",
            "retcode": rule.retcode,
            "data": data,
            "message": rule.message,
            "wording": rule.message,
            "echo": echo,
        }
        if rule.delay:
            asyncio.get_running_loop().create_task(self._later(ws, frame_out, rule.delay))
        else:
            await _send(ws, frame_out)

    @staticmethod
    async def _later(ws: Any, frame: dict[str, Any], delay: float) -> None:
        await asyncio.sleep(delay)
        await _send(ws, frame)

    def calls_of(self, actions: Iterable[str] = REPLY_ACTIONS, since: float = 0.0) -> list[Call]:
        """Reply calls (answered or not) made at or after `since`."""
        wanted = frozenset(actions)
        return [c for c in self.calls if c.action in wanted and c.at >= since]

    def notice(self, notice_type: str, **fields: Any) -> dict[str, Any]:
        event: dict[str, Any] = {
            "time": int(time.time()),
            "self_id": self.self_id,
            "post_type": "notice",
            "notice_type": notice_type,
        }
        event.update(fields)
        return event

    def recall_event(self, posted_event: dict[str, Any]) -> dict[str, Any]:
        """The recall notice of a message the peer posted (group or private)."""
        user = int(posted_event["user_id"])
        if posted_event.get("message_type") == "group":
            return self.notice(
                "group_recall",
                group_id=int(posted_event["group_id"]),
                user_id=user,
                operator_id=user,
                message_id=int(posted_event["message_id"]),
            )
        return self.notice(
            "friend_recall", user_id=user, message_id=int(posted_event["message_id"])
        )

    def ban_event(
        self, *, user_id: int, duration: int, group_id: int | None = None
    ) -> dict[str, Any]:
        """group_ban as NapCat posts it: sub_type ban (duration > 0, or -1 for a whole-group
        mute with user_id 0) or lift_ban (duration 0)."""
        return self.notice(
            "group_ban",
            sub_type="ban" if duration != 0 else "lift_ban",
            group_id=self.group_id if group_id is None else group_id,
            operator_id=10001,
            user_id=user_id,
            duration=duration,
        )

    def temp_event(
        self, message: MessageLike, *, group_id: int, shape: str, user_id: int | None = None
    ) -> dict[str, Any]:
        """A temporary-session private message (sub_type "group") from `group_id`, with the
        source group where each implementation puts it: NapCat at the top level
        (`group_id`, `temp_source`), LLOneBot and go-cqhttp in `sender.group_id`."""
        event = self.private_event(message, user_id=user_id)
        event["sub_type"] = "group"
        event["temp_source"] = 0
        if shape == "napcat":
            event["group_id"] = group_id
        else:
            event["sender"]["group_id"] = group_id
        return event


async def _send(ws: Any, frame: dict[str, Any]) -> None:
    try:
        await ws.send(json.dumps(frame, ensure_ascii=False))
    except websockets.ConnectionClosed:
        pass
