"""Stopping a ping-pong with another bot that is not in the configured bot list.

Two signs give such a bot away. It echoes: its message repeats text the assistant just sent.
It reacts instantly, every time: message after message arrives within seconds of the
assistant's answer to that very account. People do neither for long, so an echo is ignored
and a long streak of instant reactions mutes the account in that chat for a while.
Pure: every method takes `now`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
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


@dataclass
class _ChatMemory:
    sent: deque[tuple[float, str]] = field(default_factory=lambda: deque(maxlen=MEMORY_MESSAGES))
    last_to_user: dict[int, float] = field(default_factory=dict)
    streak: dict[int, int] = field(default_factory=dict)
    muted_until: dict[int, float] = field(default_factory=dict)


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

    def outgoing(self, chat: Chat, users: Iterable[int], text: str, now: float) -> None:
        """The bot sent `text` to `chat`, answering `users`."""
        memory = self._chats.setdefault(chat, _ChatMemory())
        memory.sent.append((now, normalize(text)))
        for user in users:
            memory.last_to_user[user] = now

    def should_ignore(self, chat: Chat, user_id: int, text: str, now: float) -> bool:
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

    def is_muted(self, chat: Chat, user_id: int, now: float) -> bool:
        memory = self._chats.get(chat)
        return memory is not None and memory.muted_until.get(user_id, -1.0) > now

    @staticmethod
    def _is_echo(memory: _ChatMemory, incoming: str, now: float) -> bool:
        if not incoming:
            return False
        for at, sent in memory.sent:
            if now - at > MEMORY_SECONDS:
                continue
            if incoming == sent or (len(sent) >= ECHO_MIN_CHARS and sent in incoming):
                return True
        return False
