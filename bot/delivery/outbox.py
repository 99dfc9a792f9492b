"""The one way out for the bot's messages: ordered per chat, throttled, sent at most once.

`Outbox.reply` takes every answer. It joins its chat's queue in `Throttle` (rate limits,
de-duplication, merging); one sender per chat sends what may go, in order: in the common case
(nobody is sending to that chat and the answer may go now) the caller's own task, else a worker
task, which also waits out the rate limits. How one message goes out, and what each outcome
of a call leads to (never a second copy of what may have been shown), is `Dispatch`'s.

Some answers must not go at all, and are dropped (and logged) rather than stored up: those for
a group where the bot is muted (`mutes`: a group_ban notice, a whole-group mute, a send refused
as muted), those whose question was recalled before they left the queue (`recall`; recent
recalls are remembered, a bounded number, for answers still being worked out), and those for a
person the loop guard has just muted.

The caller that submitted an answer waits until its message went (or was merged, found to be a
repeat, dropped, or given up), so what a handler sends is sent before it returns.

Pure asyncio: how a message looks on the wire and how it is sent belong to the `Transport`
(`bot.app.sending` for OneBot). The engine knows an asker only as the `Asker` the caller built,
plus `origin`, the caller's own handle on the asker's message, which it hands back to the
transport untouched.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass

from bot.config import Settings
from bot.delivery.dispatch import BACKOFF_SECONDS, Dispatch
from bot.delivery.loopguard import LoopGuard
from bot.delivery.mutes import GroupMutes, Mute
from bot.delivery.notices import Target
from bot.delivery.sending import SendStatus, Transport
from bot.delivery.throttle import Asker, Chat, Decision, Outgoing, Throttle

log = logging.getLogger(__name__)

RECALLS_REMEMBERED = 4096
"""Recalled message ids kept for answers still being worked out (oldest forgotten first)."""

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class _Ticket:
    """What the outbox keeps with each asker: the caller's origin, and who waits for it."""

    origin: object
    done: asyncio.Future[None]


class Outbox:
    """Queues, limits and sends every message of the process; see the module docstring."""

    def __init__(
        self,
        transport: Transport,
        settings: Settings,
        *,
        exempt_users: Iterable[int] = (),
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.exempt_users = frozenset(exempt_users)
        self.clock = clock
        self._sleep = sleep
        self.throttle = Throttle(
            group_per_minute=settings.assistant_group_rate_per_minute,
            user_per_minute=settings.assistant_user_rate_per_minute,
            dedup_seconds=settings.assistant_dedup_minutes * 60,
            exempt_users=self.exempt_users,
        )
        self.guard = LoopGuard()
        self.mutes = GroupMutes(settings.assistant_mute_probe_minutes * 60)
        self.dispatch = Dispatch(
            transport,
            settings,
            self.throttle,
            self.guard,
            self.mutes,
            clock=clock,
            sleep=sleep,
            backoff=backoff,
            on_muted=lambda chat, detail: self.mute(chat[1], Mute.BOT),
        )
        self._recalled: dict[tuple[Chat, int], None] = {}
        self._workers: dict[Chat, asyncio.Task[None]] = {}
        self._naps: dict[Chat, asyncio.Future[None]] = {}
        self._inline: set[Chat] = set()
        self._closed = False

    @property
    def backoff(self) -> float:
        """First pause before a retry (`Dispatch.backoff`); tests set it to 0."""
        return self.dispatch.backoff

    @backoff.setter
    def backoff(self, seconds: float) -> None:
        self.dispatch.backoff = seconds

    def allows(self, chat: Chat, who: Hashable, text: str) -> bool:
        """False for an incoming message that is part of a bot-to-bot loop; a person muted
        just now loses the answers still queued for them."""
        now = self.clock()
        was_muted = self.guard.is_muted(chat, who, now)
        ignore = self.guard.should_ignore(chat, who, text, now)
        if ignore and not was_muted and self.guard.is_muted(chat, who, now):
            dropped = self._drop(chat, lambda asker: asker.who == who)
            log.warning(
                f"loop guard: {who} answers every message at once in {chat}; ignored for "
                f"{self.guard.mute_seconds / 60:.0f} minutes, {dropped} queued answers dropped"
            )
        return not ignore

    def follow_up(self, chat: Chat, text: str) -> str:
        """`text` without a pasted copy of a recent answer of the bot (`LoopGuard.follow_up`)."""
        return self.guard.follow_up(chat, text, self.clock())

    async def reply(self, chat: Chat, asker: Asker, text: str, origin: object) -> None:
        """Queue `text` as the answer to `asker` and wait until it went (or never will)."""
        if self._closed or not text.strip():
            return
        now = self.clock()
        if chat[0] == "group" and self.mutes.is_muted(chat[1], now):
            log.warning(f"the bot is muted in {chat}: the answer to {asker.user_id} is dropped")
            return
        if asker.message_id is not None and (chat, asker.message_id) in self._recalled:
            log.info(f"{asker.user_id} recalled message {asker.message_id} in {chat}: not answered")
            return
        if self.guard.mutes_anyone(chat) and self.guard.is_muted(chat, asker.who, now):
            log.info(f"{asker.who} is muted by the loop guard in {chat}: not answered")
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        asker.context = _Ticket(origin, done)
        decision, _ = self.throttle.submit(chat, asker, text, now)
        if decision is Decision.DUPLICATE:
            log.info(f"{asker.user_id} repeated a question in {chat}: answered once")
            return
        if decision is Decision.OVERFLOW:
            log.error(f"queue of {chat} is full; an answer to {asker.user_id} was refused")
            return
        if chat in self._inline or self._worker_alive(chat):
            self._kick(chat)  # that sender picks it up, in order
        else:
            await self._send_inline(chat, done)
        await asyncio.shield(done)

    async def deliver(self, origin: object, target: Target, text: str) -> bool:
        """Send a notice (not an answer) to `target`, with the group rate and the retries.
        False when it did not arrive (the notifier keeps it for later); a notice that may have
        been shown counts as delivered, so it is not sent twice."""
        chat: Chat = (target.kind, target.id)
        if chat[0] == "group" and self.mutes.is_muted(chat[1], self.clock()):
            log.warning(f"the bot is muted in {chat}: a notice waits")
            return False
        outcome = await self.dispatch.call(
            chat, "notice", lambda: self.transport.notify(origin, target, text)
        )
        return outcome.status in (SendStatus.SENT, SendStatus.UNCERTAIN)

    def recall(self, chat: Chat, message_id: int) -> None:
        """The message `message_id` in `chat` was recalled: its answer, if still queued or
        not yet worked out, is never sent."""
        key = (chat, message_id)
        self._recalled[key] = None
        if len(self._recalled) > RECALLS_REMEMBERED:
            del self._recalled[next(iter(self._recalled))]
        if self._drop(chat, lambda asker: asker.message_id == message_id):
            log.info(f"message {message_id} was recalled in {chat}: its answer is dropped")

    def mute(self, group_id: int, kind: Mute, seconds: float | None = None) -> None:
        """The bot (or the whole group) is muted in `group_id` for `seconds` (None: unknown):
        nothing is sent there until then, and what is queued for it is dropped."""
        until = self.mutes.mute(group_id, kind, self.clock(), seconds)
        dropped = self._drop(("group", group_id), lambda asker: True)
        log.warning(
            f"muted in group {group_id} ({kind}) for {until - self.clock():.0f} s: nothing is "
            f"sent there until it ends; {dropped} queued answers dropped"
        )

    def unmute(self, group_id: int, kind: Mute) -> None:
        """A mute of `kind` in `group_id` was lifted."""
        if self.mutes.lift(group_id, kind):
            log.info(f"mute lifted in group {group_id} ({kind})")

    def _drop(self, chat: Chat, dropped: Callable[[Asker], bool]) -> int:
        """Drop the queued answers to the askers `dropped` picks; their callers go on."""
        gone = self.throttle.drop(chat, dropped)
        for asker in gone:
            _release_asker(asker)
        return len(gone)

    def _worker_alive(self, chat: Chat) -> bool:
        worker = self._workers.get(chat)
        return worker is not None and not worker.done()

    async def _send_inline(self, chat: Chat, done: asyncio.Future[None]) -> None:
        """The common case (nobody is sending to this chat): send from the caller's own task,
        without a worker task and its trip through the event loop. Only what may go now is
        sent here, in queue order, and only until the caller's own answer is out; a wait
        (rate limit) or anything still queued after it goes to a worker task as usual."""
        self._inline.add(chat)
        try:
            while not self._closed and not done.done():
                item, _ = self.throttle.next_ready(chat, self.clock())
                if item is None:
                    break
                await self._send_one(chat, item)
        except asyncio.CancelledError:
            raise
        except BaseException:
            if not done.done():
                raise
            # It was released into the caller's own answer: raised by the caller's await.
        finally:
            self._inline.discard(chat)
            if not self._closed and self.throttle.queued(chat):
                self._kick(chat)

    def _kick(self, chat: Chat) -> None:
        if chat in self._inline:
            return  # the caller sending inline takes it, or hands it to a worker
        worker = self._workers.get(chat)
        if worker is None or worker.done():
            self._workers[chat] = asyncio.create_task(self._work(chat))
            return
        nap = self._naps.get(chat)
        if nap is not None and not nap.done():
            nap.cancel()  # something new may be sendable sooner than the worker planned

    async def _work(self, chat: Chat) -> None:
        try:
            while not self._closed:
                item, wait = self.throttle.next_ready(chat, self.clock())
                if item is None:
                    if wait is None:
                        return
                    await self._nap(chat, wait)
                    continue
                await self._send_one(chat, item)
        finally:
            if self._workers.get(chat) is asyncio.current_task():
                del self._workers[chat]

    async def _send_one(self, chat: Chat, item: Outgoing) -> None:
        """Send `item`, then release whoever waits for it; a failure never stops the queue."""
        try:
            if self._still_wanted(chat, item):
                await self.dispatch.send_item(item, _ticket(item).origin)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(f"sending to {chat} failed; the queue goes on")
        except BaseException as exc:
            # Not a send failure (a test harness's verdict, an exit): it belongs to
            # the callers waiting for this message.
            _release(item, exc)
            raise
        finally:
            _release(item)

    def _still_wanted(self, chat: Chat, item: Outgoing) -> bool:
        """Whether `item` may still go: not into a muted group, not to someone the loop guard
        muted while it waited."""
        now = self.clock()
        if chat[0] == "group" and self.mutes.is_muted(chat[1], now):
            log.warning(f"the bot is muted in {chat}: a queued answer is dropped")
            return False
        if self.guard.mutes_anyone(chat) and any(
            self.guard.is_muted(chat, a.who, now) for a in item.askers
        ):
            for asker in item.askers:
                if self.guard.is_muted(chat, asker.who, now):
                    _release_asker(asker)
            item.askers = [a for a in item.askers if not self.guard.is_muted(chat, a.who, now)]
        return bool(item.askers)

    async def _nap(self, chat: Chat, seconds: float) -> None:
        nap = asyncio.ensure_future(self._sleep(seconds))
        self._naps[chat] = nap
        try:
            await nap
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the worker itself is being stopped
        finally:
            if self._naps.get(chat) is nap:
                del self._naps[chat]

    async def close(self) -> None:
        """Stop the workers; everyone still waiting is released (nothing more is sent)."""
        self._closed = True
        workers = list(self._workers.values())
        for worker in workers:
            worker.cancel()
        for worker in workers:
            try:
                await worker
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("outbox worker failed while stopping")
        for chat in self.throttle.pending_chats():
            for item in self.throttle.queued(chat):
                _release(item)


def _ticket(item: Outgoing) -> _Ticket:
    ticket = item.askers[0].context
    assert isinstance(ticket, _Ticket)
    return ticket


def _release(item: Outgoing, error: BaseException | None = None) -> None:
    """Let the callers waiting for `item` go on (raising `error` in them, if given)."""
    for asker in item.askers:
        _release_asker(asker, error)


def _release_asker(asker: Asker, error: BaseException | None = None) -> None:
    ticket = asker.context
    if isinstance(ticket, _Ticket) and not ticket.done.done():
        if error is None:
            ticket.done.set_result(None)
        else:
            ticket.done.set_exception(error)
