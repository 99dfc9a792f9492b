"""The one way out for the bot's messages: ordered per chat, throttled, retried.

`Outbox.reply` takes every answer. It joins its chat's queue in `Throttle` (rate limits,
de-duplication, merging); one sender per chat sends what may go, in order: in the common case
(nobody is sending to that chat and the answer may go now) the caller's own task, else a worker
task, which also waits out the rate limits. Long group answers go out as one merged forward
message, falling back to numbered parts when the forward is refused; long private answers go out
in parts. Each call's `SendOutcome` says what follows: a failure is logged and retried with
back-off a bounded number of times, then given up; it never raises into the caller and never
stalls the queue behind it.

The caller that submitted an answer waits until its message went (or was merged, found to be a
repeat, or given up), so what a handler sends is sent before it returns.

Pure asyncio: how a message looks on the wire and how it is sent belong to the `Transport`
(`bot.app.sending` for OneBot). The engine knows an asker only as the `Asker` the caller built,
plus `origin`, the caller's own handle on the asker's message, which it hands back to the
transport untouched.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from bot.config import Settings
from bot.delivery.loopguard import LoopGuard
from bot.delivery.notices import Target
from bot.delivery.sending import Part, SendOutcome, SendStatus, Transport
from bot.delivery.splitting import numbered_parts, split_text
from bot.delivery.throttle import Asker, Chat, Decision, Outgoing, Throttle

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 1.0
"""First pause before a retry; it doubles with each further try."""
BACKOFF_CAP_SECONDS = 30.0
QUESTION_IN_FORWARD_CHARS = 100
FORWARD_FOLLOW_UP = "回答较长，见上面的合并转发。"

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
        self.backoff = backoff
        self.throttle = Throttle(
            group_per_minute=settings.assistant_group_rate_per_minute,
            user_per_minute=settings.assistant_user_rate_per_minute,
            dedup_seconds=settings.assistant_dedup_minutes * 60,
            exempt_users=self.exempt_users,
        )
        self.guard = LoopGuard()
        self._workers: dict[Chat, asyncio.Task[None]] = {}
        self._naps: dict[Chat, asyncio.Future[None]] = {}
        self._inline: set[Chat] = set()
        self._closed = False

    def allows(self, chat: Chat, user_id: int, text: str) -> bool:
        """False for an incoming message that is part of a bot-to-bot loop."""
        now = self.clock()
        was_muted = self.guard.is_muted(chat, user_id, now)
        ignore = self.guard.should_ignore(chat, user_id, text, now)
        if ignore and not was_muted and self.guard.is_muted(chat, user_id, now):
            log.warning(
                f"loop guard: {user_id} answers every message at once in {chat}; "
                f"ignored for {self.guard.mute_seconds / 60:.0f} minutes"
            )
        return not ignore

    async def reply(self, chat: Chat, asker: Asker, text: str, origin: object) -> None:
        """Queue `text` as the answer to `asker` and wait until it went (or never will)."""
        if self._closed or not text.strip():
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        asker.context = _Ticket(origin, done)
        decision, _ = self.throttle.submit(chat, asker, text, self.clock())
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
        """Send a notice (not an answer) to `target`, with the group rate and the retries."""
        chat: Chat = (target.kind, target.id)
        outcome = await self._call(
            chat, "notice", lambda: self.transport.notify(origin, target, text)
        )
        return outcome.status is SendStatus.SENT

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
            await self._send_item(item)
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

    async def _send_item(self, item: Outgoing) -> None:
        chat = item.chat
        threshold = self.settings.assistant_forward_threshold
        if chat[0] == "group":
            if not item.is_pointer and len(item.text) > threshold:
                outcome = await self._send_forward(item)
                if outcome.status is not SendStatus.SENT:
                    outcome = await self._send_parts(item, numbered_parts(item.text, threshold))
                elif len(item.askers) > 1:
                    # A forward can neither quote nor @: the merged askers learn of it here.
                    await self._send_parts(item, [FORWARD_FOLLOW_UP])
            else:
                outcome = await self._send_parts(item, [item.text])
        else:
            chunk = self.settings.assistant_private_chunk_chars
            outcome = await self._send_parts(item, numbered_parts(item.text, chunk))
        if outcome.status is not SendStatus.SENT:
            return  # nothing arrived: no "刚回答过" may point at it
        now = self.clock()
        self.throttle.sent(item, outcome.message_id, now)
        self.guard.outgoing(chat, item.user_ids, item.text, now)

    def _part(self, item: Outgoing, text: str, *, first: bool) -> Part:
        """One message of `item`: in a group the first quotes the question and @s the askers
        it does not quote (all of them for a pointer, which quotes the earlier answer)."""
        if item.chat[0] != "group" or not first:
            return Part(text)
        quoted = item.pointer_to.message_id if item.pointer_to else item.askers[0].message_id
        mention = item.askers if item.is_pointer else item.askers[1:]
        return Part(text, quote=quoted, mentions=tuple(a.user_id for a in mention))

    async def _send_parts(self, item: Outgoing, parts: Sequence[str]) -> SendOutcome:
        """The parts in order; the outcome of the first that arrived, else of the last try."""
        origin = _ticket(item).origin
        first: SendOutcome | None = None
        last = _NOTHING_SENT
        for i, text in enumerate(parts):
            part = self._part(item, text, first=i == 0)
            send = partial(self.transport.send, origin, item.chat, part)
            last = await self._call(item.chat, "answer", send)
            if first is None and last.status is SendStatus.SENT:
                first = last
        return first if first is not None else last

    async def _send_forward(self, item: Outgoing) -> SendOutcome:
        """The answer as one merged forward message, headed by the question."""
        origin = _ticket(item).origin
        nodes: list[str] = []
        question = " ".join(item.askers[0].question.split())[:QUESTION_IN_FORWARD_CHARS]
        if question:
            nodes.append(f"问：{question}")
        nodes += split_text(item.text, self.settings.assistant_forward_threshold)
        outcome = await self._call(
            item.chat,
            "forward",
            lambda: self.transport.forward(origin, item.chat, nodes),
            retry_rejected=False,
        )
        if outcome.status is not SendStatus.SENT:
            log.warning(f"forward to {item.chat} failed; sending the answer as text parts")
        return outcome

    async def _call(
        self,
        chat: Chat,
        what: str,
        call: Callable[[], Awaitable[SendOutcome]],
        *,
        retry_rejected: bool = True,
    ) -> SendOutcome:
        """`call()` with the group rate, retries and back-off, until it is sent, refused for
        good or out of tries; returns the last outcome."""
        tries = max(self.settings.assistant_send_retries, 0) + 1
        outcome = _NOTHING_SENT
        for attempt in range(1, tries + 1):
            await self._group_slot(chat)
            outcome = await call()
            status = outcome.status
            if status is SendStatus.SENT:
                return outcome
            verb = "failed" if status is SendStatus.FAILED else "refused"
            log.warning(f"{what} to {chat} {verb} ({outcome.detail}), try {attempt}")
            if status is SendStatus.REFUSED or (
                status is SendStatus.REJECTED and not retry_rejected
            ):
                return outcome
            if attempt < tries:
                await self._sleep(min(self.backoff * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS))
        log.error(f"{what} to {chat} given up after {tries} tries")
        return outcome

    async def _group_slot(self, chat: Chat) -> None:
        """Wait until the group may get one more message, and count this one."""
        wait = self.throttle.group_wait(chat, self.clock())
        while wait > 0:
            await self._sleep(wait)
            wait = self.throttle.group_wait(chat, self.clock())
        self.throttle.record_group_message(chat, self.clock())

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


_NOTHING_SENT = SendOutcome(SendStatus.FAILED, detail="no try")


def _ticket(item: Outgoing) -> _Ticket:
    ticket = item.askers[0].context
    assert isinstance(ticket, _Ticket)
    return ticket


def _release(item: Outgoing, error: BaseException | None = None) -> None:
    """Let the callers waiting for `item` go on (raising `error` in them, if given)."""
    for asker in item.askers:
        ticket = asker.context
        if isinstance(ticket, _Ticket) and not ticket.done.done():
            if error is None:
                ticket.done.set_result(None)
            else:
                ticket.done.set_exception(error)
