"""OneBot v11 events as implementations really post them, made valid before the adapter's
strict models see them; and the key that tells a repeated delivery.

`normalise(payload)` returns the event the models accept, or None for one that cannot be
answered (no sender, no group of a group message, no post type). It fills or fixes what real
implementations get wrong: `font` as a font name or missing (onebots#168), `sender` empty,
missing or with numbers where strings belong, ids as strings (a non-numeric message id becomes
a stable number), `time` as a float, `raw_message` or `sub_type` missing, a `null` or a bare
string inside the segment list (nonebot2#325), segments without `data`, text segments whose
`text` is missing or not a string, lone surrogates (a JSON escape can carry one; it cannot be
printed or stored). Fields NoneBot computes itself (`to_me`, `reply`, `original_message`) are
never taken from the payload. A normal NapCat event passes with a few type checks: this runs
for every event.

`event_key(event)` is what `bot.delivery.seen` remembers: account, post type, chat, sender
and message id.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Hashable
from typing import Any

MAX_ID = 2**63 - 1
"""Ids are stored (SQLite) and sent back to the implementation as 64-bit integers."""
_COMPUTED = ("to_me", "reply", "original_message")
_SENDER_TEXT = ("nickname", "sex", "card", "area", "level", "role", "title")
_SUB_TYPES = {"private": "friend", "group": "normal"}
_DETAIL_TYPE = {
    "message": "message_type",
    "message_sent": "message_type",
    "notice": "notice_type",
    "request": "request_type",
    "meta_event": "meta_event_type",
}
_DETAIL_TYPES = ("message_type", "notice_type", "request_type", "meta_event_type")


def normalise(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The event in a shape the OneBot v11 models accept (changed in place), or None."""
    post_type = payload.get("post_type")
    if not isinstance(post_type, str) or not post_type:
        return None
    payload["post_type"] = post_type = _clean(post_type)  # printed in the event's name
    _common(payload)
    if post_type == "message" and _message(payload) is None:
        return None
    _model_keys(payload, post_type)
    return payload


def event_key(event: dict[str, Any]) -> Hashable | None:
    """What identifies a delivery of `event` (normalised), or None when it carries no id."""
    message_id = event.get("message_id")
    if not message_id or event.get("post_type") != "message" or "message_type" not in event:
        return None
    # The text too: a re-delivery repeats it, but a peer that restarted its counters (a new
    # NapCat session, a test harness) reuses ids for new messages, which must be answered.
    # Its hash, not the text: 20,000 remembered pastes of 20,000 characters would be 400 MB.
    return (
        event["self_id"],
        event["message_type"],
        event.get("group_id", 0),
        event["user_id"],
        message_id,
        hash(str(event.get("raw_message", ""))),
    )


def _common(event: dict[str, Any]) -> None:
    """`time` and `self_id`, which every event model needs, so that even a junk event
    validates as a plain `Event` (and is ignored) instead of failing with an error."""
    stamp = event.get("time")
    if type(stamp) is not int or not 0 <= stamp <= MAX_ID:
        value = _int(stamp, 0, MAX_ID)
        event["time"] = int(time.time()) if value is None else value
    if type(event.get("self_id")) is not int or not 0 <= event["self_id"] <= MAX_ID:
        event["self_id"] = _id(event.get("self_id")) or 0
    for key in _COMPUTED:
        event.pop(key, None)


def _model_keys(event: dict[str, Any], post_type: str) -> None:
    """The fields the adapter picks the model by: one detail type, the one of this post type
    (two of them make it raise), and `sub_type` only under a detail type, all strings."""
    detail = _DETAIL_TYPE.get(post_type)
    for key in _DETAIL_TYPES:
        if key != detail:
            event.pop(key, None)
    if detail is None or not _is_name(event.get(detail)):
        if detail is not None:
            event.pop(detail, None)
        event.pop("sub_type", None)
        return
    event[detail] = _clean(event[detail])  # the names are printed with each event
    if "sub_type" in event:
        if _is_name(event["sub_type"]):
            event["sub_type"] = _clean(event["sub_type"])
        else:
            del event["sub_type"]


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _message(event: dict[str, Any]) -> dict[str, Any] | None:
    sender = event.get("sender")
    if not isinstance(sender, dict):
        event["sender"] = sender = {}
    user_id = _id(event.get("user_id"))
    if user_id is None:
        user_id = _id(sender.get("user_id"))
        if user_id is None:
            return None
    event["user_id"] = user_id
    _sender(sender)

    message_type = event.get("message_type")
    if message_type is None:
        message_type = "group" if event.get("group_id") is not None else "private"
    elif not _is_name(message_type):
        return None  # NoneBot would fail to read it as a message at all
    event["message_type"] = message_type = _clean(message_type)
    group_id = _id(event.get("group_id"))
    if group_id is not None:
        event["group_id"] = group_id
    elif message_type == "group":
        return None
    else:
        event.pop("group_id", None)  # a private message's source group is optional
    if message_type == "group":
        _anonymous(event)
    else:
        event.pop("anonymous", None)  # only group messages are anonymous
    if not _is_name(event.get("sub_type")):
        event["sub_type"] = _SUB_TYPES.get(message_type, "normal")

    message_id = event.get("message_id")
    if type(message_id) is not int or not -MAX_ID <= message_id <= MAX_ID:
        event["message_id"] = _message_id(message_id)
    if type(event.get("font")) is not int:
        event["font"] = _int(event.get("font"), -MAX_ID, MAX_ID) or 0
    raw = event.get("raw_message")
    event["raw_message"] = _clean(raw) if isinstance(raw, str) else ""
    event["message"] = _message_value(event.get("message"))
    return event


def _sender(sender: dict[str, Any]) -> None:
    for key in ("user_id", "age"):
        if key in sender and type(sender[key]) is not int:
            value = _int(sender[key], -MAX_ID, MAX_ID)
            if value is None:
                del sender[key]
            else:
                sender[key] = value
    for key in _SENDER_TEXT:
        if key in sender:
            value = sender[key]
            if isinstance(value, str):
                sender[key] = _clean(value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sender[key] = str(value)  # onebots sends `level` as a number
            else:
                del sender[key]


def _anonymous(event: dict[str, Any]) -> None:
    """Keeps an anonymous message anonymous whatever shape `anonymous` has: the permission
    check must never take it for a named member."""
    anonymous = event.get("anonymous")
    if anonymous is None:
        return
    if not isinstance(anonymous, dict):
        anonymous = {"flag": anonymous}
    event["anonymous"] = {
        **anonymous,
        "id": _int(anonymous.get("id"), -MAX_ID, MAX_ID) or 0,
        "name": _text(anonymous.get("name")) or "匿名",
        "flag": _text(anonymous.get("flag")),
    }


def _message_value(message: Any) -> Any:
    if isinstance(message, list):
        return _segments(message)
    if isinstance(message, str):
        return _clean(message)
    if isinstance(message, dict):
        return _segments([message])
    if isinstance(message, int | float) and not isinstance(message, bool):
        return str(message)
    return ""


def _segments(message: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for segment in message:
        if isinstance(segment, str):
            out.append({"type": "text", "data": {"text": _clean(segment)}})
            continue
        if not isinstance(segment, dict):
            continue  # a null (go-cqhttp betas) or a stray value: nothing to read
        kind = segment.get("type")
        if not isinstance(kind, str) or not kind:
            continue
        data = segment.get("data")
        if not isinstance(data, dict):
            segment["data"] = data = {}
        if kind == "text":
            text = data.get("text")
            data["text"] = _clean(text) if isinstance(text, str) else _text(text)
        else:
            for key, value in data.items():
                if isinstance(value, str) and not value.isascii():
                    data[key] = _clean(value)
        out.append(segment)
    return out


def _clean(text: str) -> str:
    """`text` without lone surrogates (each becomes U+FFFD)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _text(value: Any) -> str:
    """A string field that came as something else: numbers as written, anything else empty."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _int(value: Any, low: int, high: int) -> int | None:
    """`value` as an integer within [low, high]: ints, integral floats and digit strings."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    elif isinstance(value, str):
        stripped = value.strip()
        digits = stripped[1:] if stripped[:1] == "-" else stripped
        if not digits.isdecimal() or len(digits) > 19:
            return None
        value = int(stripped)
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def _id(value: Any) -> int | None:
    """A QQ account or group number: a non-negative 64-bit integer."""
    return _int(value, 0, MAX_ID)


def _message_id(value: Any) -> int:
    """A message id the models accept; an id that is not a number becomes a stable one (the
    same string always gives the same number, so repeats are still recognised)."""
    number = _int(value, -MAX_ID, MAX_ID)
    if number is not None:
        return number
    if isinstance(value, str) and value:
        return zlib.crc32(value.encode("utf-8", "surrogatepass")) or 1
    return 0
