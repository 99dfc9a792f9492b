"""Unaddressed group messages (issue 14): with the default settings a clear filing question is
answered (quoting it, within the group throttle: `bot.delivery`) and chatter is not. The core's
part is a meaningful `Reply.confidence`, also for compound and computed replies; the rule is
`bot.delivery.group_policy.should_speak_in_group` with `assistant_proactive_confidence`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.assistant import Assistant
from bot.config import Settings
from bot.delivery.group_policy import should_speak_in_group
from bot.guide.knowledge import load_knowledge
from tests.core.test_golden import GOLDEN, judge, load_cases

CHATTER = Path(__file__).parent / "data" / "group_chatter.yaml"
MIN_SPOKEN = 0.6
"""Share of the rightly answered golden questions answered unaddressed."""
MAX_WRONG = 0.02
"""Share of wrong replies among those spoken unaddressed."""


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(), Settings(assistant_reply_cache_size=0))


def _speaks(assistant: Assistant, text: str) -> bool:
    settings = assistant.settings
    return should_speak_in_group(
        assistant.reply(text),
        text,
        addressed=False,
        proactive=settings.assistant_proactive,
        threshold=settings.assistant_proactive_confidence,
    )


def test_chatter_is_not_answered(assistant: Assistant) -> None:
    """Nothing people say to each other in a group gets an unasked answer."""
    chatter = yaml.safe_load(CHATTER.read_text(encoding="utf-8"))
    assert len(chatter) >= 30
    assert [t for t in chatter if _speaks(assistant, t)] == []


def test_clear_questions_are_answered_unaddressed(assistant: Assistant) -> None:
    """Most golden questions the bot answers rightly are answered unasked, and few wrongly."""
    spoken = right = wrong = 0
    for case in load_cases(GOLDEN):
        reply = assistant.reply(case["q"])
        ok = not judge(case, reply)
        speaks = _speaks(assistant, case["q"])
        right += ok and reply.kind.value in ("answer", "computed")
        spoken += speaks and ok
        wrong += speaks and not ok
    assert spoken >= MIN_SPOKEN * right
    assert wrong <= MAX_WRONG * (spoken + wrong)
