"""Sending safely over a real WebSocket, against the answers NapCat really gives (issue 13, 2-3).

A send that may have been shown is never repeated; a muted group gets nothing until the mute
ends; one incoming message never turns into a burst; a member the loop guard muted stops being
answered. The bot runs with its own settings: calls NapCat never answers cost API_TIMEOUT, each
member has a real per-minute rate, and long answers are cut into small parts so a long reply
would be many messages.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.guide.rules import ACTIVITY_TABLE_COLUMNS
from tests.e2e.peer import (
    GROUP_ID,
    REPLY_ACTIONS,
    SELF_ID,
    BotProcess,
    Posted,
    target_of,
    text_of,
)
from tests.e2e.quirks import NAPCAT_MUTED, NAPCAT_SEND_TIMEOUT, QuirkyPeer

API_TIMEOUT = 2.0
USER_RATE = 6
ENV = {
    "API_TIMEOUT": str(API_TIMEOUT),
    "ASSISTANT_DEDUP_MINUTES": "0",
    "ASSISTANT_GROUP_RATE_PER_MINUTE": "10000",
    "ASSISTANT_USER_RATE_PER_MINUTE": str(USER_RATE),
    "ASSISTANT_PRIVATE_CHUNK_CHARS": "100",
    "ASSISTANT_FORWARD_THRESHOLD": "150",
    "ASSISTANT_MAX_INPUT_CHARS": "200000",
}
GROUP = ("group", GROUP_ID)
RETRY_WINDOW = API_TIMEOUT + 4.0
"""Long enough for a first retry (back-off 1 s after a call that waited API_TIMEOUT)."""
COUNT_QUESTIONS = [f"{n}场活动分类2能选几项" for n in range(1, 31)]


@pytest.fixture(scope="module")
def safe_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    with BotProcess(tmp_path_factory.mktemp("safe-bot"), env=ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def module_peer(safe_bot: BotProcess) -> AsyncIterator[QuirkyPeer]:
    peer = QuirkyPeer.for_bot(safe_bot)
    await peer.connect(within=60)
    await peer.barrier(within=30)
    try:
        yield peer
    finally:
        await peer.close()


@pytest.fixture
async def qpeer(module_peer: QuirkyPeer, safe_bot: BotProcess) -> AsyncIterator[QuirkyPeer]:
    if not module_peer.connected:
        await module_peer.connect()
    yield module_peer
    module_peer.clear_failures()
    assert safe_bot.alive, f"the bot exited; log tail:\n{safe_bot.tail()}"


def calls_to(peer: QuirkyPeer, target: tuple[str, int], since: float) -> list[str]:
    """Reply actions the bot called for `target` since `since` (answered or not)."""
    calls = peer.calls_of(REPLY_ACTIONS, since)
    return [c.action for c in calls if target_of(c.action, c.params) == target]


# --- 1. a send that may have been shown is never repeated ---------------------------------


@pytest.mark.parametrize(
    "quirk",
    [
        pytest.param({"retcode": 1200, "message": NAPCAT_SEND_TIMEOUT}, id="napcat-1200-timeout"),
        pytest.param({"delay": API_TIMEOUT + 1.5}, id="answer-after-api-timeout"),
        pytest.param({"echo": None}, id="null-echo"),
        pytest.param({"echo": ""}, id="empty-echo"),
    ],
)
async def test_ambiguous_private_send_is_not_repeated(
    qpeer: QuirkyPeer, safe_bot: BotProcess, quirk: dict[str, object]
) -> None:
    """QQ showed the answer but NapCat's reply says otherwise (1200 Timeout, too late, no echo):
    the answer is logged and never sent a second time."""
    mark = safe_bot.log_mark()
    qpeer.quirk(shown=True, **quirk)  # type: ignore[arg-type]
    posted = await qpeer.private("证明材料用什么格式")
    await asyncio.sleep(RETRY_WINDOW)
    assert calls_to(qpeer, posted.target, posted.at) == ["send_msg"], safe_bot.tail()
    assert len(qpeer.sent_to(posted.target, posted.at)) == 1
    assert await safe_bot.wait_log(r"(?i)may have been shown", mark), safe_bot.tail()


async def test_ambiguous_forward_has_no_text_fallback(qpeer: QuirkyPeer) -> None:
    """A merged forward that QQ showed although NapCat answered 1200 Timeout is not followed by
    the same answer as text parts."""
    qpeer.quirk("send_group_forward_msg", shown=True, retcode=1200, message=NAPCAT_SEND_TIMEOUT)
    posted = await qpeer.group("我们办了六场活动，服务功能分类2可以选几个", at=True)
    await asyncio.sleep(RETRY_WINDOW)
    assert calls_to(qpeer, GROUP, posted.at) == ["send_group_forward_msg"]


async def test_send_that_never_reached_qq_is_tried_once_more(qpeer: QuirkyPeer) -> None:
    """NapCat refusing before sending (it could not resolve the user) is retried once and the
    answer arrives once."""
    qpeer.quirk(retcode=1200, message="无法获取用户信息")
    posted = await qpeer.private("证明材料用什么格式")
    await asyncio.sleep(RETRY_WINDOW)
    assert calls_to(qpeer, posted.target, posted.at) == ["send_msg", "send_msg"]
    assert len(qpeer.sent_to(posted.target, posted.at)) == 1


# --- 3. muted in a group -----------------------------------------------------------------


async def ask_group_questions(peer: QuirkyPeer, count: int, *, offset: int = 0) -> list[Posted]:
    return [
        await peer.group(COUNT_QUESTIONS[offset + i], at=True, user_id=peer.new_user_id())
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("user_id", "duration"),
    [pytest.param(SELF_ID, 600, id="bot-muted"), pytest.param(0, -1, id="whole-group-mute")],
)
async def test_muted_group_gets_nothing_until_the_mute_is_lifted(
    qpeer: QuirkyPeer, safe_bot: BotProcess, user_id: int, duration: int
) -> None:
    """The bot (or the whole group) is muted while answers are queued: the queued answers are
    dropped and logged, new questions get no send at all, and after the lift notice the group
    is answered again."""
    # The first answer takes a while to be confirmed, so the next two wait in the queue.
    qpeer.quirk("send_msg", shown=True, delay=1.0)
    mark = safe_bot.log_mark()
    start = time.monotonic()
    await ask_group_questions(qpeer, 3)
    await asyncio.sleep(0.3)
    await qpeer.post(qpeer.ban_event(user_id=user_id, duration=duration))
    await ask_group_questions(qpeer, 3, offset=3)
    await asyncio.sleep(3.0)
    assert calls_to(qpeer, GROUP, start) == ["send_msg"], text_of(qpeer.sent_to(GROUP, start))
    assert await safe_bot.wait_log(r"(?i)muted", mark), safe_bot.tail()

    await qpeer.post(qpeer.ban_event(user_id=user_id, duration=0))
    await asyncio.sleep(0.5)  # events are handled concurrently: the lift first
    lifted = time.monotonic()
    posted = await qpeer.group(COUNT_QUESTIONS[7], at=True)
    sent = await qpeer.replies(posted)
    assert sent, safe_bot.tail()
    assert posted.message_id in sent[0].quoted_ids
    assert len(calls_to(qpeer, GROUP, lifted)) == 1


async def test_send_refused_as_muted_stops_sending_to_the_group(
    qpeer: QuirkyPeer, safe_bot: BotProcess
) -> None:
    """Sends refused with 1200 and QQ's result 120 (muted): one attempt, then nothing more for
    that group, however many questions come (NapCatQQ#398)."""
    qpeer.quirk("send_msg", times=None, retcode=1200, message=NAPCAT_MUTED)
    start = time.monotonic()
    await ask_group_questions(qpeer, 5, offset=10)
    await asyncio.sleep(RETRY_WINDOW)
    assert calls_to(qpeer, GROUP, start) == ["send_msg"], safe_bot.tail()

    # Private chats are not muted.
    qpeer.clear_failures()
    assert await qpeer.ask_private("证明材料用什么格式")
    await qpeer.post(qpeer.ban_event(user_id=SELF_ID, duration=0))
    await asyncio.sleep(0.5)
    assert await qpeer.ask_group(COUNT_QUESTIONS[20], at=True)


# --- 6. one message, a handful of messages -------------------------------------------------


def activity_table(rows: int) -> str:
    header = "\t".join(ACTIVITY_TABLE_COLUMNS)
    body = "\n".join(
        f"{i}\t2024/3/5\t常州\t活动{i}\t本平台\t本平台\t政策解读\t12\t{i % 7}\t信息服务\t否"
        for i in range(1, rows + 1)
    )
    return f"{header}\n{body}"


async def test_long_private_reply_is_a_handful_of_messages(qpeer: QuirkyPeer) -> None:
    """A pasted 1,800-row table in private chat: at most 3 messages, the last saying how much
    was left out."""
    posted = await qpeer.private(activity_table(1800))
    sent = await qpeer.replies(posted, within=30, quiet=1.5)
    assert sent, "no reply"
    assert len(sent) <= 3, f"{len(sent)} messages"
    assert "还有" in sent[-1].text


async def test_refused_forward_falls_back_to_a_handful_of_parts(qpeer: QuirkyPeer) -> None:
    """A long group answer whose forward is refused (no such API) comes as at most 3 parts."""
    qpeer.quirk("send_group_forward_msg", retcode=1404, message="API_NOT_FOUND")
    posted = await qpeer.group(activity_table(300), at=True)
    sent = await qpeer.replies(posted, within=30, quiet=1.5)
    assert sent, "no reply"
    assert not any(s.is_forward for s in sent)
    assert len(sent) <= 3, f"{len(sent)} messages"
    assert "还有" in sent[-1].text


# --- 7. a member the loop guard muted stops being answered ---------------------------------

GUARD_GROUP_RATE = 30
"""3 at once, then one every 2 s: a member's burst of questions waits in the group's queue."""


@pytest.fixture(scope="module")
def guard_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    env = {
        **ENV,
        "ASSISTANT_GROUP_RATE_PER_MINUTE": str(GUARD_GROUP_RATE),
        "ASSISTANT_USER_RATE_PER_MINUTE": "10000",
    }
    with BotProcess(tmp_path_factory.mktemp("guard-bot"), env=env) as bot:
        bot.wait_listening()
        yield bot


async def test_loop_guard_mute_drops_the_members_queued_answers(guard_bot: BotProcess) -> None:
    """A member who fires questions as fast as the bot answers trips the loop guard: the answers
    still queued for them (held by the group's rate) are dropped, not sent over the next
    seconds."""
    async with QuirkyPeer.for_bot(guard_bot) as peer:
        await peer.barrier(within=30)
        user = peer.new_user_id()
        mark = guard_bot.log_mark()
        for question in COUNT_QUESTIONS[:16]:
            await peer.group(question, at=True, user_id=user)
            await asyncio.sleep(0.15)
        assert await guard_bot.wait_log(r"loop guard", mark, within=10), guard_bot.tail()
        tripped = time.monotonic()
        await asyncio.sleep(4 * 60 / GUARD_GROUP_RATE + 1)
        later = peer.sent_to(GROUP, tripped + 0.5)
        assert later == [], f"{len(later)} answers after the loop guard tripped"
