"""The one way out for the bot's messages: ordered per chat, throttled, retried.

`send_reply` (chat.py) hands every answer to `Outbox.reply`. The answer joins its chat's queue
in `bot.throttle.Throttle` (rate limits, de-duplication, merging); one sender per chat sends
what may go, in order: in the common case (nobody is sending to that chat and the answer may go
now) the handler's own task, else a worker task, which also waits out the rate limits. Long
group answers go out as a merged forward message, falling back to numbered parts when the
forward is refused; long private answers go out in parts.
A failed send is logged and retried with back-off a bounded number of times, then given up:
it never raises into a handler and never stalls the queue behind it.

The handler that submitted an answer waits until its message went (or was merged, found to
be a repeat, or given up), so what a handler sends is sent before it returns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from nonebot import get_bots
from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    Bot,
    GroupMessageEvent,
    Message,
    MessageEvent,
    MessageSegment,
)
from nonebot.log import logger

from bot.config import Settings
from bot.delivery.loopguard import LoopGuard
from bot.delivery.notices import Target
from bot.delivery.splitting import numbered_parts, split_text
from bot.delivery.throttle import Asker, Chat, Decision, Outgoing, Throttle

BACKOFF_SECONDS = 1.0
"""First pause before a retry; it doubles with each further try."""
BACKOFF_CAP_SECONDS = 30.0
NOT_RETRYABLE = frozenset({100, 1400, 1403, 1404})
"""OneBot retcodes that the same call will get again (bad request, forbidden, no such API)."""
QUESTION_IN_FORWARD_CHARS = 100
FORWARD_FOLLOW_UP = "回答较长，见上面的合并转发。"

Sleep = Callable[[float], Awaitable[None]]


class _Failed:
    """Marks a call that did not succeed after its tries."""


FAILED = _Failed()


@dataclass
class _Ticket:
    """What the chat side keeps with each asker: how to reply, and who waits for it."""

    bot: Bot
    event: MessageEvent
    done: asyncio.Future[None]


def chat_of(event: MessageEvent) -> Chat:
    if isinstance(event, GroupMessageEvent):
        return ("group", event.group_id)
    return ("private", event.user_id)


def _message_id(result: Any) -> int | None:
    if isinstance(result, dict):
        value = result.get("message_id")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return None


def _live(bot: Bot) -> Bot:
    """The bot now connected under the same account (a reconnect makes a new Bot object)."""
    current = get_bots().get(bot.self_id)
    return current if isinstance(current, Bot) else bot


class Outbox:
    """Queues, limits and sends every message of the process; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        *,
        exempt_users: Iterable[int] = (),
        command_starts: Iterable[str] = ("/",),
        nickname: str = "填报助手",
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self.settings = settings
        self.exempt_users = frozenset(exempt_users)
        self.command_starts = tuple(s for s in command_starts if s)
        self.nickname = nickname
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

    def _question_of(self, event: MessageEvent) -> str:
        text = event.get_plaintext().strip()
        # Repeating a command is deliberate (list again after an edit): never a duplicate.
        if self.command_starts and text.startswith(self.command_starts):
            return ""
        return text

    def allows(self, event: MessageEvent) -> bool:
        """False for an incoming message that is part of a bot-to-bot loop."""
        chat, now = chat_of(event), self.clock()
        was_muted = self.guard.is_muted(chat, event.user_id, now)
        ignore = self.guard.should_ignore(chat, event.user_id, event.get_plaintext(), now)
        if ignore and not was_muted and self.guard.is_muted(chat, event.user_id, now):
            logger.warning(
                f"loop guard: {event.user_id} answers every message at once in {chat}; "
                f"ignored for {self.guard.mute_seconds / 60:.0f} minutes"
            )
        return not ignore

    async def reply(self, bot: Bot, event: MessageEvent, text: str) -> None:
        """Queue `text` as the answer to `event` and wait until it went (or never will)."""
        if self._closed or not text.strip():
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        asker = Asker(
            user_id=event.user_id,
            message_id=event.message_id,
            question=self._question_of(event),
            context=_Ticket(bot, event, done),
        )
        chat = chat_of(event)
        decision, _ = self.throttle.submit(chat, asker, text, self.clock())
        if decision is Decision.DUPLICATE:
            logger.info(f"{event.user_id} repeated a question in {chat}: answered once")
            return
        if decision is Decision.OVERFLOW:
            logger.error(f"queue of {chat} is full; an answer to {event.user_id} was refused")
            return
        if chat in self._inline or self._worker_alive(chat):
            self._kick(chat)  # that sender picks it up, in order
        else:
            await self._send_inline(chat, done)
        await asyncio.shield(done)

    def _worker_alive(self, chat: Chat) -> bool:
        worker = self._workers.get(chat)
        return worker is not None and not worker.done()

    async def _send_inline(self, chat: Chat, done: asyncio.Future[None]) -> None:
        """The common case (nobody is sending to this chat): send from the handler's own task,
        without a worker task and its trip through the event loop. Only what may go now is
        sent here, in queue order, and only until this handler's own answer is out; a wait
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
            # It was released into this handler's own answer: raised by the caller's await.
        finally:
            self._inline.discard(chat)
            if not self._closed and self.throttle.queued(chat):
                self._kick(chat)

    async def deliver(self, bot: Bot, target: Target, text: str) -> bool:
        """Send a notice (not an answer) to `target`, with the group rate and the retries."""
        chat: Chat = (target.kind, target.id)
        message = Message(MessageSegment.text(text))
        if target.kind == "group":
            result = await self._call(
                chat,
                "notice",
                lambda: _live(bot).send_group_msg(group_id=target.id, message=message),
            )
        else:
            result = await self._call(
                chat,
                "notice",
                lambda: _live(bot).send_private_msg(user_id=target.id, message=message),
            )
        return result is not FAILED

    def _kick(self, chat: Chat) -> None:
        if chat in self._inline:
            return  # the handler sending inline takes it, or hands it to a worker
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
            logger.exception(f"sending to {chat} failed; the queue goes on")
        except BaseException as exc:
            # Not a send failure (a test harness's verdict, an exit): it belongs to
            # the handlers waiting for this message.
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
        sent: int | _Failed | None
        if chat[0] == "group":
            if not item.is_pointer and len(item.text) > threshold:
                sent = await self._send_forward(item)
                if isinstance(sent, _Failed):
                    sent = await self._send_group_parts(item, numbered_parts(item.text, threshold))
                elif len(item.askers) > 1:
                    # A forward can neither quote nor @: the merged askers learn of it here.
                    await self._send_group_parts(item, [FORWARD_FOLLOW_UP])
            else:
                sent = await self._send_group_parts(item, [item.text])
        else:
            sent = await self._send_private_parts(item)
        if isinstance(sent, _Failed):
            return  # nothing arrived: no "刚回答过" may point at it
        now = self.clock()
        self.throttle.sent(item, sent, now)
        self.guard.outgoing(chat, item.user_ids, item.text, now)

    def _group_message(self, item: Outgoing, text: str, *, first: bool) -> Message:
        message = Message()
        if first:
            quoted = item.pointer_to.message_id if item.pointer_to else item.askers[0].message_id
            if quoted is not None:
                message += MessageSegment.reply(quoted)
            mention = item.askers if item.is_pointer else item.askers[1:]
            for asker in mention:
                message += MessageSegment.at(asker.user_id)
            if mention:
                text = " " + text
        # User text only ever inside a text segment: a pasted [CQ:at,qq=all] stays text.
        message += MessageSegment.text(text)
        return message

    async def _send_group_parts(self, item: Outgoing, parts: list[str]) -> int | _Failed | None:
        """The parts in order; the id of the first that arrived, FAILED when none did."""
        ticket = _ticket(item)
        first: int | _Failed | None = FAILED
        for i, part in enumerate(parts):
            message = self._group_message(item, part, first=i == 0)
            result = await self._call(item.chat, "answer", partial(_send, ticket, message))
            if isinstance(first, _Failed) and not isinstance(result, _Failed):
                first = _message_id(result)
        return first

    async def _send_forward(self, item: Outgoing) -> int | _Failed | None:
        """The answer as one merged forward message; FAILED when it was refused or failed."""
        ticket = _ticket(item)
        bot = _live(ticket.bot)
        self_id = int(bot.self_id) if bot.self_id.isdigit() else 0
        nodes = Message()
        question = " ".join(item.askers[0].question.split())[:QUESTION_IN_FORWARD_CHARS]
        if question:
            nodes += MessageSegment.node_custom(
                self_id, self.nickname, Message(MessageSegment.text(f"问：{question}"))
            )
        for part in split_text(item.text, self.settings.assistant_forward_threshold):
            nodes += MessageSegment.node_custom(
                self_id, self.nickname, Message(MessageSegment.text(part))
            )
        result = await self._call(
            item.chat,
            "forward",
            lambda: _live(ticket.bot).call_api(
                "send_group_forward_msg", group_id=item.chat[1], messages=nodes
            ),
            retry_refusals=False,
        )
        if isinstance(result, _Failed):
            logger.warning(f"forward to {item.chat} failed; sending the answer as text parts")
            return FAILED
        return _message_id(result)

    async def _send_private_parts(self, item: Outgoing) -> int | _Failed | None:
        ticket = _ticket(item)
        first: int | _Failed | None = FAILED
        for part in numbered_parts(item.text, self.settings.assistant_private_chunk_chars):
            message = Message(MessageSegment.text(part))
            result = await self._call(item.chat, "answer", partial(_send, ticket, message))
            if isinstance(first, _Failed) and not isinstance(result, _Failed):
                first = _message_id(result)
        return first

    async def _call(
        self,
        chat: Chat,
        what: str,
        call: Callable[[], Awaitable[Any]],
        *,
        retry_refusals: bool = True,
    ) -> Any:
        """`call()` with the group rate, retries and back-off; FAILED after the last try."""
        tries = max(self.settings.assistant_send_retries, 0) + 1
        for attempt in range(1, tries + 1):
            await self._group_slot(chat)
            try:
                return await call()
            except ActionFailed as exc:
                retcode = exc.info.get("retcode")
                logger.warning(f"{what} to {chat} refused (retcode {retcode}), try {attempt}")
                if not retry_refusals or retcode in NOT_RETRYABLE:
                    return FAILED
            except Exception as exc:  # timeouts, a dropped connection: worth another try
                logger.warning(f"{what} to {chat} failed ({exc!r}), try {attempt}")
            if attempt < tries:
                await self._sleep(min(self.backoff * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS))
        logger.error(f"{what} to {chat} given up after {tries} tries")
        return FAILED

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
                logger.exception("outbox worker failed while stopping")
        for chat in self.throttle.pending_chats():
            for item in self.throttle.queued(chat):
                _release(item)


async def _send(ticket: _Ticket, message: Message) -> Any:
    return await _live(ticket.bot).send(ticket.event, message)


def _ticket(item: Outgoing) -> _Ticket:
    ticket = item.askers[0].context
    assert isinstance(ticket, _Ticket)
    return ticket


def _release(item: Outgoing, error: BaseException | None = None) -> None:
    """Let the handlers waiting for `item` go on (raising `error` in them, if given)."""
    for asker in item.askers:
        ticket = asker.context
        if isinstance(ticket, _Ticket) and not ticket.done.done():
            if error is None:
                ticket.done.set_result(None)
            else:
                ticket.done.set_exception(error)
