"""Calm groups: ordered queues, de-duplication and merging of outgoing answers, each chat and
user held to its rate (`bot.delivery.rates`).

QQ freezes accounts that post in bursts, and a busy evening in a consultation group brings
many near-identical questions. Every answer therefore passes through a `Throttle` that holds
one ordered queue per chat and decides, for each new answer, whether it is

- a duplicate: the same user asked the same thing and has (or is getting) this answer;
- merged: a waiting message already answers the same thing, so this asker is added to it;
- a pointer: the group got this answer a few minutes ago, so a short "刚回答过" that quotes
  it is queued instead of the whole answer again;
- queued: a new message, sent in order once the group and the user have room.

Nothing here sleeps or reads a clock: every method takes `now` (seconds on a monotonic clock),
so the rules are tested with invented times and the chat side decides how to wait.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from bot.delivery.rates import RateLimit
from bot.text.normalize import normalize

ChatKind = Literal["group", "private"]
Chat = tuple[ChatKind, int]

MAX_MENTIONS = 10
"""A merged message @-mentions at most this many askers; more start a new message."""
MAX_QUEUED_PER_CHAT = 500
"""A safety valve against abuse: beyond this a chat's new answers are refused (and logged)."""
POINTER_EXCERPT_CHARS = 100


@dataclass
class Asker:
    """Someone an outgoing message answers."""

    user_id: int
    message_id: int | None = None
    """Their message, quoted by the answer."""
    question: str = ""
    """What they wrote, as written."""
    context: Any = None
    """Opaque to the throttle: the outbox keeps the asker's waiter and origin here."""
    key: str = ""
    """The normalised question, set by `Throttle.submit`."""
    identity: str | None = None
    """Who an anonymous member is (QQ gives every anonymous member the same user id): their
    anonymous id. None for everyone else."""

    @property
    def who(self) -> Hashable:
        """The person, as rates, repeats and the loop guard tell people apart."""
        return self.user_id if self.identity is None else self.identity

    @property
    def anonymous(self) -> bool:
        """An anonymous member can be quoted but not @-mentioned, so is never merged into
        another asker's message nor pointed to one."""
        return self.identity is not None


@dataclass(frozen=True)
class SentAnswer:
    """An answer that went out, remembered for the de-duplication window."""

    chat: Chat
    question: str
    text: str
    message_id: int | None
    at: float


@dataclass
class Outgoing:
    """One queued message: an answer, or a pointer to an answer sent moments ago."""

    seq: int
    chat: Chat
    question: str
    """Normalised question ("" when the message had no text): the de-duplication key."""
    text: str
    askers: list[Asker]
    queued_at: float
    pointer_to: SentAnswer | None = None

    @property
    def is_pointer(self) -> bool:
        return self.pointer_to is not None

    @property
    def user_ids(self) -> list[int]:
        return [a.user_id for a in self.askers]

    @property
    def askers_who(self) -> list[Hashable]:
        return [a.who for a in self.askers]


class Decision(StrEnum):
    QUEUED = "queued"
    """A new message waits in the chat's queue."""
    MERGED = "merged"
    """Joined a waiting message that answers the same thing."""
    POINTER = "pointer"
    """Answered in this group moments ago: a short "刚回答过" is queued instead."""
    DUPLICATE = "duplicate"
    """This user already has, or is about to get, this very answer: nothing to send."""
    OVERFLOW = "overflow"
    """The chat's queue is full; the answer is refused."""


@dataclass
class _History:
    answers: dict[str, SentAnswer] = field(default_factory=dict)
    """Normalised question -> the last answer to it in this chat."""
    answered: dict[tuple[str, Hashable], float] = field(default_factory=dict)
    """(question, person) -> when that person last got the answer (or a pointer to it)."""
    reminded: dict[tuple[str, Hashable], float] = field(default_factory=dict)
    """(question, user) -> when a private repeat got its one "刚回答过" reminder."""


def pointer_text(earlier: SentAnswer, *, private: bool = False) -> str:
    """The short "刚回答过" that quotes an earlier answer."""
    first_line = earlier.text.strip().splitlines()[0] if earlier.text.strip() else ""
    excerpt = first_line[:POINTER_EXCERPT_CHARS]
    if len(first_line) > POINTER_EXCERPT_CHARS or len(earlier.text.strip()) > len(first_line):
        excerpt += "…"
    where = "上一条回答" if private else "上面引用的回答"
    return f"刚回答过这个问题，见{where}：{excerpt}"


class Throttle:
    """The queues and limits of every chat; see the module docstring for the rules."""

    def __init__(
        self,
        *,
        group_per_minute: int,
        user_per_minute: int,
        dedup_seconds: float,
        exempt_users: frozenset[int] = frozenset(),
        max_queued: int = MAX_QUEUED_PER_CHAT,
    ) -> None:
        """`exempt_users` (admins) have no per-user rate in groups (the group rate still
        holds for them); nobody has one in private chat."""
        self.group_per_minute = group_per_minute
        self.exempt_users = exempt_users
        self.user_per_minute = user_per_minute
        self.dedup_seconds = dedup_seconds
        self.max_queued = max_queued
        self._queues: dict[Chat, list[Outgoing]] = {}
        self._groups: dict[int, RateLimit] = {}
        self._users: dict[Hashable, RateLimit] = {}
        self._history: dict[Chat, _History] = {}
        self._seq = 0
        self._pruned_at = -math.inf

    @property
    def dedup(self) -> bool:
        """De-duplication and merging are on (a window of 0 minutes turns both off)."""
        return self.dedup_seconds > 0

    def queued(self, chat: Chat) -> list[Outgoing]:
        """The chat's waiting messages, oldest first (a copy)."""
        return list(self._queues.get(chat, ()))

    def pending_chats(self) -> list[Chat]:
        return [chat for chat, queue in self._queues.items() if queue]

    def drop(self, chat: Chat, dropped: Callable[[Asker], bool]) -> list[Asker]:
        """Take the askers for whom `dropped` is true out of `chat`'s queue (a message left
        with nobody to answer goes too); returns them. Rare events call it (a recall, a mute),
        so it may look at the whole queue, which `max_queued` bounds."""
        queue = self._queues.get(chat)
        if not queue:
            return []
        gone: list[Asker] = []
        kept: list[Outgoing] = []
        for item in queue:
            stay = [a for a in item.askers if not dropped(a)]
            if len(stay) != len(item.askers):
                gone += [a for a in item.askers if dropped(a)]
                item.askers = stay
            if stay:
                kept.append(item)
        self._queues[chat] = kept
        return gone

    def submit(
        self,
        chat: Chat,
        asker: Asker,
        text: str,
        now: float,
    ) -> tuple[Decision, Outgoing | None]:
        """Take one answer to `asker`; returns what became of it and the message it rides in."""
        self._prune(now)
        question = asker.key = normalize(asker.question)
        queue = self._queues.setdefault(chat, [])
        if self.dedup and question:
            found = self._deduplicate(chat, queue, question, asker, text, now)
            if found is not None:
                return found
        if self.dedup and chat[0] == "group" and not asker.anonymous:
            for item in queue:
                if not item.is_pointer and item.text == text and len(item.askers) < MAX_MENTIONS:
                    item.askers.append(asker)
                    return Decision.MERGED, item
        return self._enqueue(chat, queue, question, text, asker, now, None)

    def _deduplicate(
        self,
        chat: Chat,
        queue: list[Outgoing],
        question: str,
        asker: Asker,
        text: str,
        now: float,
    ) -> tuple[Decision, Outgoing | None] | None:
        who = asker.who
        for item in queue:
            if any(a.who == who and a.key == question for a in item.askers):
                return Decision.DUPLICATE, item
        history = self._history.get(chat)
        earlier = history.answers.get(question) if history else None
        if history is None or earlier is None or earlier.text != text:
            return None
        if now - earlier.at >= self.dedup_seconds:
            return None
        answered_at = history.answered.get((question, who))
        if answered_at is not None and now - answered_at < self.dedup_seconds:
            key = (question, who)
            if chat[0] == "private" and key not in history.reminded:
                # One short reminder in private chat, so a user who missed the answer is not
                # met with silence; further repeats are dropped as in groups.
                history.reminded[key] = now
                return self._enqueue(
                    chat, queue, question, pointer_text(earlier, private=True), asker, now, earlier
                )
            return Decision.DUPLICATE, None
        if chat[0] != "group" or asker.anonymous:
            return None
        for item in queue:
            if item.pointer_to == earlier and len(item.askers) < MAX_MENTIONS:
                item.askers.append(asker)
                return Decision.MERGED, item
        return self._enqueue(chat, queue, question, pointer_text(earlier), asker, now, earlier)

    def _enqueue(
        self,
        chat: Chat,
        queue: list[Outgoing],
        question: str,
        text: str,
        asker: Asker,
        now: float,
        pointer_to: SentAnswer | None,
    ) -> tuple[Decision, Outgoing | None]:
        if len(queue) >= self.max_queued:
            return Decision.OVERFLOW, None
        self._seq += 1
        item = Outgoing(self._seq, chat, question, text, [asker], now, pointer_to)
        queue.append(item)
        return (Decision.POINTER if pointer_to else Decision.QUEUED), item

    def _group_limit(self, group_id: int) -> RateLimit:
        if group_id not in self._groups:
            self._groups[group_id] = RateLimit(self.group_per_minute)
        return self._groups[group_id]

    def _user_limit(self, who: Hashable) -> RateLimit:
        limit = self._users.get(who)
        if limit is None:
            # Users may ask a few things at once; only the per-minute total is capped.
            per_minute = 0 if who in self.exempt_users else self.user_per_minute
            limit = self._users[who] = RateLimit(per_minute, burst=per_minute)
        return limit

    def group_wait(self, chat: Chat, now: float) -> float:
        """Seconds until the group may get one more message (0 for private chats)."""
        if chat[0] != "group":
            return 0.0
        return self._group_limit(chat[1]).wait(now)

    def record_group_message(self, chat: Chat, now: float) -> None:
        """One message went (or was attempted) to a group: it counts against the group rate."""
        if chat[0] == "group":
            self._group_limit(chat[1]).record(now)

    def next_ready(self, chat: Chat, now: float) -> tuple[Outgoing | None, float | None]:
        """Take the first message of `chat` that may go now.

        Returns (message, 0) when one may go, (None, seconds to wait) when all must wait,
        (None, None) when nothing is queued. In a group, a user over their rate holds back
        only their own messages, which keep their order; the message is charged to every asker
        it answers. A private chat is one user's own conversation: it goes in order, unlimited.
        """
        queue = self._queues.get(chat)
        if not queue:
            return None, None
        if chat[0] != "group":
            return queue.pop(0), 0.0
        held: set[Hashable] = set()
        user_wait = math.inf
        chosen: Outgoing | None = None
        for item in queue:
            first = item.askers[0].who
            if first in held:
                continue
            wait = self._user_limit(first).wait(now)
            if wait <= 0:
                chosen = item
                break
            held.add(first)
            user_wait = min(user_wait, wait)
        if chosen is None:
            return None, user_wait
        group_wait = self.group_wait(chat, now)
        if group_wait > 0:
            return None, group_wait
        queue.remove(chosen)
        for who in dict.fromkeys(chosen.askers_who):
            self._user_limit(who).record(now)
        return chosen, 0.0

    def sent(self, item: Outgoing, message_id: int | None, now: float) -> SentAnswer | None:
        """`item` went out: remember it for the de-duplication window."""
        if not self.dedup:
            return None
        history = self._history.setdefault(item.chat, _History())
        record = item.pointer_to or SentAnswer(item.chat, item.question, item.text, message_id, now)
        for asker in item.askers:
            question = asker.key or item.question
            if not question:
                continue
            previous = history.answers.get(question)
            if item.pointer_to is None:
                if previous is not None and previous.text != item.text:
                    # A changed answer (the knowledge was edited) is news to everyone.
                    history.answered = {
                        key: at for key, at in history.answered.items() if key[0] != question
                    }
                history.answers[question] = SentAnswer(
                    item.chat, question, item.text, message_id, now
                )
            history.answered[(question, asker.who)] = now
        return record

    def _prune(self, now: float) -> None:
        # Bounded memory: forget answers past the window and idle limiters, now and then.
        if now - self._pruned_at < min(30.0, max(self.dedup_seconds, 1.0)):
            return
        self._pruned_at = now
        horizon = now - self.dedup_seconds
        for chat, history in list(self._history.items()):
            history.answers = {q: a for q, a in history.answers.items() if a.at > horizon}
            history.answered = {k: at for k, at in history.answered.items() if at > horizon}
            history.reminded = {k: at for k, at in history.reminded.items() if at > horizon}
            if not history.answers and not history.answered:
                del self._history[chat]
        for key in [k for k, limit in self._users.items() if limit.idle(now)]:
            del self._users[key]
        for group in [g for g, limit in self._groups.items() if limit.idle(now)]:
            del self._groups[group]
