"""When the bot speaks in a group."""

from __future__ import annotations

import pytest

from bot.delivery.group_policy import should_speak_in_group
from bot.reply import Reply, ReplyKind


def _reply(kind: ReplyKind, confidence: float = 0.9) -> Reply:
    return Reply(kind, "答案", confidence)


@pytest.mark.parametrize(
    ("reply", "text", "addressed", "proactive", "speak"),
    [
        pytest.param(_reply(ReplyKind.CHITCHAT), "收到", True, True, False, id="chitchat-at"),
        pytest.param(_reply(ReplyKind.CHITCHAT), "收到", False, True, False, id="chitchat"),
        pytest.param(_reply(ReplyKind.ANSWER, 0.3), "照片几张", True, True, True, id="at-low"),
        pytest.param(_reply(ReplyKind.ANSWER), "照片放几张？", False, True, True, id="confident"),
        pytest.param(
            _reply(ReplyKind.ANSWER), "照片放几张？", False, False, False, id="switch-off"
        ),
        pytest.param(
            _reply(ReplyKind.ANSWER, 0.6), "照片放几张？", False, True, False, id="unsure"
        ),
        pytest.param(
            _reply(ReplyKind.ANSWER), "我把照片放好了", False, True, False, id="statement"
        ),
        pytest.param(
            _reply(ReplyKind.GAP),
            "截止时间是哪天",
            False,
            True,
            False,
            id="gap-unaddressed",
        ),
        pytest.param(_reply(ReplyKind.OUT_OF_SCOPE), "明天下雨吗", False, True, False, id="oos"),
        pytest.param(_reply(ReplyKind.OUT_OF_SCOPE), "明天下雨吗", True, True, True, id="oos-at"),
    ],
)
def test_should_speak_in_group(
    reply: Reply, text: str, addressed: bool, proactive: bool, speak: bool
) -> None:
    """Silent on small talk and on unaddressed messages unless clearly a confident answer."""
    assert (
        should_speak_in_group(reply, text, addressed=addressed, proactive=proactive, threshold=0.75)
        is speak
    )
