"""Batched hand-off notices: who is told, how often, and that nothing is dropped."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from bot.config import Settings
from bot.delivery.notices import (
    FIRST_DELAY_SECONDS,
    Handoff,
    NotifyBatcher,
    Target,
    notify_targets,
    render_batch,
)

ADMIN = Target("private", 111)
AT = datetime(2025, 3, 14, 20, 5)


def _handoff(i: int = 1, line: str = "tech", group: int | None = 807645478) -> Handoff:
    return Handoff(line, 10000 + i, f"用户{i}", group, f"问题{i}", AT)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "superusers", "expected"),
    [
        pytest.param(
            {"assistant_admin_group": 555, "assistant_admins": [1]}, ["9"],
            [Target("group", 555)], id="admin-group-wins",
        ),
        pytest.param(
            {"assistant_admins": [1, 2, 1]}, ["9"],
            [Target("private", 1), Target("private", 2)], id="admins-deduplicated",
        ),
        pytest.param({}, ["9", "nick"], [Target("private", 9)], id="superusers-fallback"),
        pytest.param({}, [], [], id="nobody"),
    ],
)
def test_notify_targets(fields: dict, superusers: list[str], expected: list[Target]) -> None:
    """The admin group, else the admins, else the numeric SUPERUSERS."""
    assert notify_targets(Settings(**fields), superusers) == expected


def test_first_notice_waits_briefly_then_interval_holds() -> None:
    """The first notice gathers for a moment; the next waits out the interval."""
    batcher = NotifyBatcher(600)
    batcher.add(ADMIN, _handoff(1), 0)
    assert batcher.take_due(FIRST_DELAY_SECONDS - 1) == []
    assert batcher.take_due(FIRST_DELAY_SECONDS) == [(ADMIN, [_handoff(1)])]
    batcher.add(ADMIN, _handoff(2), 20)
    batcher.add(ADMIN, _handoff(3), 30)
    assert batcher.due_at(ADMIN) == FIRST_DELAY_SECONDS + 600
    assert batcher.take_due(300) == []
    assert batcher.take_due(FIRST_DELAY_SECONDS + 600) == [(ADMIN, [_handoff(2), _handoff(3)])]


def test_busy_evening_sends_one_message_per_interval_and_drops_nothing() -> None:
    """200 hand-offs in an hour reach the admin whole, at most one message per 10 minutes."""
    batcher = NotifyBatcher(600, max_items=15)
    delivered, sent_at = [], []
    for second in range(3 * 3600):
        if second < 3600 and second % 18 == 0:
            batcher.add(ADMIN, _handoff(second), second)
        for _, batch in batcher.take_due(second):
            delivered += batch
            sent_at.append(second)
    assert [h.user_id for h in delivered] == [10000 + s for s in range(0, 3600, 18)]
    assert all(b - a >= 600 for a, b in itertools.pairwise(sent_at))


def test_repeat_of_the_same_question_is_not_news() -> None:
    """The same person's same question is reported once per interval."""
    batcher = NotifyBatcher(600)
    assert batcher.add(ADMIN, _handoff(1), 0)
    assert not batcher.add(ADMIN, _handoff(1), 1)
    batcher.take_due(FIRST_DELAY_SECONDS)
    assert not batcher.add(ADMIN, _handoff(1), 100)
    assert batcher.add(ADMIN, _handoff(1), 700)


def test_failed_batch_is_put_back_first() -> None:
    """A batch that could not be sent goes back in front of newer hand-offs."""
    batcher = NotifyBatcher(60)
    batcher.add(ADMIN, _handoff(1), 0)
    (_, batch), = batcher.take_due(FIRST_DELAY_SECONDS)
    batcher.add(ADMIN, _handoff(2), 20)
    batcher.put_back(ADMIN, batch, 21)
    assert batcher.pending(ADMIN) == [_handoff(1), _handoff(2)]
    assert batcher.take_due(FIRST_DELAY_SECONDS + 60) == [(ADMIN, [_handoff(1), _handoff(2)])]


def test_each_target_has_its_own_interval() -> None:
    """Two admins are each served on their own schedule."""
    other = Target("private", 222)
    batcher = NotifyBatcher(600)
    batcher.add(ADMIN, _handoff(1), 0)
    batcher.take_due(FIRST_DELAY_SECONDS)
    batcher.add(ADMIN, _handoff(2), 20)
    batcher.add(other, _handoff(2), 20)
    assert batcher.take_due(20 + FIRST_DELAY_SECONDS) == [(other, [_handoff(2)])]


def test_render_names_who_where_what_and_when() -> None:
    """A notice line holds the kind, time, group, asker and question; phones are named."""
    text = render_batch(
        [_handoff(1), _handoff(2, "consult", group=None)], waiting=3
    )
    assert text.splitlines() == [
        "填报助手转人工（2条）：",
        "1. [网站技术问题] 03-14 20:05 群807645478 用户1（10001）：问题1",
        "2. [指南未答问题] 03-14 20:05 私聊 用户2（10002）：问题2",
        "技术问题已请提问人打 18652917911；其他问题已请提问人打 02583673201。",
        "另有3条，下次一并发送。",
    ]


def test_render_shortens_long_questions() -> None:
    """A pasted essay does not blow up the admin's notice."""
    long = Handoff("consult", 1, "", None, "很长的问题" * 100, AT)
    line = render_batch([long]).splitlines()[1]
    assert line.endswith("…")
    assert len(line) < 160
