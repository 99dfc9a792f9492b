"""Checks of 服务功能分类1 （一）2 and 分类2 （一）3 for a selection the user pasted or asked
about: reading the selection, the activity counts and the service-centre status out of the text,
then applying the rules of `bot.guide.rules` to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.checks.figures import digits
from bot.checks.organisation import OrgKind, organisation
from bot.checks.result import CheckResult, RuleOutcome, echo, failed, passed, warned
from bot.guide.category2 import activity_mentions
from bot.guide.rules import (
    ACTIVITIES_PER_FUNCTION,
    ACTIVITY_CATEGORIES,
    CATEGORY1_CHOICES,
    CATEGORY1_OPTIONS,
    CATEGORY2_TOP,
    COMPREHENSIVE,
    CONSULT_PHONE,
    MAX_CATEGORY2,
    MIN_PARTICIPANTS,
    SERVICE_CENTER,
    Clause,
    max_category2_options,
    table_bracket,
)
from bot.text.normalize import to_simplified

_OPTIONS = len(CATEGORY1_OPTIONS)

_BY_LENGTH = sorted(CATEGORY1_OPTIONS, key=len, reverse=True)
_SEPARATORS = re.compile(r"[\s、，,；;/\\|+＋。.:：]+|以及|和|及")
# Words around a selection in a question that are not options themselves.
_FILLER = re.compile(
    r"^(?:我们|我司|我|平台|的|了|是|选|选择|填|勾选|还有|另外|以及|这|这几项|这些|这项|项|"
    r"可以吗|可以|行吗|行不行|对吗|可不可以|能行吗|合适吗|有问题吗|符合要求吗|吗|呢|啊|吧)+$"
)
# "共8场活动", "我们是服务中心": facts said next to a selection, not choices.
_COUNT_WORDS = re.compile(r"\d|场|活动|服务中心|我们|单位")
_TOTAL = re.compile(
    r"(?:共|一共|总共|合计|全年|全年共|上年度)\s*(?:开展|办了|做了|举办)?了?\s*(\d{1,4})\s*场"
)
_PER_FUNCTION = re.compile(
    "(" + "|".join(_BY_LENGTH) + r")\s*[:：(（]?\s*(?:开展|办了|做了|举办|有)?了?\s*(\d{1,4})\s*场"
)


@dataclass(frozen=True, slots=True)
class Selection:
    """What a user chose, split into known options and unrecognised words, in order."""

    items: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.items) + len(self.unknown)


def parse_selection(text: str) -> Selection:
    """Options named in `text` (those of （一）2), plus anything else that looks like a choice."""
    rest = to_simplified(text)
    found: list[tuple[int, str]] = []
    for option in _BY_LENGTH:
        # Longest first so 知识产权保护 is not also read as a shorter option inside it.
        start = rest.find(option)
        while start >= 0:
            found.append((start, option))
            rest = rest[:start] + "、" * len(option) + rest[start + len(option) :]
            start = rest.find(option, start + len(option))
    unknown = tuple(
        token
        for token in _SEPARATORS.split(rest)
        if token
        and not _FILLER.match(token)
        and not _COUNT_WORDS.search(token)
        and re.search(r"[\u4e00-\u9fffA-Za-z]", token)
    )
    return Selection(tuple(option for _, option in sorted(found)), unknown)


def service_center(text: str) -> bool | None:
    """Whether the user says they are a 中小企业服务中心 (None: not said). A company, an
    association or another 服务中心 they say they are is not one."""
    org = organisation(text)
    return None if org is None else org.kind is OrgKind.SERVICE_CENTER


def activity_counts(text: str) -> tuple[int | None, dict[str, int]]:
    """The total number of activities and any per-function counts (管理咨询4场) in `text`; a
    number of activities with too few people ("其中2场不到10人") is not the total."""
    numeric = digits(text)
    per_function = {m.group(1): int(m.group(2)) for m in _PER_FUNCTION.finditer(numeric)}
    total = _TOTAL.search(numeric)
    if total:
        return int(total.group(1)), per_function
    if per_function:
        return sum(per_function.values()), per_function
    return activity_mentions(numeric).first, per_function


def uncounted_activities(text: str) -> int:
    """How many activities `text` says had fewer than MIN_PARTICIPANTS people (they do not
    count)."""
    return activity_mentions(digits(text)).too_few


def _unknown_reason(token: str, which: str) -> str:
    shown = echo(token, 16)
    if token in ACTIVITY_CATEGORIES:
        return f"“{shown}”是活动汇总表的活动类别（{Clause.ACTIVITY_TABLE}），不是{which}的选项"
    near = [o for o in CATEGORY1_OPTIONS if token in o or o in token]
    if len(near) == 1:
        return f"“{shown}”不是指南列的选项，是不是“{near[0]}”？"
    return f"“{shown}”不是指南列的{_OPTIONS}个选项之一"


def _options_outcome(selection: Selection, which: str, clause: str, key: str) -> RuleOutcome:
    rule = f"从指南列的{_OPTIONS}个选项中选"
    if not selection.unknown:
        return passed(rule, clause=clause, key=key)
    reasons = "；".join(_unknown_reason(t, which) for t in selection.unknown[:5])
    return failed(rule, reasons, clause, key=key)


def _comprehensive(center: bool | None, clause: str, key: str) -> RuleOutcome:
    rule = f"{COMPREHENSIVE}仅限各地{SERVICE_CENTER}选择"
    if center is True:
        return passed(rule, f"你们是{SERVICE_CENTER}，可以选", clause, key=key)
    if center is False:
        return failed(rule, f"你们不是{SERVICE_CENTER}，不能选{COMPREHENSIVE}", clause, key=key)
    return warned(
        rule,
        f"是{SERVICE_CENTER}才能选；不是的话，请按主要业务从其余{_OPTIONS - 1}项中选",
        clause,
        key=key,
    )


def check_category1(text: str, *, center: bool | None = None) -> CheckResult:
    """分类1: exactly one of the options; 综合服务 only for a 中小企业服务中心."""
    selection = parse_selection(text)
    outcomes: list[RuleOutcome] = []
    rule = f"只能选{CATEGORY1_CHOICES}项"
    key = "category1.count"
    if selection.count == 0:
        outcomes.append(failed(rule, "没看出选了哪一项", key=key))
    elif selection.count == CATEGORY1_CHOICES:
        outcomes.append(passed(rule, key=key))
    else:
        outcomes.append(failed(rule, f"现在选了{selection.count}项", key=key))
    if selection.count:
        outcomes.append(_options_outcome(selection, "分类1", Clause.CATEGORY1, "category1.options"))
    if COMPREHENSIVE in selection.items:
        outcomes.append(_comprehensive(center, Clause.CATEGORY1, "category1.comprehensive"))
    notes = () if not selection.unknown else (f"{_OPTIONS}个选项：" + "、".join(CATEGORY1_OPTIONS),)
    return CheckResult(
        "服务功能分类1检查",
        Clause.CATEGORY1,
        tuple(outcomes),
        subject=f"所选：{echo('、'.join(selection.items + selection.unknown))}",
        notes=notes,
    )


def check_category2(
    text: str,
    *,
    activities: int | None = None,
    per_function: Mapping[str, int] | None = None,
    center: bool | None = None,
    uncounted: int = 0,
) -> CheckResult:
    """分类2: at most MAX_CATEGORY2 of the same options, each backed by its activities, within
    the limit the activity count allows (both readings where the guide has two). `uncounted` of
    the `activities` had too few people and are left out of the count."""
    selection = parse_selection(text)
    per_function = per_function or {}
    outcomes: list[RuleOutcome] = []
    most, key = f"不超过{MAX_CATEGORY2}项", "category2.count"
    if selection.count == 0:
        outcomes.append(failed(most, "没看出选了哪几项", key=key))
    elif selection.count <= MAX_CATEGORY2:
        outcomes.append(passed(most, f"选了{selection.count}项", key=key))
    else:
        outcomes.append(failed(most, f"现在选了{selection.count}项", key=key))
    repeated = sorted({o for o in selection.items if selection.items.count(o) > 1})
    if repeated:
        outcomes.append(
            failed("每项只选一次", "重复了：" + "、".join(repeated), key="category2.repeat")
        )
    if selection.count:
        outcomes.append(_options_outcome(selection, "分类2", Clause.CATEGORY2, "category2.options"))
    if COMPREHENSIVE in selection.items and center is not True:
        outcomes.append(_comprehensive(center, Clause.CATEGORY1, "category2.comprehensive"))
    short = {o: n for o, n in per_function.items() if n < ACTIVITIES_PER_FUNCTION}
    if short:
        listed = "、".join(f"{o}{n}场" for o, n in short.items())
        outcomes.append(
            failed(
                f"每项至少{ACTIVITIES_PER_FUNCTION}场专场活动",
                f"{listed}，不够{ACTIVITIES_PER_FUNCTION}场的不能选",
                key="category2.per_function",
            )
        )
    elif per_function:
        outcomes.append(
            passed(f"每项至少{ACTIVITIES_PER_FUNCTION}场专场活动", key="category2.per_function")
        )
    if activities is not None and 0 < uncounted <= activities:
        outcomes.append(
            passed(
                f"不足{MIN_PARTICIPANTS}人的活动不计入",
                f"{activities}场里有{uncounted}场不足{MIN_PARTICIPANTS}人，"
                f"按{activities - uncounted}场算",
                Clause.CATEGORY2,
                key="category2.uncounted",
            )
        )
        activities -= uncounted
    if selection.count:
        outcomes.append(
            _limit_outcome(len(set(selection.items)) + len(selection.unknown), activities)
        )
    return CheckResult(
        "服务功能分类2检查",
        Clause.CATEGORY2,
        tuple(outcomes),
        subject=f"所选：{echo('、'.join(selection.items + selection.unknown))}",
    )


def _limit_outcome(chosen: int, activities: int | None) -> RuleOutcome:
    rule = "项数不超过活动场数允许的"
    condition = (
        f"每项都要有上年度至少{ACTIVITIES_PER_FUNCTION}场相关专场活动，"
        f"每场服务对象不少于{MIN_PARTICIPANTS}人"
    )
    key = "category2.limit"
    if activities is None:
        return warned(
            rule, f"没说开展了几场活动，无法核对。{condition}；告诉我场数可以算能选几项", key=key
        )
    limit = max_category2_options(activities)
    if limit.most == 0:
        return failed(
            rule, f"{activities}场活动不足{ACTIVITIES_PER_FUNCTION}场，分类2一项也不能选", key=key
        )
    if chosen <= limit.safe:
        return passed(rule, f"{activities}场活动最多可选{limit.safe}项，选了{chosen}项", key=key)
    if chosen <= limit.most:
        return warned(rule, category2_readings(activities), key=key)
    return failed(rule, f"{activities}场活动最多只能选{limit.most}项，现在选了{chosen}项", key=key)


def category2_readings(activities: int) -> str:
    """How many 分类2 functions `activities` qualifying activities support, in words."""
    limit = max_category2_options(activities)
    if limit.most == 0:
        return f"{activities}场活动不足{ACTIVITIES_PER_FUNCTION}场，分类2一项也不能选"
    if not limit.ambiguous:
        return f"{activities}场活动，分类2最多可选{limit.most}项"
    low, high = limit.readings
    top = f"“开展{CATEGORY2_TOP[0]}场及以上的，只能选择不超过{CATEGORY2_TOP[1]}项”"
    bracket = table_bracket(activities)
    table = f"“开展活动不超过{bracket[0]}场的，只能选择不超过{bracket[1]}项”" if bracket else top
    other = top if activities >= CATEGORY2_TOP[0] else f"“每项至少{ACTIVITIES_PER_FUNCTION}场”"
    return (
        f"{activities}场活动，指南有两种读法：按{table}是{low}项，按{other}是{high}项。"
        f"选{low}项两种读法都符合；想选{high}项请先打 {CONSULT_PHONE} 确认"
    )
