"""The loop guard: echoes and instant-reaction streaks of other bots."""

from __future__ import annotations

from bot.delivery.loopguard import MAX_STREAK, MUTE_SECONDS, LoopGuard
from bot.delivery.throttle import Chat

GROUP: Chat = ("group", 807645478)
ANSWER = "服务活动证明材料格式限制为PDF，并且要整合成一个文档。"


def test_echo_of_the_bots_own_text_is_ignored() -> None:
    """A message that repeats what the bot just said is not answered."""
    guard = LoopGuard()
    guard.outgoing(GROUP, [1], ANSWER, 0)
    assert guard.should_ignore(GROUP, 2, "复读：" + ANSWER, 1)
    assert guard.should_ignore(GROUP, 2, ANSWER, 1)


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
