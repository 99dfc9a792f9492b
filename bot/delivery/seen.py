"""Events already taken, so that one delivered twice is handled once.

OneBot implementations deliver an event again when they re-post after a reconnect or report
it on two connections; the copy carries the same `message_id` from the same chat (NapCat
derives the id from QQ's own message id and the chat, Lagrange.OneBot from the sequence, so a
re-post keeps it). `SeenEvents` remembers each key for a window long enough to cover a
reconnect, and at most `capacity` keys: the oldest are forgotten first. Each check is O(1)
(amortised). Pure: the clock is injected.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

WINDOW_SECONDS = 600.0
"""How long a key is remembered: reconnects and re-posts come within minutes."""
CAPACITY = 20_000
"""At most this many keys (about 2-3 MB); at the benchmark's 1,000 messages a second that is
still 20 s of traffic, and hours of a real consultation group's."""


class SeenEvents:
    """A bounded, time-limited memory of event keys."""

    def __init__(
        self,
        window_seconds: float = WINDOW_SECONDS,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._window = window_seconds
        self._capacity = capacity
        self._clock = clock
        self._expiry: OrderedDict[Hashable, float] = OrderedDict()
        """key -> when it is forgotten; insertion order is expiry order (one window for all)."""

    def __len__(self) -> int:
        return len(self._expiry)

    def first_time(self, key: Hashable) -> bool:
        """True the first time `key` is seen within the window (and remembers it); False for a
        repeat. A repeat does not extend the window."""
        now = self._clock()
        expiry = self._expiry
        while expiry:
            oldest = next(iter(expiry.values()))
            if oldest > now and len(expiry) < self._capacity:
                break
            expiry.popitem(last=False)
        if key in expiry:
            return False
        expiry[key] = now + self._window
        return True

    def clear(self) -> None:
        self._expiry.clear()
