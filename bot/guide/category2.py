"""Reading the number of activities out of a message about 服务功能分类2: how many were held,
and how many were said to have too few people to count (（一）3).

The computed 分类2 answer and the 分类2 check both read counts here, so "12场，其中3场只有8人"
means the same to both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.guide.rules import MIN_PARTICIPANTS

_ACTIVITY_COUNT = re.compile(r"(\d{1,4})\s*(?:场|次|个活动|项活动)")
# "其中3场只有8个人", "有2场不到10人": activities said to have too few people. `fewer` words
# say "fewer than the number", the others "exactly the number".
_TOO_FEW = re.compile(
    r"(?P<n>\d{1,4})\s*(?:场|次)(?:活动)?的?(?:参与|参加|参会)?(?:人数)?都?\s*"
    r"(?:(?P<fewer>不足|不到|少于|不够|不满|没到|没有|没)|只有|仅有|只|才)\s*"
    r"(?P<people>\d{1,3})\s*个?人"
)


@dataclass(frozen=True, slots=True)
class ActivityMentions:
    """What a message says about its number of activities."""

    first: int | None
    """The first number of activities named (12场, 3次), not counting one said to have too
    few people ("其中3场只有8人")."""
    too_few: int
    """How many activities were said to have fewer than MIN_PARTICIPANTS people."""


def activity_mentions(numeric: str) -> ActivityMentions:
    """The numbers of activities in `numeric` (numerals already digits)."""
    too_few = 0
    spans: list[tuple[int, int]] = []
    for match in _TOO_FEW.finditer(numeric):
        people = int(match.group("people"))
        if people < MIN_PARTICIPANTS or (match.group("fewer") and people <= MIN_PARTICIPANTS):
            too_few += int(match.group("n"))
            spans.append(match.span())
    for match in _ACTIVITY_COUNT.finditer(numeric):
        if not any(start <= match.start() < end for start, end in spans):
            return ActivityMentions(int(match.group(1)), too_few)
    return ActivityMentions(None, too_few)
