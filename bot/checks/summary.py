"""年度总结 附件3: the four parts in order, the four sub-parts of 一, at most 3 items under
服务资源带动 and 服务活动开展, and 服务企业数/服务人数 for each representative activity.

Headings are found by their words, not their numbering: authors write 一、 (一) 1. or nothing.
Items are counted from table rows (tab-separated) or numbered lines; prose that cannot be
counted is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.checks.figures import digits, has_enterprise_count, has_people_count
from bot.checks.result import CheckResult, RuleOutcome, echo, failed, passed, warned
from bot.text.normalize import to_simplified

CLAUSE = "附件3"
MAX_ITEMS = 3


@dataclass(frozen=True, slots=True)
class Heading:
    title: str
    """As the outline 附件3 writes it."""
    patterns: tuple[str, ...]
    """Any of these (regular expressions) in a heading line marks it."""
    clause: str


PARTS: tuple[Heading, ...] = (
    Heading("一、服务经验及做法", (r"服务经验", r"经验(?:及|和|与)做法"), "附件3 一"),
    Heading("二、服务成效", (r"服务成效",), "附件3 二"),
    Heading("三、问题和工作建议", (r"问题.{0,6}建议", r"存在的问题"), "附件3 三"),
    Heading(
        "四、下一年度工作计划",
        (r"(?:下一?年度?|明年|\d{4}年)(?:度)?(?:的)?工作计划", r"^工作计划"),
        "附件3 四",
    ),
)
SUBPARTS: tuple[Heading, ...] = (
    Heading("1、服务模式创新方面", (r"模式创新",), "附件3 一、1"),
    Heading("2、服务资源带动方面", (r"资源带动",), "附件3 一、2"),
    Heading("3、服务活动开展方面", (r"活动开展",), "附件3 一、3"),
    Heading("4、服务专项开展方面", (r"专项(?:服务)?开展", r"服务专项"), "附件3 一、4"),
)

_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+\s*[、.．]|"
    r"[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．)）]|[①-⑩])\s*"
)
_ITEM = re.compile(
    r"^\s*(?:[（(]\s*\d+\s*[)）]|\d+\s*[、.．)）](?!\d)|[①-⑩]|[（(][一二三四五六七八九十]+[)）]|"
    r"[一二三四五六七八九十]+是|其[一二三四五六七八九十]+[，、,:：]|"
    r"(?:项目|活动)[一二三四五六七八九十\d]+[：:、，,])"
)
_TABLE_HEADERS = ("服务项目", "合作机构", "活动名称", "活动内容", "服务企业数", "服务人数")
_HEADING_MAX = 40
"""A line longer than this is prose, even if it mentions a heading's words."""


def is_heading_line(line: str, heading: Heading) -> bool:
    """Whether `line` is a heading for `heading`: short, its words after any numbering."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADING_MAX:
        return False
    body = _NUMBERING.sub("", stripped)
    return any(re.search(p, body) for p in heading.patterns)


def _find(lines: list[str], heading: Heading, start: int = 0, end: int | None = None) -> int:
    """First heading line for `heading`; numbered lines (二、服务成效) win over bare ones, so a
    short sentence that happens to say 服务成效 is not taken for the heading."""
    stop = len(lines) if end is None else end
    candidates = [i for i in range(start, stop) if is_heading_line(lines[i], heading)]
    numbered = [i for i in candidates if _NUMBERING.match(lines[i])]
    return (numbered or candidates or [-1])[0]


def check_summary(raw: str) -> CheckResult:
    """The outline of 附件3, then the item limits and figures of its tables."""
    lines = to_simplified(raw).splitlines()
    if not any(line.strip() for line in lines):
        return CheckResult(
            "年度总结检查",
            CLAUSE,
            (failed("要有总结内容", "没收到总结，请在“/检查总结”后面粘贴全文"),),
        )
    outcomes: list[RuleOutcome] = []
    parts = [_find(lines, part) for part in PARTS]
    outcomes.append(_presence("四个部分齐全", PARTS, parts))
    outcomes.append(_order("四个部分按顺序", PARTS, parts))

    # Sub-parts belong between 一 and 二 when both are there; otherwise anywhere.
    low = parts[0] + 1 if parts[0] >= 0 else 0
    high = parts[1] if parts[1] > parts[0] >= 0 else None
    subs = [_find(lines, sub, low, high) for sub in SUBPARTS]
    if parts[0] >= 0 and all(s < 0 for s in subs):
        subs = [_find(lines, sub) for sub in SUBPARTS]
    outcomes.append(_presence("“一、服务经验及做法”的四个方面齐全", SUBPARTS, subs))
    outcomes.append(_order("四个方面按顺序", SUBPARTS, subs))

    bounds = sorted(i for i in [*parts, *subs] if i >= 0)
    resources = _section(lines, subs[1], bounds)
    activities = _section(lines, subs[2], bounds)
    if resources is not None:
        outcomes.append(_item_limit("服务资源带动方面不超过3项", resources, "附件3 一、2"))
    if activities is not None:
        outcomes.append(_item_limit("服务活动开展方面不超过3项", activities, "附件3 一、3"))
        outcomes.extend(_activity_figures(activities))
    empty = [
        heading.title
        for heading, at in zip((*PARTS, *SUBPARTS), (*parts, *subs), strict=True)
        if at >= 0 and not _has_body(lines, at, bounds)
    ]
    if empty:
        outcomes.append(
            warned("每部分都有内容", "这些标题下面没写内容：" + "、".join(f"“{e}”" for e in empty))
        )
    return CheckResult("年度总结检查", CLAUSE, tuple(outcomes))


def _presence(rule: str, headings: tuple[Heading, ...], found: list[int]) -> RuleOutcome:
    missing = [h.title for h, at in zip(headings, found, strict=True) if at < 0]
    if not missing:
        return passed(rule)
    return failed(rule, "没找到" + "、".join(f"“{m}”" for m in missing))


def _order(rule: str, headings: tuple[Heading, ...], found: list[int]) -> RuleOutcome:
    present = [(at, h.title) for h, at in zip(headings, found, strict=True) if at >= 0]
    for (at, title), (next_at, next_title) in pairwise(present):
        if next_at < at:
            return failed(rule, f"“{next_title}”写在了“{title}”前面")
    return passed(rule)


def _section(lines: list[str], at: int, bounds: list[int]) -> list[str] | None:
    if at < 0:
        return None
    after = [b for b in bounds if b > at]
    return lines[at + 1 : after[0] if after else len(lines)]


def _has_body(lines: list[str], at: int, bounds: list[int]) -> bool:
    section = _section(lines, at, bounds) or []
    # A heading directly followed by its first sub-heading has its content below that.
    return any(line.strip() for line in section) or any(b == at + 1 for b in bounds)


@dataclass(frozen=True, slots=True)
class _Item:
    text: str
    cells: tuple[str, ...] = ()


def _items(section: list[str]) -> list[_Item] | None:
    """Table rows or numbered items of a section; None when the prose cannot be counted."""
    rows = [
        tuple(c.strip() for c in line.split("\t"))
        for line in section
        if line.count("\t") >= 1 and sum(bool(c.strip()) for c in line.split("\t")) >= 2
    ]
    rows = [r for r in rows if sum(any(h in c for h in _TABLE_HEADERS) for c in r) < 2]
    if rows:
        return [_Item(" ".join(r), r) for r in rows]
    items: list[list[str]] = []
    for line in section:
        if _ITEM.match(line):
            items.append([line])
        elif items and line.strip():
            items[-1].append(line)
    if items:
        return [_Item("\n".join(i)) for i in items]
    return None


def _item_limit(rule: str, section: list[str], clause: str) -> RuleOutcome:
    items = _items(section)
    if items is None:
        if not any(line.strip() for line in section):
            return warned(rule, "这一方面下面没写内容", clause)
        return warned(rule, "没能数出列了几项（可用表格或1、2、3编号），请确认在3项以内", clause)
    if len(items) > MAX_ITEMS:
        return failed(rule, f"列了{len(items)}项，要求3项以内", clause)
    return passed(rule, f"列了{len(items)}项", clause)


def _activity_figures(section: list[str]) -> list[RuleOutcome]:
    rule = "代表性活动写明服务企业数和服务人数"
    clause = "附件3 一、3"
    items = _items(section) or [_Item("\n".join(section))]
    problems: list[str] = []
    for number, item in enumerate(items, 1):
        lacking = []
        enterprises, people = _item_figures(item)
        if not enterprises:
            lacking.append("服务企业数")
        if not people:
            lacking.append("服务人数")
        if lacking:
            label = echo(item.cells[0] if item.cells else _ITEM.sub("", item.text).strip(), 12)
            problems.append(f"第{number}项「{label}」缺{'、'.join(lacking)}")
    if problems:
        return [failed(rule, "；".join(problems), clause)]
    return [passed(rule, clause=clause)]


def _item_figures(item: _Item) -> tuple[bool, bool]:
    if len(item.cells) >= 4:
        # Table form: 活动名称 活动内容 服务企业数 服务人数, the last two plain numbers.
        enterprises, people = item.cells[2], item.cells[3]
        return bool(re.search(r"\d", digits(enterprises))), bool(re.search(r"\d", digits(people)))
    return has_enterprise_count(item.text), has_people_count(item.text)
