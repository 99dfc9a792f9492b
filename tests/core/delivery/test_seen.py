"""The memory of events already taken: a repeat within the window is recognised, old and
surplus keys are forgotten, and the memory never grows past its capacity."""

from __future__ import annotations

import pytest

from bot.delivery.seen import SeenEvents


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeat_within_the_window_is_recognised() -> None:
    """The first delivery is new, the second of the same key a repeat, another key new."""
    seen = SeenEvents(window_seconds=60, capacity=10, clock=Clock())
    assert seen.first_time(("a", 1))
    assert not seen.first_time(("a", 1))
    assert seen.first_time(("a", 2))


@pytest.mark.parametrize(
    ("elapsed", "new"),
    [pytest.param(59.9, False, id="inside"), pytest.param(60.0, True, id="at-the-end")],
)
def test_keys_are_forgotten_after_the_window(elapsed: float, new: bool) -> None:
    """A key is remembered for the window, not longer; a repeat does not extend it."""
    clock = Clock()
    seen = SeenEvents(window_seconds=60, capacity=10, clock=clock)
    seen.first_time("k")
    clock.now += elapsed / 2
    seen.first_time("k")
    clock.now += elapsed / 2
    assert seen.first_time("k") is new


def test_capacity_bounds_the_memory() -> None:
    """Past its capacity the oldest keys are dropped first; the size never exceeds it."""
    seen = SeenEvents(window_seconds=600, capacity=3, clock=Clock())
    for key in range(10):
        assert seen.first_time(key)
        assert len(seen) <= 3
    assert not seen.first_time(9)
    assert seen.first_time(0)


def test_capacity_must_be_positive() -> None:
    """A memory that can hold nothing is a configuration mistake."""
    with pytest.raises(ValueError, match="capacity"):
        SeenEvents(capacity=0)
