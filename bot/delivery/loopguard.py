"""Stopping a ping-pong with another bot that is not in the configured bot list.

Two signs give such a bot away. It echoes: its message is, word for word, text the assistant
just sent. It reacts instantly, every time: message after message arrives within seconds of the
assistant's answer to that very account. People do neither for long, so an echo is ignored
and a long streak of instant reactions mutes the account in that chat for a while.

A person who pastes the assistant's whole answer and adds a follow-up question is no echo
(MaiBot#1854): only a message that is nothing but a sent text is. `follow_up` takes the pasted
lines out of such a message, so the question is answered rather than the paste.
People are told apart by the caller's key (`Asker.who`: anonymous members share one user id).
Pure: every method takes `now`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from bot.delivery.throttle import Chat
from bot.text.normalize import normalize

REACTION_SECONDS = 3.0
"""A message this soon after the bot's answer to its sender counts as an instant reaction."""
MAX_STREAK = 8
"""This many instant reactions in a row mark a loop."""
MUTE_SECONDS = 600.0
"""How long a looping account is ignored in that chat."""
ECHO_MIN_CHARS = 12
"""Shorter sent texts are not looked for inside incoming messages (too common)."""
MEMORY_SECONDS = 300.0
"""How long sent texts are remembered for echo detection."""
MEMORY_MESSAGES = 20
"""How many sent texts per chat are remembered."""


@dataclass(slots=True, eq=False)
class _Sent:
    at: float
    text: str
    """Normalised, for echoes."""
    lines: tuple[str, ...]
    """Its lines, stripped: those of at least ECHO_MIN_CHARS characters mark a paste."""

    @property
    def long_lines(self) -> tuple[str, ...]:
        return tuple(line for line in self.lines if len(line) >= ECHO_MIN_CHARS)


def _sent(text: str, now: float) -> _Sent:
    return _Sent(now, normalize(text), tuple(line.strip() for line in text.splitlines()))


@dataclass
class _ChatMemory:
    sent: deque[_Sent] = field(default_factory=deque)
    """The last MEMORY_MESSAGES sent messages, oldest first."""
    lines: dict[str, _Sent] = field(default_factory=dict)
    """Each long line of those messages -> the message: a paste is found line by line."""
    last_to_user: dict[Hashable, float] = field(default_factory=dict)
    streak: dict[Hashable, int] = field(default_factory=dict)
    muted_until: dict[Hashable, float] = field(default_factory=dict)


class LoopGuard:
    """Decides which incoming messages are part of a bot-to-bot loop."""

    def __init__(
        self,
        *,
        reaction_seconds: float = REACTION_SECONDS,
        max_streak: int = MAX_STREAK,
        mute_seconds: float = MUTE_SECONDS,
    ) -> None:
        self.reaction_seconds = reaction_seconds
        self.max_streak = max_streak
        self.mute_seconds = mute_seconds
        self._chats: dict[Chat, _ChatMemory] = {}

    def outgoing(self, chat: Chat, users: Iterable[Hashable], text: str, now: float) -> None:
        """The bot sent `text` to `chat`, answering `users`."""
        memory = self._chats.setdefault(chat, _ChatMemory())
        if len(memory.sent) >= MEMORY_MESSAGES:
            old = memory.sent.popleft()
            for line in old.long_lines:
                if memory.lines.get(line) is old:
                    del memory.lines[line]
        sent = _sent(text, now)
        memory.sent.append(sent)
        for line in sent.lines:
            if len(line) >= ECHO_MIN_CHARS:
                memory.lines[line] = sent
        for user in users:
            memory.last_to_user[user] = now

    def should_ignore(self, chat: Chat, user_id: Hashable, text: str, now: float) -> bool:
        """Whether an incoming message from `user_id` is part of a loop."""
        memory = self._chats.get(chat)
        if memory is None:
            return False
        if memory.muted_until.get(user_id, -1.0) > now:
            return True
        if self._is_echo(memory, normalize(text), now):
            return True
        answered_at = memory.last_to_user.get(user_id)
        if answered_at is not None and 0 <= now - answered_at <= self.reaction_seconds:
            memory.streak[user_id] = memory.streak.get(user_id, 0) + 1
        else:
            memory.streak[user_id] = 0
        if memory.streak[user_id] >= self.max_streak:
            memory.muted_until[user_id] = now + self.mute_seconds
            memory.streak[user_id] = 0
            return True
        return False

    def is_muted(self, chat: Chat, user_id: Hashable, now: float) -> bool:
        memory = self._chats.get(chat)
        return memory is not None and memory.muted_until.get(user_id, -1.0) > now

    def mutes_anyone(self, chat: Chat) -> bool:
        """Whether anyone was ever muted in `chat` (a cheap test before asking about each)."""
        memory = self._chats.get(chat)
        return memory is not None and bool(memory.muted_until)

    def follow_up(self, chat: Chat, text: str, now: float) -> str:
        """`text` without the lines it pasted from the bot's recent answers in `chat`: a line
        of an answer long enough to be no coincidence marks the paste, and that answer's
        lines are taken out, short ones too ("依据：…"); what the person added stays. `text`
        itself when it pasted nothing, or nothing but an answer. One dict look-up per line."""
        memory = self._chats.get(chat)
        if memory is None or not memory.lines:
            return text
        lines = [line.strip() for line in text.splitlines()]
        pasted = {
            sent
            for line in lines
            if (sent := memory.lines.get(line)) is not None and now - sent.at <= MEMORY_SECONDS
        }
        if not pasted:
            return text
        answer_lines = {line for sent in pasted for line in sent.lines}
        rest = "\n".join(line for line in lines if line and line not in answer_lines)
        return rest or text

    @staticmethod
    def _is_echo(memory: _ChatMemory, incoming: str, now: float) -> bool:
        if not incoming:
            return False
        return any(
            incoming == sent.text and now - sent.at <= MEMORY_SECONDS for sent in memory.sent
        )
