"""Answers worked out from the guide's rules for the numbers in a question.

"我们办了7场活动，分类2能选几项" has no fixed answer in any entry: the limit follows from
（一）3 for that count, with both readings where the guide contradicts itself.
"""

from __future__ import annotations

import re

from bot.category import (
    ACTIVITIES_PER_FUNCTION,
    MAX_CATEGORY2,
    MIN_PARTICIPANTS,
    max_category2_options,
)
from bot.query import Query
from bot.reply import CONSULT_PHONE, Reply, ReplyKind

_CATEGORY2 = re.compile(
    r"分类\s*(2|二|Ⅱ)|功能分类|服务功能|选几[项个]|能选|可选|选多少|选\s*\d\s*[项个]|功能"
)
_COUNT = re.compile(r"(\d{1,4})\s*(?:场|次|个活动|项活动)")
_ASKED = re.compile(r"选\s*(\d)\s*[项个]")
# "其中3场只有8个人", "有2场不到10人": activities said to have too few people, which do not
# count (（一）3). `fewer` words say "fewer than the number", the others "exactly the number".
_SMALL = re.compile(
    r"(?P<n>\d{1,4})\s*(?:场|次)(?:活动)?的?(?:参与|参加|参会)?(?:人数)?都?\s*"
    r"(?:(?P<fewer>不足|不到|少于|不够|不满|没到|没有|没)|只有|仅有|只|才)\s*"
    r"(?P<people>\d{1,3})\s*个?人"
)

CLAUSE = "（一）3"


def _too_small(query: Query) -> tuple[int, list[tuple[int, int]]]:
    """How many activities the question says had too few people, and where it says so."""
    count = 0
    spans: list[tuple[int, int]] = []
    for match in _SMALL.finditer(query.numeric):
        people = int(match.group("people"))
        if people < MIN_PARTICIPANTS or (match.group("fewer") and people <= MIN_PARTICIPANTS):
            count += int(match.group("n"))
            spans.append(match.span())
    return count, spans


def activity_count(query: Query) -> int | None:
    """The number of activities named in the question (12场, 十二次), if any; a number of
    activities with too few people ("其中3场只有8人") is not it."""
    _, spans = _too_small(query)
    for match in _COUNT.finditer(query.numeric):
        if not any(start <= match.start() < end for start, end in spans):
            return int(match.group(1))
    return None


def answer_category2_count(query: Query) -> Reply | None:
    """A computed 分类2 limit, or None when the message is not such a question."""
    if not _CATEGORY2.search(query.numeric):
        return None
    small, _ = _too_small(query)
    total = activity_count(query)
    if total is None and not small:
        return None
    # "9场活动都不到10人": the only number of activities is that of those with too few people.
    total = small if total is None else total
    count = total - small if small <= total else total
    limit = max_category2_options(count)
    asked = _ASKED.search(query.numeric)
    condition = (
        f"条件：每选1项服务功能，上年度都要有至少{ACTIVITIES_PER_FUNCTION}场与该功能相关的专场活动，"
        f"且每场服务对象参与人数不少于{MIN_PARTICIPANTS}人（不足{MIN_PARTICIPANTS}人的活动不计入）；"
        f"分类2最多选{MAX_CATEGORY2}项。"
    )
    if count == 0:
        text = "没有参与人数达标的活动，服务功能分类2一项也不能选。"
    elif limit.most == 0:
        text = f"开展{count}场活动，不足{ACTIVITIES_PER_FUNCTION}场，服务功能分类2一项也不能选。"
    elif limit.ambiguous:
        low, high = limit.readings
        text = (
            f"开展{count}场活动，指南这里有两种读法：按“开展活动不超过"
            f"{'6场只能选不超过1项' if count == 6 else '9场只能选不超过2项'}”是不超过{low}项；"
            f"按{'“每项至少3场”，6场可支撑2项' if count == 6 else '“9场及以上可选不超过3项”'}"
            f"是不超过{high}项。选{low}项两种读法都符合；想选{high}项请先打电话{CONSULT_PHONE}确认。"
        )
    else:
        text = f"开展{count}场活动，服务功能分类2最多选{limit.most}项（不超过{limit.most}项）。"
    if count != total:
        kept = f"按{count}场算。" if count else ""
        text = f"{total}场里有{small}场参与人数不足{MIN_PARTICIPANTS}人，不计入，{kept}" + text
    if asked is not None and limit.ambiguous is False:
        wanted = int(asked.group(1))
        verdict = "可以" if wanted <= limit.most else "不可以"
        text = f"{verdict}选{wanted}项。" + text
    return Reply(ReplyKind.COMPUTED, text + "\n" + condition, clause=CLAUSE)
