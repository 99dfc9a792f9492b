"""Who is asked, and through which session, over a real WebSocket (issue 13, items 2-4).

A question recalled before its answer left the queue gets no answer; a temporary-session
message is answered through the same session (the send carries the source group); two
anonymous members are two askers; a member who pastes the bot's whole answer and asks a
follow-up is answered. The bot runs with de-duplication on and a low per-member rate, so that
merging two askers into one, or throttling them as one, would show.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from tests.e2e.peer import (
    GROUP_ID,
    REPLY_ACTIONS,
    BotProcess,
    Posted,
    target_of,
    text_of,
)
from tests.e2e.quirks import QuirkyPeer

ENV = {
    "API_TIMEOUT": "2",
    "ASSISTANT_DEDUP_MINUTES": "10",
    "ASSISTANT_GROUP_RATE_PER_MINUTE": "10000",
    "ASSISTANT_USER_RATE_PER_MINUTE": "2",
}
GROUP = ("group", GROUP_ID)
ANONYMOUS_USER = 80000000
NAPCAT_UNKNOWN_GROUP = 284840486
"""NapCat's stand-in `group_id` when it cannot tell a temporary session's group."""


@pytest.fixture(scope="module")
def askers_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    with BotProcess(tmp_path_factory.mktemp("askers-bot"), env=ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def module_peer(askers_bot: BotProcess) -> AsyncIterator[QuirkyPeer]:
    peer = QuirkyPeer.for_bot(askers_bot)
    await peer.connect(within=60)
    await peer.barrier(within=30)
    try:
        yield peer
    finally:
        await peer.close()


@pytest.fixture
async def qpeer(module_peer: QuirkyPeer, askers_bot: BotProcess) -> AsyncIterator[QuirkyPeer]:
    if not module_peer.connected:
        await module_peer.connect()
    yield module_peer
    module_peer.clear_failures()
    assert askers_bot.alive, f"the bot exited; log tail:\n{askers_bot.tail()}"


def quoting(peer: QuirkyPeer, posted: Posted) -> list[str]:
    sent = peer.sent_to(posted.target, posted.at)
    return [s.text for s in sent if posted.message_id in s.quoted_ids]


# --- 2. a recalled question gets no answer ----------------------------------------------------


async def test_recalled_group_question_is_not_answered(qpeer: QuirkyPeer) -> None:
    """Three questions queue behind a slow send; the second is recalled: the first and third
    are answered, the recalled one never."""
    qpeer.quirk("send_msg", shown=True, delay=1.0)
    posts = [
        await qpeer.group(f"{n}场活动分类2能选几项", at=True, user_id=qpeer.new_user_id())
        for n in (3, 5, 8)
    ]
    await asyncio.sleep(0.3)
    await qpeer.post(qpeer.recall_event(posts[1].event))
    await asyncio.sleep(4.0)
    assert quoting(qpeer, posts[0]), text_of(qpeer.sent_to(GROUP))
    assert quoting(qpeer, posts[2]), text_of(qpeer.sent_to(GROUP))
    assert quoting(qpeer, posts[1]) == []
    assert not any("开展5场活动" in s.text for s in qpeer.sent_to(GROUP, posts[0].at))


async def test_recalled_private_question_is_not_answered(qpeer: QuirkyPeer) -> None:
    """In private chat the second question, recalled while the first answer is being sent,
    gets no answer."""
    user = qpeer.new_user_id()
    qpeer.quirk("send_msg", shown=True, delay=1.0)
    first = await qpeer.private("4场活动分类2能选几项", user_id=user)
    second = await qpeer.private("9场活动分类2能选几项", user_id=user)
    await asyncio.sleep(0.3)
    await qpeer.post(qpeer.recall_event(second.event))
    await asyncio.sleep(3.0)
    sent = qpeer.sent_to(first.target, first.at)
    assert len(sent) == 1, text_of(sent)
    assert "4场" in sent[0].text


# --- 4. temporary sessions ----------------------------------------------------------------


@pytest.mark.parametrize("shape", ["napcat", "llonebot"])
async def test_temporary_session_is_answered_through_it(qpeer: QuirkyPeer, shape: str) -> None:
    """A temporary-session message (from a group member who is not a friend) is answered with
    a private send that names the source group, wherever the implementation put it."""
    source = 207935293
    event = qpeer.temp_event("证明材料用什么格式", group_id=source, shape=shape)
    posted = await qpeer.post(event)
    sent = await qpeer.replies(posted)
    assert sent, "no reply"
    for message in sent:
        assert message.target == ("private", posted.user_id)
        assert int(message.params.get("group_id", 0)) == source, message.params


async def test_temporary_session_with_unknown_group_is_answered(qpeer: QuirkyPeer) -> None:
    """NapCat's stand-in group for an unknown source is not passed on; the answer still goes."""
    event = qpeer.temp_event("证明材料用什么格式", group_id=NAPCAT_UNKNOWN_GROUP, shape="napcat")
    posted = await qpeer.post(event)
    sent = await qpeer.replies(posted)
    assert sent, "no reply"
    assert all("group_id" not in s.params for s in sent), [s.params for s in sent]


# --- 5. anonymous members are two askers ------------------------------------------------------


def anonymous_event(peer: QuirkyPeer, text: str, anonymous_id: int) -> dict[str, Any]:
    event = peer.group_event(text, at=True, user_id=ANONYMOUS_USER)
    event["sub_type"] = "anonymous"
    event["anonymous"] = {
        "id": anonymous_id,
        "name": f"匿名{anonymous_id}",
        "flag": f"{anonymous_id}|匿名{anonymous_id}",
    }
    event["sender"] = {"user_id": ANONYMOUS_USER, "nickname": "匿名消息"}
    return event


async def test_two_anonymous_members_asking_the_same_are_both_answered(qpeer: QuirkyPeer) -> None:
    """Two anonymous members (both user 80000000) ask the same thing, one after the other: each
    gets an answer quoting their own question; the second is not taken for the first one's
    repeat, nor merged into (or pointed to) the first one's answer with an @ of 80000000."""
    question = "证明材料需要盖章吗"
    first = await qpeer.post(anonymous_event(qpeer, question, 11))
    assert await qpeer.replies(first), "no answer to the first anonymous member"
    second = await qpeer.post(anonymous_event(qpeer, question, 22))
    await qpeer.replies(second, within=10, quiet=1.0)
    assert quoting(qpeer, first), text_of(qpeer.sent_to(GROUP, first.at))
    assert quoting(qpeer, second), text_of(qpeer.sent_to(GROUP, first.at))
    mentions = [
        seg for s in qpeer.sent_to(GROUP, first.at) for seg in s.segments if seg.get("type") == "at"
    ]
    assert not any(str(m["data"]["qq"]) == str(ANONYMOUS_USER) for m in mentions)


async def test_two_anonymous_members_are_throttled_apart(qpeer: QuirkyPeer) -> None:
    """Each of two anonymous members asks two questions: with 2 answers a minute per member,
    all four are answered at once, not two now and two a minute later."""
    posts = [
        await qpeer.post(anonymous_event(qpeer, f"{n}场活动分类2能选几项", who))
        for who, n in ((33, 2), (33, 4), (44, 6), (44, 7))
    ]
    await asyncio.sleep(4.0)
    unanswered = [p.event["raw_message"] for p in posts if not quoting(qpeer, p)]
    assert unanswered == []


# --- 8. a pasted answer with a follow-up question ---------------------------------------------


def calls_for(peer: QuirkyPeer, target: tuple[str, int], since: float) -> int:
    return sum(
        1 for c in peer.calls_of(REPLY_ACTIONS, since) if target_of(c.action, c.params) == target
    )


async def test_pasted_answer_with_follow_up_is_answered_in_private(qpeer: QuirkyPeer) -> None:
    """A member pastes the bot's whole answer and asks a follow-up: it is answered, and about
    the follow-up, not taken for a bot echoing the answer."""
    user = qpeer.new_user_id()
    earlier = await qpeer.ask_private("证明材料用什么格式", user_id=user)
    assert earlier, "no first answer"
    pasted = text_of(earlier)
    follow_up = "请问活动超过20场的话，证明材料都要交吗？"
    posted = await qpeer.private(f"{pasted}\n{follow_up}", user_id=user)
    sent = await qpeer.replies(posted)
    assert sent, "the follow-up was ignored"
    assert text_of(sent) != pasted
    assert "20" in text_of(sent), text_of(sent)  # about the follow-up, not the paste


async def test_pasted_answer_with_follow_up_is_answered_in_group(qpeer: QuirkyPeer) -> None:
    """The same with an @ in a group."""
    first = await qpeer.group("网站登录不上怎么办", at=True)
    earlier = await qpeer.replies(first)
    assert earlier, "no first answer"
    pasted = re.sub(r"^\s+", "", text_of(earlier))
    start = time.monotonic()
    posted = await qpeer.group(f"{pasted}\n那证明材料用什么格式？", at=True)
    sent = await qpeer.replies(posted)
    assert sent, f"the follow-up was ignored ({calls_for(qpeer, GROUP, start)} calls)"
    assert posted.message_id in sent[0].quoted_ids
    assert "PDF" in text_of(sent), text_of(sent)


async def test_exact_repeat_of_the_answer_is_still_ignored(qpeer: QuirkyPeer) -> None:
    """Another account that repeats the bot's answer word for word (a bot echoing it) is not
    answered."""
    first = await qpeer.group("网站注册收不到验证码", at=True)
    earlier = await qpeer.replies(first)
    assert earlier, "no first answer"
    echo = await qpeer.group(text_of(earlier).strip(), at=True)
    assert await qpeer.silent(echo)
