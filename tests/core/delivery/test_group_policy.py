"""When the bot speaks in a group."""

from __future__ import annotations

import pytest

from bot.delivery.group_policy import group_reply, should_speak_in_group
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


def _compound(*kinds: ReplyKind) -> Reply:
    return Reply.compound(tuple(Reply(kind, f"第{i}问的答案", 0.9) for i, kind in enumerate(kinds)))


@pytest.mark.parametrize(
    ("reply", "addressed", "said_kinds"),
    [
        pytest.param(
            _compound(ReplyKind.ANSWER, ReplyKind.OUT_OF_SCOPE),
            False,
            (ReplyKind.ANSWER,),
            id="unasked-drops-small-talk",
        ),
        pytest.param(
            _compound(ReplyKind.ANSWER, ReplyKind.GAP, ReplyKind.COMPUTED),
            False,
            (ReplyKind.ANSWER, ReplyKind.COMPUTED),
            id="unasked-hands-nothing-off",
        ),
        pytest.param(
            _compound(ReplyKind.ANSWER, ReplyKind.GAP),
            True,
            (ReplyKind.ANSWER, ReplyKind.GAP),
            id="asked-gets-every-part",
        ),
        pytest.param(_compound(ReplyKind.GAP, ReplyKind.TECH), False, None, id="unasked-silent"),
    ],
)
def test_group_reply_says_only_what_it_may(
    reply: Reply, addressed: bool, said_kinds: tuple[ReplyKind, ...] | None
) -> None:
    """Unaddressed, a compound reply keeps only its confident guide answers; addressed, all."""
    said = group_reply(reply, "照片放几张？", addressed=addressed, proactive=True, threshold=0.75)
    if said_kinds is None:
        assert said is None
    else:
        assert said is not None
        assert tuple(part.kind for part in said.answers) == said_kinds
        if not addressed:
            assert said.handoff is None
