"""OneBot payloads as implementations really send them, normalised so that NoneBot's models
take them; and the key that recognises a repeated delivery."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import Adapter, GroupMessageEvent, PrivateMessageEvent

from bot.app.events import event_key, normalise


def private(**fields: Any) -> dict[str, Any]:
    event = {
        "time": 1_700_000_000, "self_id": 10, "post_type": "message", "message_type": "private",
        "sub_type": "friend", "message_id": 77, "user_id": 42,
        "message": [{"type": "text", "data": {"text": "证明材料要什么格式"}}],
        "raw_message": "证明材料要什么格式", "font": 14,
        "sender": {"user_id": 42, "nickname": "甲"},
    }  # fmt: skip
    event.update(fields)
    return event


def group(**fields: Any) -> dict[str, Any]:
    event = private(message_type="group", sub_type="normal", group_id=500, anonymous=None)
    event["sender"] = {"user_id": 42, "nickname": "甲", "role": "member"}
    event.update(fields)
    return event


def parsed(payload: dict[str, Any]) -> Any:
    event = normalise(copy.deepcopy(payload))
    assert event is not None
    return Adapter.json_to_event(event)


Patch = Callable[[dict[str, Any]], None]


def _drop(key: str) -> Patch:
    return lambda event: event.pop(key)


def _null_first_segment(event: dict[str, Any]) -> None:
    event["message"].insert(0, None)


@pytest.mark.parametrize(
    "patch",
    [
        pytest.param(lambda e: e.update(font="宋体"), id="font-name"),
        pytest.param(_drop("font"), id="no-font"),
        pytest.param(lambda e: e.update(message_id="123"), id="message-id-digits"),
        pytest.param(lambda e: e.update(message_id="g0001"), id="message-id-text"),
        pytest.param(lambda e: e.update(sender={}), id="sender-empty"),
        pytest.param(_drop("sender"), id="no-sender"),
        pytest.param(lambda e: e.update(sender={"level": 3, "age": "x"}), id="sender-types"),
        pytest.param(_drop("raw_message"), id="no-raw-message"),
        pytest.param(_drop("sub_type"), id="no-sub-type"),
        pytest.param(_drop("time"), id="no-time"),
        pytest.param(lambda e: e.update(time=1.7e9), id="time-float"),
        pytest.param(lambda e: e.update(user_id="42", self_id="10"), id="ids-as-text"),
        pytest.param(_null_first_segment, id="null-segment"),
        pytest.param(lambda e: e["message"].insert(0, {"type": "face"}), id="no-data"),
    ],
)
@pytest.mark.parametrize("make", [private, group], ids=["private", "group"])
def test_odd_shapes_become_message_events(
    make: Callable[..., dict[str, Any]], patch: Patch
) -> None:
    """Each odd but valid shape is read as the message event it is, with its text."""
    payload = make()
    patch(payload)
    event = parsed(payload)
    assert isinstance(event, PrivateMessageEvent | GroupMessageEvent)
    assert event.get_plaintext() == "证明材料要什么格式"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(5, "5", id="number"),
        pytest.param(None, "", id="null"),
        pytest.param(["a"], "", id="list"),
        pytest.param("网站\ud800打不开", "网站\ufffd打不开", id="lone-surrogate"),
    ],
)
def test_text_segments_are_strings(text: Any, expected: str) -> None:
    """A text segment's text is always a printable string."""
    event = parsed(private(message=[{"type": "text", "data": {"text": text}}]))
    assert event.get_plaintext() == expected
    event.get_plaintext().encode("utf-8")


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(private(user_id=None, sender={}), id="no-user"),
        pytest.param(private(user_id=10**30, sender={}), id="user-out-of-range"),
        pytest.param(group(group_id="x"), id="group-without-group"),
        pytest.param(private(message_type=""), id="empty-message-type"),
        pytest.param({"post_type": 5}, id="post-type-not-text"),
        pytest.param({"time": 1}, id="no-post-type"),
    ],
)
def test_unanswerable_events_are_dropped(payload: dict[str, Any]) -> None:
    """An event nobody could be answered for is dropped before the models see it."""
    assert normalise(copy.deepcopy(payload)) is None


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"post_type": "notice", "notice_type": "group_recall", "sub_type": 5},
                     id="sub-type-number"),
        pytest.param({"post_type": "notice", "message_type": "group", "meta_event_type": "x"},
                     id="two-detail-types"),
        pytest.param({"post_type": "request", "time": "soon", "self_id": []}, id="junk-common"),
        pytest.param({"post_type": "x\ud800", "sub_type": "y"}, id="unknown-post-type"),
    ],
)  # fmt: skip
def test_other_events_always_validate(payload: dict[str, Any]) -> None:
    """Junk notices and unknown post types still become some event (ignored by the plugins),
    never a parse error."""
    event = normalise(copy.deepcopy(payload))
    assert event is not None
    assert Adapter.json_to_event(event) is not None


def test_anonymous_stays_anonymous() -> None:
    """An anonymous message of any shape keeps an `anonymous`, so it is never taken for a
    named member; a private message never has one."""
    event = parsed(group(sub_type="anonymous", anonymous="flag-1"))
    assert event.anonymous is not None
    assert event.anonymous.flag == "flag-1"
    assert not hasattr(parsed(private(anonymous={"id": 1})), "anonymous")


def test_key_tells_chats_apart() -> None:
    """A re-delivery has the same key; the same message id from another user or chat does not."""
    first = normalise(private())
    assert first is not None
    again = normalise(private(message_id="77"))
    other_user = normalise(private(user_id=43))
    other_chat = normalise(group())
    assert event_key(first) == event_key(again)
    assert event_key(first) not in {event_key(other_user), event_key(other_chat)}  # type: ignore[arg-type]
    assert event_key(normalise(private(message_id=0))) is None  # type: ignore[arg-type]


def test_key_tells_new_text_under_a_reused_id_apart() -> None:
    """A peer that restarted its message counter reuses an id for a new question: not a repeat."""
    first = normalise(private())
    text = "分类1选几项"
    segment = {"type": "text", "data": {"text": text}}
    reused = normalise(private(raw_message=text, message=[segment]))
    assert first is not None
    assert reused is not None
    assert event_key(first) != event_key(reused)
