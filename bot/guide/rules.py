"""服务功能分类1/分类2 and 活动类别: the option lists and the 分类2 limit of （一）3."""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORY1_OPTIONS: tuple[str, ...] = (
    "综合服务",
    "创业培训与辅导",
    "知识产权保护",
    "管理咨询",
    "信息咨询",
    "信用服务",
    "市场营销",
    "项目开发",
    "投资融资",
    "财会税务",
    "产权交易",
    "技术支持",
    "人才引进",
    "对外合作",
    "展览展销",
    "法律咨询",
)
"""The 16 options of 服务功能分类1 （一）2; naturally read as the 分类2 options too."""

COMPREHENSIVE = "综合服务"
"""Only a regional 中小企业服务中心 may choose it （一）2."""

ACTIVITY_CATEGORIES: tuple[str, ...] = ("信息服务", "创业服务", "技术服务", "培训服务", "融资服务")
"""活动类别 of the summary table, 附件1 说明1: a closed list, not the code table."""

MIN_PARTICIPANTS = 10
ACTIVITIES_PER_FUNCTION = 3
MAX_CATEGORY2 = 3
MAX_PROOF_ACTIVITIES = 20


@dataclass(frozen=True, slots=True)
class Category2Limit:
    """How many 分类2 functions a number of qualifying activities supports.

    `readings` holds one value, or two where the guide contradicts itself (6 and 9 activities):
    the bracket table and the three-activities-per-function rule disagree there.
    """

    activities: int
    readings: tuple[int, ...]

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    @property
    def safe(self) -> int:
        """The number that satisfies every reading."""
        return min(self.readings)

    @property
    def most(self) -> int:
        return max(self.readings)


def max_category2_options(activities: int) -> Category2Limit:
    """The 分类2 limit for `activities` qualifying activities (≥10 participants each)."""
    activities = max(activities, 0)
    per_function = min(MAX_CATEGORY2, activities // ACTIVITIES_PER_FUNCTION)
    if per_function == 0:
        return Category2Limit(activities, (0,))
    if activities == 6:
        # Table: "不超过6场 → 1项"; three per function: 6 = 2 × 3.
        return Category2Limit(activities, (1, 2))
    if activities == 9:
        # The table puts 9 both in "不超过9场 → 2项" and in "9场及以上 → 3项".
        return Category2Limit(activities, (2, 3))
    return Category2Limit(activities, (per_function,))


_ACTIVITY_COUNT = re.compile(r"(\d{1,4})\s*(?:场|次|个活动|项活动)")
# "其中3场只有8个人", "有2场不到10人": activities said to have too few people, which do not
# count (（一）3). `fewer` words say "fewer than the number", the others "exactly the number".
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
