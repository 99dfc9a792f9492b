"""Rate limits for outgoing messages: a sliding window, a token bucket, and `RateLimit`, the
per-minute cap the throttle keeps for every group and every user.

Pure: every method takes `now` (seconds on a monotonic clock).
"""

from __future__ import annotations

from collections import deque

MINUTE = 60.0
BURST = 3
"""Messages a group may get back to back; after that they are spaced out evenly."""


class SlidingWindow:
    """At most `limit` events in any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = max(limit, 1)
        self.period = period
        self._events: deque[float] = deque()

    def _forget(self, now: float) -> None:
        while self._events and self._events[0] <= now - self.period:
            self._events.popleft()

    def ready_at(self, now: float) -> float:
        """The earliest time, not before `now`, at which one more event fits."""
        self._forget(now)
        if len(self._events) < self.limit:
            return now
        return self._events[len(self._events) - self.limit] + self.period

    def record(self, now: float) -> None:
        self._events.append(now)

    def idle(self, now: float) -> bool:
        self._forget(now)
        return not self._events


class TokenBucket:
    """Up to `capacity` events at once, refilled at `rate` per second."""

    def __init__(self, capacity: int, rate: float) -> None:
        self.capacity = float(max(capacity, 1))
        self.rate = rate
        self._tokens = self.capacity
        self._at: float | None = None

    def _refill(self, now: float) -> None:
        if self._at is not None and now > self._at:
            self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
        if self._at is None or now > self._at:
            self._at = now

    def ready_at(self, now: float) -> float:
        self._refill(now)
        # A hair of slack: a worker that slept exactly the computed time must find its token.
        if self._tokens >= 1 - 1e-9:
            return now
        return now + (1 - self._tokens) / self.rate

    def record(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1

    def idle(self, now: float) -> bool:
        self._refill(now)
        return self._tokens >= self.capacity - 1e-9


class RateLimit:
    """A per-minute cap, spread over the minute instead of spent in its first seconds.

    A token bucket lets BURST messages go at once and then one every 60/per_minute seconds;
    a sliding 60 s window caps the total at `per_minute` in any minute. So 20 a minute means
    3 at once, then one every 3 s. A limit of 0 or less means no limit.
    """

    def __init__(self, per_minute: int, burst: int = BURST) -> None:
        self.per_minute = per_minute
        self._limits: tuple[SlidingWindow | TokenBucket, ...] = ()
        if per_minute > 0:
            burst = max(1, min(burst, per_minute))
            self._limits = (
                SlidingWindow(per_minute, MINUTE),
                TokenBucket(burst, per_minute / MINUTE),
            )

    def ready_at(self, now: float) -> float:
        return max((limit.ready_at(now) for limit in self._limits), default=now)

    def wait(self, now: float) -> float:
        """Seconds until one more message may go (0 when it may go now)."""
        return max(self.ready_at(now) - now, 0.0)

    def record(self, now: float) -> None:
        for limit in self._limits:
            limit.record(now)

    def idle(self, now: float) -> bool:
        return all(limit.idle(now) for limit in self._limits)
