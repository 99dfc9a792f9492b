"""The loop guard: echoes and instant-reaction streaks of other bots, and people who paste an
answer with a follow-up."""

from __future__ import annotations

import pytest

from bot.delivery.loopguard import MAX_STREAK, MEMORY_SECONDS, MUTE_SECONDS, LoopGuard
from bot.delivery.throttle import Chat

GROUP: Chat = ("group", 807645478)
ANSWER = "服务活动证明材料格式限制为PDF，并且要整合成一个文档。"


def test_echo_of_the_bots_own_text_is_ignored() -> None:
    """A message that is nothing but what the bot just said is not answered."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], ANSWER, 0)
    assert guard.should_ignore(GROUP, 2, ANSWER, 1)
    assert guard.should_ignore(GROUP, 2, f"  {ANSWER}\n", 1)


@pytest.mark.parametrize(
    "pasted",
    [
        pytest.param(f"{ANSWER}\n那扫描件可以吗", id="answer-then-question"),
        pytest.param(f"请问：\n{ANSWER}\n依据：填报指南（二）\n这个要盖章吗", id="framed"),
        pytest.param("复读：" + ANSWER, id="prefixed"),
    ],
)
def test_pasted_answer_with_more_is_no_echo(pasted: str) -> None:
    """A person who pastes the bot's answer and adds something is answered (MaiBot#1854)."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], ANSWER, 0)
    assert not guard.should_ignore(GROUP, 2, pasted, 1)


@pytest.mark.parametrize(
    ("pasted", "left"),
    [
        pytest.param(f"{ANSWER}\n那扫描件可以吗", "那扫描件可以吗", id="answer-then-question"),
        pytest.param(f"那扫描件可以吗？\n\n{ANSWER}\n依据：填报指南（二）", "那扫描件可以吗？",
                     id="question-then-answer"),
        pytest.param("扫描件可以吗", "扫描件可以吗", id="no-paste"),
        pytest.param(ANSWER, ANSWER, id="only-the-answer"),
    ],
)
def test_follow_up_is_what_the_person_added(pasted: str, left: str) -> None:
    """The lines of a pasted recent answer are taken out; a message without one stays whole."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], f"{ANSWER}\n依据：填报指南（二）", 0)
    assert guard.follow_up(GROUP, pasted, 1) == left


def test_old_answer_is_not_taken_out() -> None:
    """Only recent answers count as pasted."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], ANSWER, 0)
    text = f"{ANSWER}\n那扫描件可以吗"
    assert guard.follow_up(GROUP, text, MEMORY_SECONDS + 1) == text


def test_short_sent_text_inside_a_question_is_no_echo() -> None:
    """A human question that happens to contain a short bot phrase is answered."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], "PDF", 0)
    assert not guard.should_ignore(GROUP, 2, "证明材料必须是PDF吗", 1)


def test_instant_reactions_in_a_row_mute_the_account() -> None:
    """A bot answering every answer within a second is muted, then heard again later."""
    guard = LoopGuard()
    now, ignored_at = 0.0, None
    for i in range(MAX_STREAK + 2):
        guard.outgoing(GROUP, [7], f"第{i}条回答，内容各不相同{i}", now)
        now += 0.5
        if guard.should_ignore(GROUP, 7, f"我是另一个机器人{i}", now) and ignored_at is None:
            ignored_at = i
        now += 0.5
    assert ignored_at == MAX_STREAK - 1
    assert guard.should_ignore(GROUP, 7, "还在吗", now + 1)
    assert not guard.should_ignore(GROUP, 7, "还在吗", now + MUTE_SECONDS + 1)
    assert not guard.should_ignore(GROUP, 8, "我是人", now + 1)


def test_people_at_human_pace_are_never_muted() -> None:
    """Follow-up questions a few seconds after each answer never trip the guard."""
    guard = LoopGuard()
    now = 0.0
    for i in range(50):
        guard.outgoing(GROUP, [3], f"回答{i}" * 5, now)
        now += 8
        assert not guard.should_ignore(GROUP, 3, f"追问{i}", now)


def test_anonymous_members_are_told_apart() -> None:
    """Two anonymous members share a user id: one's streak does not mute the other."""
    guard = LoopGuard()
    now = 0.0
    for i in range(MAX_STREAK + 1):
        guard.outgoing(GROUP, ["anonymous:1"], f"第{i}条回答，内容各不相同{i}", now)
        now += 0.5
        guard.should_ignore(GROUP, "anonymous:1", f"我是机器人{i}", now)
    assert guard.is_muted(GROUP, "anonymous:1", now)
    assert not guard.is_muted(GROUP, "anonymous:2", now)
