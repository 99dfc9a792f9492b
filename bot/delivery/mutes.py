"""Groups the bot must not send to now: it is muted there, or the whole group is.

QQ freezes accounts that keep sending into groups where they are muted (NapCatQQ#398), so a
mute stops every send to that group until it ends. What a mute is known from: the group_ban
notice about the bot (its length given; a lift notice with duration 0), a whole-group mute
(user 0; no length, until the lift notice), or a send refused as muted (no length). A mute of
unknown length is assumed to last `probe_seconds`: after that one message may try again, and a
send refused as muted starts the next wait, so a lift notice that never came costs at most
one try per wait. The bot's own mute and the whole-group mute are kept apart, so lifting one
does not lift the other. Pure: every method takes `now`.
"""

from __future__ import annotations

import math
from enum import StrEnum


class Mute(StrEnum):
    BOT = "bot"
    """The bot itself is muted in the group."""
    GROUP = "group"
    """The whole group is muted."""


class GroupMutes:
    """Which groups are muted until when."""

    def __init__(self, probe_seconds: float) -> None:
        self.probe_seconds = probe_seconds
        self._until: dict[tuple[int, Mute], float] = {}

    def mute(self, group_id: int, kind: Mute, now: float, seconds: float | None = None) -> float:
        """Muted from `now` for `seconds` (unknown: `probe_seconds`); returns until when."""
        length = self.probe_seconds if seconds is None or seconds <= 0 else seconds
        until = now + length
        self._until[(group_id, kind)] = until
        return until

    def lift(self, group_id: int, kind: Mute) -> bool:
        """The mute of `kind` ended; True when one was known."""
        return self._until.pop((group_id, kind), None) is not None

    def muted_until(self, group_id: int, now: float) -> float | None:
        """Until when the group is muted (None: it is not), forgetting mutes that ended."""
        until = -math.inf
        for kind in Mute:
            key = (group_id, kind)
            end = self._until.get(key)
            if end is None:
                continue
            if end <= now:
                del self._until[key]
            else:
                until = max(until, end)
        return None if until == -math.inf else until

    def is_muted(self, group_id: int, now: float) -> bool:
        if not self._until:
            return False  # the common case, one dict check per message
        return self.muted_until(group_id, now) is not None
