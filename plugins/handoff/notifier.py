"""Sends the batched hand-off notices (`bot.delivery.notices`) to the admins through the outbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from nonebot import get_bots
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent
from nonebot.log import logger

from bot.config import Settings
from bot.delivery.notices import Handoff, NotifyBatcher, Target, notify_targets, render_batch
from plugins._common.events import Replied
from plugins._common.outbox import Outbox

NO_BOT_RETRY_SECONDS = 30.0
"""While no bot is connected, notices wait and are tried again this often."""

Sleep = Callable[[float], Awaitable[None]]


def handoff_of(replied: Replied, at: datetime) -> Handoff | None:
    """The hand-off in a handled message, or None when the reply handed nothing over."""
    line = replied.reply.handoff
    if line is None or not replied.spoke:
        return None
    event = replied.event
    sender = event.sender
    nickname = (getattr(sender, "card", None) or sender.nickname or "").strip()
    group_id = event.group_id if isinstance(event, GroupMessageEvent) else None
    return Handoff(line, event.user_id, nickname, group_id, replied.text, at)


class Notifier:
    """Collects hand-offs and sends each target its batch when the interval allows."""

    def __init__(
        self,
        settings: Settings,
        superusers: Iterable[str | int],
        outbox: Callable[[], Outbox],
        *,
        clock: Callable[[], float] = time.monotonic,
        wallclock: Callable[[], datetime] = datetime.now,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.targets: list[Target] = notify_targets(settings, superusers)
        self.batcher = NotifyBatcher(settings.assistant_notify_interval_minutes * 60)
        self._outbox = outbox
        self.clock = clock
        self.wallclock = wallclock
        self._sleep = sleep
        self._bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self._planned: float | None = None

    @property
    def active(self) -> bool:
        """Whether anyone is notified at all."""
        return bool(self.targets)

    def add(self, bot: Bot, handoff: Handoff) -> bool:
        """Queue `handoff` for every target; True when it is news to at least one."""
        if not self.targets:
            return False
        self._bot = bot
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
                logger.exception("sending hand-off notices failed")
                flushed = 0
            if flushed == 0 and self.batcher.next_due_at() == due:
                await self._sleep(NO_BOT_RETRY_SECONDS)

    def _connected_bot(self) -> Bot | None:
        bots = get_bots()
        if self._bot is not None and bots.get(self._bot.self_id) is not None:
            found = bots[self._bot.self_id]
            return found if isinstance(found, Bot) else None
        return next((b for b in bots.values() if isinstance(b, Bot)), None)

    async def flush(self) -> int:
        """Send every batch that is due; returns how many notices went out."""
        bot = self._connected_bot()
        if bot is None:
            return 0
        sent = 0
        for target, batch in self.batcher.take_due(self.clock()):
            text = render_batch(batch, waiting=len(self.batcher.pending(target)))
            if await self._outbox().deliver(bot, target, text):
                sent += 1
            else:
                logger.error(f"hand-off notice to {target} failed; kept for the next try")
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
