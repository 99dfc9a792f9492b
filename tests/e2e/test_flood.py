"""A busy evening over a real WebSocket: 300 questions in one group within 10 seconds.

The bot runs with real limits (240 group messages a minute, 5 answers per user a minute,
de-duplication on) and must stay within its rate, answer every distinct question, point later
askers to earlier answers, and stay healthy. Rates are set high enough for a run well under
a minute; the limiter's arithmetic is tested with invented times in tests/core/test_throttle.py.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e.peer import (
    GROUP_ID,
    SUPERUSER,
    BotProcess,
    OneBotPeer,
    Posted,
    Sent,
    text_of,
)

GROUP_RATE = 240
BURST = 3
JITTER_SECONDS = 2.0
"""How far apart the bot's send and the peer's receipt may drift on a loaded 2-core machine."""
FORWARD_THRESHOLD = 150
FLOOD_ENV = {
    "ASSISTANT_GROUP_RATE_PER_MINUTE": str(GROUP_RATE),
    "ASSISTANT_USER_RATE_PER_MINUTE": "5",
    "ASSISTANT_DEDUP_MINUTES": "10",
    "ASSISTANT_FORWARD_THRESHOLD": str(FORWARD_THRESHOLD),
    "API_TIMEOUT": "5",
}
GROUP = ("group", GROUP_ID)
ADMIN = ("private", SUPERUSER)

# Distinct questions and a fragment their answer must hold. The computed 分类2 answers differ
# by count, so each is a distinct answer; 6 and 9 give long two-reading answers (forwards).
QUESTIONS: dict[str, str] = {f"{n}场活动分类2能选几项": f"开展{n}场活动" for n in range(1, 61)}
QUESTIONS.update(
    {
        "证明材料什么格式": "PDF",
        "网站进不去": "18652917911",
        "填报截止时间是什么时候": "02583673201",
        "活动类别怎么填": "信息服务",
        "平台名称有什么要求": "示范",
    }
)


@pytest.fixture(scope="module")
def flood_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """Its own bot process with the real limits (the shared e2e bot has them opened wide)."""
    with BotProcess(tmp_path_factory.mktemp("flood-bot"), env=FLOOD_ENV) as bot:
        yield bot


@pytest.fixture(scope="module")
async def flood_peer(flood_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    peer = OneBotPeer.for_bot(flood_bot)
    await peer.connect(within=60)
    await peer.barrier(within=30)
    try:
        yield peer
    finally:
        await peer.close()


def _mentions(sent: Sent) -> set[int]:
    return {int(s["data"]["qq"]) for s in sent.segments if s.get("type") == "at"}


def _plan(users: list[int]) -> list[tuple[int, str]]:
    """300 (user, question): 100 users ask three different questions each; every tenth
    message after the first hundred repeats what that user asked before."""
    questions = list(QUESTIONS)
    plan: list[tuple[int, str]] = []
    for i in range(300):
        user = users[i % 100]
        question = questions[(7 * i) % len(questions)]
        if i >= 100 and i % 10 == 0:
            question = plan[i - 100][1]
        plan.append((user, question))
    return plan


def _answers(posted: list[tuple[Posted, str]], group_sent: list[Sent]) -> dict[str, set[int]]:
    """Question -> ids of the bot's answers to it: messages quoting one of its askers, and
    merged forwards headed by it ("问：…"; a forward can quote nobody)."""
    answers: dict[str, set[int]] = {}
    for post, question in posted:
        for sent in group_sent:
            if post.message_id in sent.quoted_ids:
                answers.setdefault(question, set()).add(sent.message_id)
    for sent in group_sent:
        for question in QUESTIONS:
            if sent.is_forward and sent.text.startswith(f"问：{question}"):
                answers.setdefault(question, set()).add(sent.message_id)
    return answers


def _uncovered(posted: list[tuple[Posted, str]], group_sent: list[Sent]) -> list[str]:
    """Askers who got neither an answer, nor a mention with it, nor a pointer to it. A user's
    repeat of their own question needs nothing more: they are answered once."""
    answers = _answers(posted, group_sent)
    texts = {q: {s.text for s in group_sent if s.message_id in ids} for q, ids in answers.items()}
    question_of = {post.message_id: question for post, question in posted}
    seen: set[tuple[int, str]] = set()
    missing = []
    for post, question in posted:
        key = (post.user_id, question)
        if key in seen:
            continue
        seen.add(key)
        ids = answers.get(question, set())
        covered = any(
            post.message_id in s.quoted_ids
            or (
                post.user_id in _mentions(s)
                and (
                    s.text in texts.get(question, ())  # merged into another asker's answer
                    or bool(ids & set(s.quoted_ids))  # pointer to the earlier answer
                    or any(question_of.get(q) == question for q in s.quoted_ids)  # follow-up
                )
            )
            for s in group_sent
        ) or any(  # the first asker of a long answer: the forward headed by their question
            s.is_forward and s.message_id in ids and s.at > post.at for s in group_sent
        )
        if not covered:
            missing.append(f"{post.user_id}: {question}")
    return missing


async def test_flood_stays_within_rate_and_answers_everything(
    flood_bot: BotProcess, flood_peer: OneBotPeer
) -> None:
    """300 questions in 10 s: the group rate holds, every distinct question is answered,
    every asker is answered or pointed to the answer, and the bot stays healthy."""
    peer = flood_peer
    users = [peer.new_user_id() for _ in range(100)]
    plan = _plan(users)
    start = time.monotonic()
    posted: list[tuple[Posted, str]] = []
    for i, (user, question) in enumerate(plan):
        # An even stream over 9 s, so all 300 are in well within 10 s.
        await asyncio.sleep(max(0.0, start + i * 0.03 - time.monotonic()))
        posted.append((await peer.group(question, user_id=user, at=True), question))

    deadline = time.monotonic() + 150
    while True:
        group_sent = peer.sent_to(GROUP, since=start)
        missing = _uncovered(posted, group_sent)
        if not missing or time.monotonic() > deadline or not flood_bot.alive:
            break
        await asyncio.sleep(1.0)
    assert flood_bot.alive, f"the bot died; log tail:\n{flood_bot.tail()}"
    assert missing == [], f"{len(missing)} askers never answered, e.g. {missing[:5]}"

    # Every distinct question got its own answer: quoting one of its askers, or a forward.
    answers = _answers(posted, group_sent)
    by_id = {s.message_id: s for s in group_sent}
    for question, fragment in QUESTIONS.items():
        texts = [by_id[i].text for i in answers.get(question, ())]
        assert any(fragment in t for t in texts), f"{question}: {texts}"

    # The rate: never more than GROUP_RATE in a minute, and no burst beyond BURST plus the
    # rate's share of any span (with slack for the drift between send and receipt).
    times = sorted(s.at for s in group_sent)
    rate = GROUP_RATE / 60
    for i, j in itertools.combinations(range(len(times)), 2):
        span = times[j] - times[i]
        assert j - i + 1 <= BURST + (span + JITTER_SECONDS) * rate, (
            f"{j - i + 1} messages within {span:.2f} s"
        )
        if span < 60:
            assert j - i + 1 <= GROUP_RATE
    # De-duplication and merging kept the group calmer than one message per question.
    assert len(group_sent) < len(posted)
    assert any(s.is_forward for s in group_sent), "no long answer went out as a forward"
    assert any("刚回答过" in s.text for s in group_sent), "no later asker got a pointer"

    # The hand-offs (a tech question, a gap, each asked by several people) reached the
    # SUPERUSER as one batched notice, not one message per question.
    notices = await peer.replies(ADMIN, since=start, within=30, quiet=1.0)
    assert len(notices) == 1, text_of(notices)
    assert "网站进不去" in notices[0].text

    # Still healthy: a fresh private question is answered, and nothing crashed.
    reply = await peer.ask_private("8场活动能选几个分类2", within=30)
    assert "2项" in text_of(reply)
    assert "Traceback" not in flood_bot.log()


async def test_refused_forward_falls_back_to_text(flood_peer: OneBotPeer) -> None:
    """A merged forward refused before sending (no such API, 1404) arrives as numbered text
    parts instead (one that may have been shown never does: tests/e2e/test_sending_safely.py)."""
    peer = flood_peer
    peer.fail("send_group_forward_msg", retcode=1404, times=1)
    try:
        posted = await peer.group("我们办了六场活动，服务功能分类2可以选几个", at=True)
        sent = await peer.replies(posted, within=60, quiet=1.0)
    finally:
        peer.clear_failures()
    assert sent, "no reply after the refused forward"
    assert not any(s.is_forward for s in sent)
    assert len(sent) >= 2
    assert sent[0].text.startswith("（1/")
    assert posted.message_id in sent[0].quoted_ids
    assert "开展6场活动" in text_of(sent)
    refused = [c for c in peer.calls if c.action == "send_group_forward_msg"]
    assert refused[-1].outcome == "failed:1404"
