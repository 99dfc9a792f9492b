"""The hand-off notifier with a scripted channel and a virtual clock: batches per target, at
most one message per interval, and nothing lost when a notice fails or nobody is connected."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.config import Settings
from bot.delivery.notices import FIRST_DELAY_SECONDS, Handoff, Target, notify_targets
from bot.delivery.notifier import Notifier

AT = datetime(2025, 3, 14, 20, 5)


class Clock:
    """Virtual time the test moves by hand; sleeping never ends (flushes are explicit)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.Event().wait()


class FakeChannel:
    """Records notices; fails the first `failures` deliveries; `connected` says whether
    anything can be sent."""

    def __init__(self, failures: int = 0, *, connected: bool = True) -> None:
        self.delivered: list[tuple[Target, str]] = []
        self.failures = failures
        self.connected = connected

    def ready(self) -> bool:
        return self.connected

    async def deliver(self, target: Target, text: str) -> bool:
        if self.failures:
            self.failures -= 1
            return False
        self.delivered.append((target, text))
        return True


def _notifier(settings: Settings, channel: FakeChannel, clock: Clock) -> Notifier:
    return Notifier(
        notify_targets(settings),
        settings.assistant_notify_interval_minutes * 60,
        channel,
        clock=clock,
        wallclock=lambda: AT,
        sleep=clock.sleep,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def test_notices_are_batched_and_go_to_the_admin_group(clock: Clock) -> None:
    """With an admin group set, hand-offs arrive there together, at most one per interval."""
    channel = FakeChannel()
    notifier = _notifier(
        Settings(assistant_admin_group=555, assistant_notify_interval_minutes=10), channel, clock
    )
    for i in range(3):
        notifier.add(Handoff("tech", 20000 + i, "", 807645478, f"问题{i}", AT))
    clock.now = FIRST_DELAY_SECONDS
    assert await notifier.flush() == 1
    notifier.add(Handoff("consult", 20009, "", None, "又一个问题", AT))
    clock.now += 60
    assert await notifier.flush() == 0
    clock.now = FIRST_DELAY_SECONDS + 600
    assert await notifier.flush() == 1
    assert [target for target, _ in channel.delivered] == [Target("group", 555)] * 2
    assert channel.delivered[0][1].count("\n") == 4  # header, three hand-offs, phones
    assert "又一个问题" in channel.delivered[1][1]
    await notifier.close()


async def test_failed_notice_is_kept_for_the_next_try(clock: Clock) -> None:
    """A notice that could not be delivered is sent whole on the next try."""
    channel = FakeChannel(failures=1)
    notifier = _notifier(Settings(assistant_admins=[1]), channel, clock)
    notifier.add(Handoff("tech", 1, "", None, "密码忘了", AT))
    clock.now = FIRST_DELAY_SECONDS
    assert await notifier.flush() == 0
    clock.now += 600
    assert await notifier.flush() == 1
    assert "密码忘了" in channel.delivered[0][1]
    await notifier.close()


async def test_nothing_is_sent_while_nobody_is_connected() -> None:
    """While the channel cannot send, due batches stay queued, whole."""
    clock, channel = Clock(), FakeChannel(connected=False)
    notifier = _notifier(Settings(assistant_admins=[1]), channel, clock)
    notifier.add(Handoff("tech", 1, "", None, "密码忘了", AT))
    clock.now = FIRST_DELAY_SECONDS
    assert await notifier.flush() == 0
    channel.connected = True
    assert await notifier.flush() == 1
    assert "密码忘了" in channel.delivered[0][1]
    await notifier.close()


async def test_nobody_to_notify_queues_nothing() -> None:
    """Without admins or SUPERUSERS a hand-off is no news to anyone and the notifier is idle."""
    notifier = _notifier(Settings(), FakeChannel(), Clock())
    assert not notifier.active
    assert not notifier.add(Handoff("consult", 1, "", None, "截止时间", AT))
    assert notifier.batcher.next_due_at() is None
