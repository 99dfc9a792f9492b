"""One answer per question, one effect per command (issue 13, section 2, first item).

The QQ side delivers an event twice when it re-posts after a reconnect or reports it on two
connections: the same `message_id` from the same chat. The second delivery gets nothing.
"""

from __future__ import annotations

import copy
import re
import time

import pytest

from tests.e2e.peer import SUPERUSER, BotProcess, OneBotPeer, text_of


async def test_private_question_delivered_twice_is_answered_once(live_peer: OneBotPeer) -> None:
    """The same private event posted twice gets one answer."""
    event = live_peer.private_event("证明材料要什么格式")
    first = await live_peer.replies(await live_peer.post(event))
    assert first, "no reply to the first delivery"
    again = await live_peer.post(copy.deepcopy(event))
    assert await live_peer.silent(again), text_of(live_peer.sent_to(again.target, again.at))


async def test_group_question_delivered_twice_is_answered_once(live_peer: OneBotPeer) -> None:
    """The same group @ question posted twice (the shared bot does not merge repeated
    questions) gets one answer."""
    event = live_peer.group_event("网站打不开怎么办", at=True)
    assert await live_peer.replies(await live_peer.post(event)), "no reply"
    again = await live_peer.post(copy.deepcopy(event))
    assert await live_peer.silent(again)


async def test_redelivery_after_reconnect_is_not_answered(
    live_peer: OneBotPeer, e2e_bot: BotProcess
) -> None:
    """A question answered before the connection dropped, re-posted on the new connection,
    is not answered again; a new question on it is."""
    event = live_peer.private_event("活动证明材料要盖章吗")
    assert await live_peer.replies(await live_peer.post(event)), "no reply"
    await live_peer.drop()
    await live_peer.connect()
    again = await live_peer.post(copy.deepcopy(event))
    assert await live_peer.silent(again)
    assert await live_peer.ask_private("服务功能分类1能选几个"), e2e_bot.tail()


async def test_same_id_from_another_chat_is_answered(live_peer: OneBotPeer) -> None:
    """Only a true repeat is dropped: another user's message that happens to carry the same
    `message_id` is answered."""
    event = live_peer.private_event("证明材料可以是照片吗")
    assert await live_peer.replies(await live_peer.post(event)), "no reply"
    other = live_peer.private_event("证明材料可以是照片吗", message_id=event["message_id"])
    assert other["user_id"] != event["user_id"]
    assert await live_peer.replies(await live_peer.post(other)), "the other user got no answer"


@pytest.mark.parametrize("group", [False, True], ids=["private", "group"])
async def test_admin_command_delivered_twice_acts_once(live_peer: OneBotPeer, group: bool) -> None:
    """A superuser's `/faq add` delivered twice is stored once and acknowledged once."""
    question = f"重复投递{'群' if group else '私聊'}问题{time.monotonic_ns() % 100000}怎么填"
    text = f"/faq add {question}\n重复投递测试的答案。"
    if group:
        event = live_peer.group_event(text, user_id=SUPERUSER, at=True)
    else:
        event = live_peer.private_event(text, user_id=SUPERUSER)
    first = await live_peer.replies(await live_peer.post(event))
    assert "已添加" in text_of(first), text_of(first)
    again = await live_peer.post(copy.deepcopy(event))
    await live_peer.barrier()
    later = live_peer.sent_to(again.target, again.at)
    assert not later, f"the repeat was answered: {text_of(later)}"
    listed = text_of(await live_peer.ask_private(f"/faq search {question}", user_id=SUPERUSER))
    entries = re.findall(rf"^\S+：{re.escape(question)}$", listed, re.M)
    assert len(entries) == 1, listed
