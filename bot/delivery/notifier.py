"""Sends the batched hand-off notices (`bot.delivery.notices`) to the admins when each is due.

`Notifier.add` queues a hand-off for every target and plans one timer task for the earliest
due batch; when it fires, every due batch goes out through the `NoticeChannel` (the outbox,
from the connected account: `bot.app.sending`). While no account is connected, or a notice could
not be sent, the batch waits and is tried again. Pure asyncio: clock and sleep are injected.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol

from bot.delivery.notices import Handoff, NotifyBatcher, Target, render_batch

log = logging.getLogger(__name__)

NO_BOT_RETRY_SECONDS = 30.0
"""While no account is connected, notices wait and are tried again this often."""

Sleep = Callable[[float], Awaitable[None]]


class NoticeChannel(Protocol):
    """Where the notices go out."""

    def ready(self) -> bool:
        """Whether anything can be sent now (an account is connected)."""
        ...

    async def deliver(self, target: Target, text: str) -> bool:
        """Send one notice; False when it did not arrive."""
        ...


class Notifier:
    """Collects hand-offs and sends each target its batch when the interval allows."""

    def __init__(
        self,
        targets: Sequence[Target],
        interval_seconds: float,
        channel: NoticeChannel,
        *,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], datetime] = datetime.now,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.targets: list[Target] = list(targets)
        self.batcher = NotifyBatcher(interval_seconds)
        self.channel = channel
        self.clock = clock
        self.wallclock = wallclock
        """When a hand-off happened, as the notice shows it."""
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self._planned: float | None = None

    @property
    def active(self) -> bool:
        """Whether anyone is notified at all (the user is told so only then)."""
        return bool(self.targets)

    def add(self, handoff: Handoff) -> bool:
        """Queue `handoff` for every target; True when it is news to at least one."""
        if not self.targets:
            return False
        now = self.clock()
        added = [self.batcher.add(target, handoff, now) for target in self.targets]
        self._schedule()
        return any(added)

    def _schedule(self) -> None:
        due = self.batcher.next_due_at()
        if due is None:
            return
        if self._task is not None and not self._task.done():
            if self._planned is not None and self._planned <= due:
                return
            self._task.cancel()
        self._planned = due
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while (due := self.batcher.next_due_at()) is not None:
            self._planned = due
            wait = due - self.clock()
            if wait > 0:
                await self._sleep(wait)
                continue
            try:
                flushed = await self.flush()
            except Exception:  # the notices stay queued; a broken send must not end the loop
                log.exception("sending hand-off notices failed")
                flushed = 0
            if flushed == 0 and self.batcher.next_due_at() == due:
                await self._sleep(NO_BOT_RETRY_SECONDS)

    async def flush(self) -> int:
        """Send every batch that is due; returns how many notices went out."""
        if not self.channel.ready():
            return 0
        sent = 0
        for target, batch in self.batcher.take_due(self.clock()):
            text = render_batch(batch, waiting=len(self.batcher.pending(target)))
            if await self.channel.deliver(target, text):
                sent += 1
            else:
                log.error(f"hand-off notice to {target} failed; kept for the next try")
                self.batcher.put_back(target, batch, self.clock())
        return sent

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._task = None
