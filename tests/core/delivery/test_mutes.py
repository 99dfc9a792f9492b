"""Muted groups, with invented times: known lengths, unknown ones, and two kinds of mute."""

from __future__ import annotations

import pytest

from bot.delivery.mutes import GroupMutes, Mute

GROUP = 807645478


@pytest.mark.parametrize(
    ("seconds", "ends_at"),
    [
        pytest.param(600, 600, id="known-length"),
        pytest.param(None, 1800, id="unknown-length-probes"),
        pytest.param(-1, 1800, id="whole-group-minus-one"),
    ],
)
def test_mute_lasts_its_length_or_the_probe_time(seconds: float | None, ends_at: float) -> None:
    """A mute ends after its length; one of unknown length after the probe time."""
    mutes = GroupMutes(probe_seconds=1800)
    mutes.mute(GROUP, Mute.BOT, 0, seconds)
    assert mutes.is_muted(GROUP, ends_at - 1)
    assert not mutes.is_muted(GROUP, ends_at)
    assert not mutes.is_muted(GROUP + 1, 1)


def test_lifting_one_kind_keeps_the_other() -> None:
    """The end of a whole-group mute does not end the bot's own mute, and the reverse."""
    mutes = GroupMutes(probe_seconds=1800)
    mutes.mute(GROUP, Mute.BOT, 0, 600)
    mutes.mute(GROUP, Mute.GROUP, 0)
    assert mutes.lift(GROUP, Mute.GROUP)
    assert mutes.muted_until(GROUP, 1) == 600
    assert mutes.lift(GROUP, Mute.BOT)
    assert not mutes.is_muted(GROUP, 1)
    assert not mutes.lift(GROUP, Mute.BOT)


def test_ended_mutes_are_forgotten() -> None:
    """Memory stays bounded: a mute that ended is dropped when next looked at."""
    mutes = GroupMutes(probe_seconds=60)
    for group in range(100):
        mutes.mute(group, Mute.BOT, 0)
    assert not any(mutes.is_muted(group, 61) for group in range(100))
    assert mutes._until == {}
