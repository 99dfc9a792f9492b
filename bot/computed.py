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

_CATEGORY2 = re.compile(r"分类\s*(2|二|Ⅱ)|功能分类|服务功能|选几[项个]|能选|可选|选多少")
_COUNT = re.compile(r"(\d{1,4})\s*(?:场|次|个活动|项活动)")
_ASKED = re.compile(r"选\s*(\d)\s*[项个]")

CLAUSE = "（一）3"


def activity_count(query: Query) -> int | None:
    """The number of activities named in the question (12场, 十二次), if any."""
    match = _COUNT.search(query.numeric)
    return int(match.group(1)) if match else None


def answer_category2_count(query: Query) -> Reply | None:
    """A computed 分类2 limit, or None when the message is not such a question."""
    if not _CATEGORY2.search(query.numeric):
        return None
    count = activity_count(query)
    if count is None:
        return None
    limit = max_category2_options(count)
    asked = _ASKED.search(query.numeric)
    condition = (
        f"条件：每选1项服务功能，上年度都要有至少{ACTIVITIES_PER_FUNCTION}场与该功能相关的专场活动，"
        f"且每场服务对象参与人数不少于{MIN_PARTICIPANTS}人（不足{MIN_PARTICIPANTS}人的活动不计入）；"
        f"分类2最多选{MAX_CATEGORY2}项。"
    )
    if limit.most == 0:
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
    if asked is not None and limit.ambiguous is False:
        wanted = int(asked.group(1))
        verdict = "可以" if wanted <= limit.most else "不可以"
        text = f"{verdict}选{wanted}项。" + text
    return Reply(ReplyKind.COMPUTED, text + "\n" + condition, clause=CLAUSE)
