"""Ordered queues, de-duplication and merging, with invented times."""

from __future__ import annotations

import pytest

from bot.delivery.throttle import (
    MAX_MENTIONS,
    Asker,
    Chat,
    Decision,
    Throttle,
    pointer_text,
)

GROUP: Chat = ("group", 807645478)
ANSWER = "服务活动证明材料格式限制为PDF，并且要整合成一个文档。\n依据：填报指南（二）"


def _throttle(
    group: int = 20, user: int = 5, dedup_minutes: float = 10, **kwargs: object
) -> Throttle:
    return Throttle(
        group_per_minute=group,
        user_per_minute=user,
        dedup_seconds=dedup_minutes * 60,
        **kwargs,  # type: ignore[arg-type]
    )


def _asker(user: int, question: str = "证明材料什么格式", message_id: int = 0) -> Asker:
    return Asker(user, message_id or user * 10, question)


def _drain(throttle: Throttle, chat: Chat, start: float = 0.0, limit: int = 1000):
    """Send everything queued as a worker would: (time, message) in the order sent."""
    now, out = start, []
    for _ in range(limit):
        item, wait = throttle.next_ready(chat, now)
        if item is None:
            if wait is None:
                return out
            now += wait
            continue
        throttle.record_group_message(chat, now)
        throttle.sent(item, 1000 + item.seq, now)
        out.append((now, item))
    raise AssertionError("queue did not drain")


def test_group_queue_keeps_order_and_rate() -> None:
    """Different answers in one group go out oldest first, no faster than the group rate."""
    throttle = _throttle(group=2, user=100)
    for i in range(4):
        decision, _ = throttle.submit(GROUP, _asker(100 + i, f"问题{i}"), f"回答{i}", 0)
        assert decision is Decision.QUEUED
    sent = _drain(throttle, GROUP)
    assert [item.text for _, item in sent] == ["回答0", "回答1", "回答2", "回答3"]
    assert [t for t, _ in sent][:2] == [0, 0]
    assert sent[2][0] >= 30  # 2 a minute: the third waits for its share
    assert sent[3][0] >= 60


def test_user_over_rate_holds_only_their_own_messages() -> None:
    """A user past their rate waits, in order, while others' answers go ahead."""
    throttle = _throttle(group=100, user=2)
    for i in range(3):
        throttle.submit(GROUP, _asker(1, f"我的问题{i}"), f"给1的回答{i}", 0)
    throttle.submit(GROUP, _asker(2, "别人的问题"), "给2的回答", 0)
    sent = _drain(throttle, GROUP)
    assert [item.text for _, item in sent] == [
        "给1的回答0", "给1的回答1", "给2的回答", "给1的回答2"
    ]
    assert sent[3][0] >= 30


def test_exempt_user_is_not_rate_limited() -> None:
    """Admins are not held back by the per-user rate (only by the group's)."""
    throttle = _throttle(group=100, user=1, exempt_users=frozenset({90001}))
    for i in range(3):
        throttle.submit(GROUP, _asker(90001, f"/faq show {i}"), f"第{i}条", 0)
    assert [t for t, _ in _drain(throttle, GROUP)] == [0, 0, 0]


def test_private_chat_has_no_user_rate() -> None:
    """A user's own private chat is answered in order without a per-user cap."""
    throttle = _throttle(user=1)
    chat: Chat = ("private", 7)
    for i in range(4):
        throttle.submit(chat, _asker(7, f"问题{i}"), f"回答{i}", 0)
    sent = _drain(throttle, chat)
    assert [(t, item.text) for t, item in sent] == [(0, f"回答{i}") for i in range(4)]


@pytest.mark.parametrize(
    ("when", "decision"),
    [
        pytest.param("queued", Decision.DUPLICATE, id="while-queued"),
        pytest.param("sent", Decision.DUPLICATE, id="after-sent"),
        pytest.param("expired", Decision.QUEUED, id="after-window"),
    ],
)
def test_user_repeating_a_question_gets_one_answer(when: str, decision: Decision) -> None:
    """The same user's same question within the window is answered once."""
    throttle = _throttle(dedup_minutes=10)
    throttle.submit(GROUP, _asker(1), ANSWER, 0)
    now = 1.0
    if when != "queued":
        _drain(throttle, GROUP)
        now = 5.0 if when == "sent" else 601.0
    got, _ = throttle.submit(GROUP, _asker(1, "证明材料 什么格式？"), ANSWER, now)
    assert got is decision


def test_repeat_in_private_chat_is_answered_once() -> None:
    """In private chat a repeat gets one short reminder, not the answer again; more repeats
    get nothing, and a new question is answered."""
    throttle = _throttle()
    chat: Chat = ("private", 1)
    throttle.submit(chat, _asker(1), ANSWER, 0)
    _drain(throttle, chat)
    decision, reminder = throttle.submit(chat, _asker(1), ANSWER, 2)
    assert decision is Decision.POINTER
    assert reminder is not None
    assert reminder.text.startswith("刚回答过这个问题，见上一条回答")
    _drain(throttle, chat)
    assert throttle.submit(chat, _asker(1), ANSWER, 3)[0] is Decision.DUPLICATE
    assert throttle.submit(chat, _asker(1, "活动类别怎么填"), "五类选一", 3)[0] is Decision.QUEUED


def test_same_question_from_another_user_gets_a_pointer() -> None:
    """Asked again in the group within the window: a short 刚回答过 quoting the answer."""
    throttle = _throttle()
    throttle.submit(GROUP, _asker(1), ANSWER, 0)
    (_, first), = _drain(throttle, GROUP)
    decision, pointer = throttle.submit(GROUP, _asker(2), ANSWER, 30)
    assert decision is Decision.POINTER
    assert pointer is not None
    assert pointer.pointer_to is not None
    assert pointer.pointer_to.message_id == 1000 + first.seq
    assert pointer.text.startswith("刚回答过")
    assert len(pointer.text) < len(ANSWER) + 20
    # A third asker joins the waiting pointer instead of causing another message.
    decision, joined = throttle.submit(GROUP, _asker(3), ANSWER, 31)
    assert decision is Decision.MERGED
    assert joined is pointer
    assert pointer.user_ids == [2, 3]
    _drain(throttle, GROUP, start=31)
    # Those who got the pointer count as answered too.
    assert throttle.submit(GROUP, _asker(3), ANSWER, 40)[0] is Decision.DUPLICATE


def test_waiting_answers_to_the_same_thing_are_merged() -> None:
    """Two questions with the same answer while it waits become one message."""
    throttle = _throttle(group=1)
    throttle.submit(GROUP, _asker(9, "活动类别怎么填"), "先占住速率", 0)
    throttle.next_ready(GROUP, 0)
    throttle.record_group_message(GROUP, 0)
    throttle.submit(GROUP, _asker(1, "证明材料什么格式"), ANSWER, 0)
    decision, item = throttle.submit(GROUP, _asker(2, "材料要啥格式"), ANSWER, 1)
    assert decision is Decision.MERGED
    assert item is not None
    assert item.user_ids == [1, 2]
    assert len(throttle.queued(GROUP)) == 1


def test_merging_stops_at_max_mentions() -> None:
    """A merged message mentions at most MAX_MENTIONS askers; more start a new one."""
    throttle = _throttle(group=1)
    for user in range(MAX_MENTIONS + 1):
        throttle.submit(GROUP, _asker(user + 1, f"问法{user}"), ANSWER, 0)
    queued = throttle.queued(GROUP)
    assert [len(item.askers) for item in queued] == [MAX_MENTIONS, 1]


def test_changed_answer_is_not_a_repeat() -> None:
    """After the knowledge changed, the same question gets the new answer."""
    throttle = _throttle()
    throttle.submit(GROUP, _asker(1), ANSWER, 0)
    _drain(throttle, GROUP)
    assert throttle.submit(GROUP, _asker(1), "改过的答案", 5)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _asker(2), "改过的答案", 5)[0] is Decision.MERGED


def test_window_of_zero_turns_off_dedup_and_merge() -> None:
    """ASSISTANT_DEDUP_MINUTES=0: every message is answered on its own."""
    throttle = _throttle(dedup_minutes=0)
    assert throttle.submit(GROUP, _asker(1), ANSWER, 0)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _asker(1), ANSWER, 0)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _asker(2), ANSWER, 0)[0] is Decision.QUEUED
    assert len(_drain(throttle, GROUP)) == 3


def test_commands_without_question_are_not_deduplicated() -> None:
    """An empty question key (commands, pictures) is never taken for a repeat."""
    throttle = _throttle()
    chat: Chat = ("private", 5)
    throttle.submit(chat, _asker(5, ""), "列表", 0)
    _drain(throttle, chat)
    assert throttle.submit(chat, _asker(5, ""), "列表", 1)[0] is Decision.QUEUED


def test_full_queue_refuses_new_answers() -> None:
    """Past the safety valve a chat's new answers are refused, not queued without end."""
    throttle = _throttle(max_queued=2, dedup_minutes=0)
    assert throttle.submit(GROUP, _asker(1, "a"), "1", 0)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _asker(2, "b"), "2", 0)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _asker(3, "c"), "3", 0) == (Decision.OVERFLOW, None)


def test_nothing_is_lost_in_a_flood() -> None:
    """300 questions from 100 users: every asker is answered or pointed to an answer."""
    throttle = _throttle(group=20, user=5)
    askers = []
    for i in range(300):
        user, question = 1000 + i % 100, f"{i % 40}场活动分类2能选几项"
        asker = _asker(user, question, message_id=i + 1)
        decision, _ = throttle.submit(GROUP, asker, f"答{i % 40}", i * 0.03)
        askers.append((asker, decision))
    sent = _drain(throttle, GROUP, start=9.0)
    covered = {a.message_id for _, item in sent for a in item.askers}
    for asker, decision in askers:
        assert decision is Decision.DUPLICATE or asker.message_id in covered
    times = [t for t, _ in sent]
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t < start + 60) <= 20


def test_pointer_text_quotes_the_first_line() -> None:
    """The pointer is short: the first line of the earlier answer, cut with an ellipsis."""
    throttle = _throttle()
    throttle.submit(GROUP, _asker(1), ANSWER, 0)
    (_, item), = _drain(throttle, GROUP)
    record = throttle.sent(item, 7, 1)
    assert record is not None
    assert pointer_text(record) == (
        "刚回答过这个问题，见上面引用的回答：服务活动证明材料格式限制为PDF，并且要整合成一个文档。…"
    )


def _anonymous(who: int, message_id: int, question: str = "证明材料什么格式") -> Asker:
    return Asker(80000000, message_id, question, identity=f"anonymous:{who}")


def test_anonymous_members_are_two_askers() -> None:
    """Two anonymous members (one shared user id) asking the same thing: the second is
    neither a repeat of the first nor merged into (or pointed to) the first one's answer."""
    throttle = _throttle()
    assert throttle.submit(GROUP, _anonymous(1, 11), ANSWER, 0)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _anonymous(2, 12), ANSWER, 1)[0] is Decision.QUEUED
    assert len(_drain(throttle, GROUP, 1)) == 2
    assert throttle.submit(GROUP, _anonymous(3, 13), ANSWER, 3)[0] is Decision.QUEUED
    assert throttle.submit(GROUP, _anonymous(1, 14), ANSWER, 4)[0] is Decision.DUPLICATE


def test_anonymous_members_have_a_rate_each() -> None:
    """With 2 answers a minute per person, two anonymous members asking two things each are
    all answered at once."""
    throttle = _throttle(group=0, user=2)
    for i, who in enumerate((1, 1, 2, 2)):
        throttle.submit(GROUP, _anonymous(who, 20 + i, f"问题{i}"), f"回答{i}", 0)
    assert [at for at, _ in _drain(throttle, GROUP)] == [0, 0, 0, 0]


def test_drop_takes_askers_out_and_empty_messages_away() -> None:
    """Dropping one asker of a merged message keeps the message for the others (quoting the
    next one); a message left with nobody goes."""
    throttle = _throttle(group=1)
    throttle.submit(GROUP, _asker(1), ANSWER, 0)
    throttle.submit(GROUP, _asker(2, "证明材料要啥格式"), ANSWER, 0)
    throttle.submit(GROUP, _asker(3, "活动类别怎么填"), "五类选一", 0)
    gone = throttle.drop(GROUP, lambda a: a.user_id in (1, 3))
    assert sorted(a.user_id for a in gone) == [1, 3]
    (item,) = throttle.queued(GROUP)
    assert item.user_ids == [2]
