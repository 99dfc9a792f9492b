"""Odd but valid events, as OneBot implementations really send them (issue 13, section 4).

Shapes seen in the wild: onebots reports `font: "宋体"` and `sender.level` as a number
(onebots#168), a `sender` of `{}` or none at all (onebots#28), go-cqhttp betas a `null` inside
the segment list (nonebot2#325); forks send ids as strings, leave out `font`, `raw_message` or
`sub_type`, or send `time` as a float. Each is answered like the plain event. The bot's own
outgoing messages (`message_sent`, or its own user id) are the only echoes it ignores.

A reconnect while the old socket is half-open (no close frame came) is accepted within 5 s;
a connection without the access token never replaces the live one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.peer import GROUP_ID, SELF_ID, BotProcess, OneBotPeer, handshake_status, text_of

QUESTION = "网站登录一直提示密码错误怎么办"
TECH_PHONE = "18652917911"

Patch = Callable[[dict[str, Any]], None]


async def post_raw(peer: OneBotPeer, event: dict[str, Any]) -> None:
    """Send `event` as it is (the peer's `post` reads its ids and segments as it records it)."""
    await peer._ws.send(json.dumps(event, ensure_ascii=False))


def _drop(*keys: str) -> Patch:
    def patch(event: dict[str, Any]) -> None:
        for key in keys:
            event.pop(key, None)

    return patch


def _set(**fields: Any) -> Patch:
    def patch(event: dict[str, Any]) -> None:
        event.update(fields)

    return patch


def _sender(**fields: Any) -> Patch:
    def patch(event: dict[str, Any]) -> None:
        event["sender"] = {**event["sender"], **fields}

    return patch


def _string_ids(event: dict[str, Any]) -> None:
    for key in ("message_id", "user_id", "self_id", "group_id"):
        if key in event:
            event[key] = str(event[key])


def _null_segment(event: dict[str, Any]) -> None:
    event["message"] = [None, *event["message"]]


def _segment_without_data(event: dict[str, Any]) -> None:
    event["message"] = [{"type": "face"}, *event["message"]]


ODD_SHAPES: list[Any] = [
    pytest.param(_set(font="宋体"), id="font-name-string"),
    pytest.param(_set(font=""), id="font-empty-string"),
    pytest.param(_set(font="14"), id="font-digit-string"),
    pytest.param(_drop("font"), id="no-font"),
    pytest.param(_set(font=None), id="font-null"),
    pytest.param(_string_ids, id="ids-as-strings"),
    pytest.param(_set(message_id="a1b2c3d4e5"), id="message-id-not-a-number"),
    pytest.param(_set(sender={}), id="sender-empty"),
    pytest.param(_drop("sender"), id="no-sender"),
    pytest.param(_set(sender=None), id="sender-null"),
    pytest.param(_sender(level=1, age="", user_id="0"), id="sender-odd-types"),
    pytest.param(_drop("raw_message"), id="no-raw-message"),
    pytest.param(_drop("sub_type"), id="no-sub-type"),
    pytest.param(_set(time=time.time()), id="time-float"),
    pytest.param(_drop("time"), id="no-time"),
    pytest.param(_null_segment, id="null-segment"),
    pytest.param(_segment_without_data, id="segment-without-data"),
    pytest.param(_drop("message_format"), id="no-message-format"),
]


@pytest.mark.parametrize("patch", ODD_SHAPES)
@pytest.mark.parametrize("chat", ["private", "group-at"])
async def test_odd_event_is_answered(live_peer: OneBotPeer, patch: Patch, chat: str) -> None:
    """An event with an odd but valid shape gets the same answer as the plain one."""
    if chat == "private":
        event = live_peer.private_event(QUESTION)
    else:
        event = live_peer.group_event(QUESTION, at=True)
    target = ("private", int(event["user_id"])) if chat == "private" else ("group", GROUP_ID)
    patch(event)
    since = time.monotonic()
    await post_raw(live_peer, event)
    sent = await live_peer.replies(target, since=since)
    assert TECH_PHONE in text_of(sent), f"no answer to {event!r}"


async def test_onebots_group_message_is_answered(live_peer: OneBotPeer) -> None:
    """A group message exactly as onebots reports it (onebots#168: CQ string, font name,
    numeric level, a 16-digit message id and its own extra fields) is answered."""
    user = live_peer.new_user_id()
    event = {
        "time": int(time.time()),
        "self_id": SELF_ID,
        "post_type": "message",
        "message": f"[CQ:at,qq={SELF_ID}] {QUESTION}",
        "message_id": 2991159542809767 + user,
        "self": {"platform": "qq", "user_id": SELF_ID},
        "rand": 1188260196,
        "seq": 30119,
        "group_id": live_peer.group_id,
        "atall": False,
        "sender": {
            "user_id": user,
            "nickname": "群昵称",
            "sub_id": 537244893,
            "card": "",
            "sex": "unknown",
            "age": 0,
            "area": "",
            "level": 1,
            "role": "member",
            "title": "",
        },
        "anonymous": None,
        "detail_type": "group",
        "group_name": "群",
        "block": False,
        "sub_type": "normal",
        "type": "message",
        "atme": True,
        "font": "宋体",
        "id": "de62kubmos8",
        "message_type": "group",
        "alt_message": QUESTION,
        "platform": "qq",
        "version": "V11",
        "raw_message": f"[CQ:at,qq={SELF_ID}] {QUESTION}",
        "user_id": user,
    }
    sent = await live_peer.replies(await live_peer.post(event))
    assert TECH_PHONE in text_of(sent), text_of(sent)


@pytest.mark.parametrize("how", ["message_sent", "own-user-id"])
async def test_own_messages_are_not_answered(live_peer: OneBotPeer, how: str) -> None:
    """The bot's own outgoing message, reported back (NapCat's `message_sent`, or a message
    event from its own id), is not answered."""
    event = live_peer.private_event(QUESTION, user_id=SELF_ID)
    if how == "message_sent":
        event.update(post_type="message_sent", target_id=live_peer.new_user_id())
    assert await live_peer.silent(await live_peer.post(event))


async def test_half_open_socket_is_replaced_within_5_s(
    live_peer: OneBotPeer, e2e_bot: BotProcess
) -> None:
    """The QQ side reconnects while its old socket looks alive to the bot (no close frame):
    the authenticated new connection is taken within 5 s and answers; the old one is gone."""
    old = live_peer
    fresh = OneBotPeer.for_bot(e2e_bot)
    try:
        took = await fresh.connect(within=5.0)
        assert took < 5.0
        # An id of its own: the new peer counts from where the session peer started.
        sent = await fresh.ask_private(QUESTION, message_id=old.new_message_id() + 10**9)
        assert TECH_PHONE in text_of(sent), e2e_bot.tail()
    finally:
        await fresh.close()
    # The session peer's old socket was closed by the bot; it reconnects for later tests.
    await old.connect()
    assert await old.ask_private(QUESTION)


async def test_unauthenticated_connection_does_not_replace(
    live_peer: OneBotPeer, e2e_bot: BotProcess
) -> None:
    """A second connection for the same account without the token is refused and the live
    connection keeps answering."""
    headers = live_peer.headers(token="wrong-token")
    assert await handshake_status(e2e_bot.url, headers) == 403
    headers = live_peer.headers(auth=False)
    assert await handshake_status(e2e_bot.url, headers) == 403
    assert live_peer.connected
    assert TECH_PHONE in text_of(await live_peer.ask_private(QUESTION))
