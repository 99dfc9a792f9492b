"""Rate limits: sliding window, token bucket and the per-minute cap, with invented times."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.rates import RateLimit, SlidingWindow, TokenBucket


def test_sliding_window_holds_limit_per_period() -> None:
    """A window of 2 per 10 s lets the third event in only when the first one is 10 s old."""
    window = SlidingWindow(2, 10)
    window.record(0)
    window.record(1)
    assert window.ready_at(5) == 10
    assert window.ready_at(10) == 10
    window.record(10)
    assert window.ready_at(10.5) == 11


def test_token_bucket_bursts_then_paces() -> None:
    """A bucket of 3 at 1/s gives 3 at once, then one a second."""
    bucket = TokenBucket(3, 1.0)
    for _ in range(3):
        assert bucket.ready_at(0) == 0
        bucket.record(0)
    assert bucket.ready_at(0) == pytest.approx(1.0)
    assert bucket.ready_at(0.5) == pytest.approx(1.0)


def test_rate_limit_of_twenty_spreads_the_minute() -> None:
    """20 a minute: 3 at once, then one every 3 s, and never more than 20 in a minute."""
    limit, now, times = RateLimit(20), 0.0, []
    for _ in range(25):
        now = limit.ready_at(now)
        limit.record(now)
        times.append(now)
    assert times[:3] == [0, 0, 0]
    assert times[3] == pytest.approx(3.0)
    assert times[4] == pytest.approx(6.0)
    assert sum(1 for t in times if t < 60) <= 20


def test_zero_means_no_limit() -> None:
    """A limit of 0 never holds a message back."""
    limit = RateLimit(0)
    for _ in range(1000):
        limit.record(0)
    assert limit.wait(0) == 0


@settings(max_examples=40, deadline=None)
@given(
    per_minute=st.sampled_from([1, 2, 5, 20, 300]),
    gaps=st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=150),
)
def test_rate_limit_is_never_exceeded(per_minute: int, gaps: list[float]) -> None:
    """However senders arrive, any 60 s holds at most the cap and any span at most
    BURST plus its share of the rate."""
    limit, now, times = RateLimit(per_minute), 0.0, []
    for gap in gaps:
        now = limit.ready_at(now + gap)
        limit.record(now)
        times.append(now)
    rate = per_minute / 60
    for i, start in enumerate(times):
        in_minute = sum(1 for t in times[i:] if t < start + 60 - 1e-9)
        assert in_minute <= per_minute
        for j in range(i, len(times)):
            span = times[j] - start
            assert j - i + 1 <= min(3, per_minute) + span * rate + 1e-6
