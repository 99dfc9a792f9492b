"""年度总结 附件3: each of the outline's eight items (the four parts, the four aspects of 一)
present or missing, parts and aspects in order, at most 3 items under 服务资源带动 and 服务活动
开展, and 服务企业数/服务人数 for each representative activity.

Headings are found by their words, not their numbering (authors write 一、 (一) 1. or nothing),
and under the names authors give them: 二、取得成效, 三、存在问题及建议, 四、明年工作打算
stand for the outline's items. Items are counted from table rows (tab-separated) or numbered
lines; prose that cannot be counted is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.checks.figures import digits, has_enterprise_count, has_people_count
from bot.checks.result import CheckResult, RuleOutcome, Status, echo, failed, passed, warned
from bot.guide.rules import (
    SUMMARY_ACTIVITY_FIGURES,
    SUMMARY_ASPECTS,
    SUMMARY_MAX_ITEMS,
    SUMMARY_PARTS,
    Clause,
)
from bot.text.normalize import chinese_numeral, to_simplified


@dataclass(frozen=True, slots=True)
class Heading:
    title: str
    """As the outline 附件3 writes it."""
    patterns: tuple[str, ...]
    """Any of these (regular expressions) in a heading line marks it."""
    clause: str = Clause.SUMMARY
    key: str = ""

    @property
    def unnumbered(self) -> str:
        """The title without its number: 服务资源带动方面."""
        return self.title.split("、", 1)[-1]


_PLAN_WORDS = r"(?:计划|打算|安排|思路|重点|设想|目标)"
PARTS: tuple[Heading, ...] = tuple(
    Heading(title, patterns, clause, key)
    for title, patterns, clause, key in zip(
        SUMMARY_PARTS,
        (
            (
                r"服务经验",
                r"经验(?:及|和|与)?做法",
                r"做法(?:及|和|与)?经验",
                r"^(?:主要|工作|服务)(?:做法|举措)",
                r"^主要工作",
                r"(?:工作|服务)开展情况",
            ),
            (
                r"服务成效",
                r"^(?:取得|工作|主要|服务|年度)?(?:的)?(?:成效|成果|成绩|业绩)",
                r"业绩(?:和|及|与)成效",
            ),
            (
                r"问题.{0,8}建议",
                r"存在的?(?:主要)?问题",
                r"(?:困难|不足).{0,4}建议",
                r"^(?:意见|工作)建议",
            ),
            (
                rf"(?:下一?年度?|明年|来年|\d{{4}}年)(?:度)?(?:的)?(?:工作)?{_PLAN_WORDS}",
                rf"^下一步(?:工作)?{_PLAN_WORDS}?",
                rf"^(?:工作){_PLAN_WORDS}",
                r"^(?:工作)?展望",
                rf"^未来(?:工作)?{_PLAN_WORDS}?",
            ),
        ),
        (Clause.SUMMARY, Clause.SUMMARY_RESULTS, Clause.SUMMARY_PROBLEMS, Clause.SUMMARY_PLAN),
        ("summary.experience", "summary.results", "summary.problems", "summary.plan"),
        strict=True,
    )
)
SUBPARTS: tuple[Heading, ...] = tuple(
    Heading(title, patterns, clause, key)
    for title, patterns, clause, key in zip(
        SUMMARY_ASPECTS,
        (
            (r"模式创新", r"服务创新", r"创新服务(?:模式)?", r"^服务模式"),
            (
                r"资源带动",
                r"带动(?:服务)?资源",
                r"^服务资源",
                r"资源整合",
                r"整合(?:服务)?资源",
                r"合作机构",
                r"协同服务",
            ),
            (
                r"活动开展",
                r"开展.{0,6}活动",
                r"活动(?:组织|举办)",
                r"^(?:服务|主要|品牌|特色|主题|系列|重点|代表性|大型)\S{0,4}活动",
            ),
            (
                r"专项(?:服务)?开展",
                r"服务专项",
                r"专项(?:服务|行动|工作)",
                r"开展专项",
                r"惠企政策",
                r"政策落实",
            ),
        ),
        (
            Clause.SUMMARY_INNOVATION,
            Clause.SUMMARY_RESOURCES,
            Clause.SUMMARY_ACTIVITIES,
            Clause.SUMMARY_PROJECTS,
        ),
        ("summary.innovation", "summary.resources", "summary.activities", "summary.projects"),
        strict=True,
    )
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
_PARTS = chinese_numeral(len(SUMMARY_PARTS))
_ASPECTS = chinese_numeral(len(SUMMARY_ASPECTS))
_HEADING_MAX = 40
"""A line longer than this is prose, even if it mentions a heading's words."""


def is_heading_line(line: str, heading: Heading) -> bool:
    """Whether `line` is a heading for `heading`: short, its words after any numbering."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADING_MAX:
        return False
    body = _NUMBERING.sub("", stripped)
    return any(re.search(p, body) for p in heading.patterns)


def _find(
    lines: list[str],
    heading: Heading,
    start: int = 0,
    end: int | None = None,
    taken: frozenset[int] = frozenset(),
) -> int:
    """First heading line for `heading` not `taken` by another; numbered lines (二、服务成效)
    win over bare ones, so a short sentence that happens to say 服务成效 is not the heading."""
    stop = len(lines) if end is None else end
    candidates = [
        i for i in range(start, stop) if i not in taken and is_heading_line(lines[i], heading)
    ]
    numbered = [i for i in candidates if _NUMBERING.match(lines[i])]
    return (numbered or candidates or [-1])[0]


def check_summary(raw: str) -> CheckResult:
    """Each item of the outline of 附件3, then the item limits and figures of its tables."""
    lines = to_simplified(raw).splitlines()
    if not any(line.strip() for line in lines):
        return CheckResult(
            "年度总结检查",
            Clause.SUMMARY,
            (
                failed(
                    "要有总结内容", "没收到总结，请在“/检查总结”后面粘贴全文", key="summary.empty"
                ),
            ),
        )
    parts: list[int] = []
    for part in PARTS:
        parts.append(_find(lines, part, taken=frozenset(parts)))
    # Aspects belong between 一 and 二 when both are there; otherwise anywhere.
    low = parts[0] + 1 if parts[0] >= 0 else 0
    high = parts[1] if parts[1] > parts[0] >= 0 else None
    subs: list[int] = []
    for sub in SUBPARTS:
        found = _find(lines, sub, low, high, frozenset(parts + subs))
        if found < 0:
            found = _find(lines, sub, taken=frozenset(parts + subs))
        subs.append(found)
    outcomes = [_item(lines, PARTS[0], parts[0])]
    outcomes.extend(_item(lines, sub, at) for sub, at in zip(SUBPARTS, subs, strict=True))
    outcomes.extend(_item(lines, part, at) for part, at in zip(PARTS[1:], parts[1:], strict=True))
    outcomes.append(_order(f"{_PARTS}个部分按顺序", PARTS, parts, "summary.order"))
    outcomes.append(_order(f"{_ASPECTS}个方面按顺序", SUBPARTS, subs, "summary.aspect_order"))

    bounds = sorted(i for i in [*parts, *subs] if i >= 0)
    resources = _section(lines, subs[1], bounds)
    activities = _section(lines, subs[2], bounds)
    if resources is not None:
        outcomes.append(_item_limit(SUBPARTS[1], resources, "summary.resources_items"))
    if activities is not None:
        outcomes.append(_item_limit(SUBPARTS[2], activities, "summary.activities_items"))
        outcomes.extend(_activity_figures(activities))
    empty = [
        heading.title
        for heading, at in zip((*PARTS, *SUBPARTS), (*parts, *subs), strict=True)
        if at >= 0 and not _has_body(lines, at, bounds)
    ]
    if empty:
        outcomes.append(
            warned(
                "每部分都有内容",
                "这些标题下面没写内容：" + "、".join(f"“{e}”" for e in empty),
                key="summary.bodies",
            )
        )
    missing = [o for o in outcomes[: len(PARTS) + len(SUBPARTS)] if o.status is Status.FAIL]
    notes = (
        (f"提纲共{_PARTS}个部分，第一部分含{_ASPECTS}个方面；缺的{len(missing)}项请补上。",)
        if missing
        else ()
    )
    return CheckResult("年度总结检查", Clause.SUMMARY, tuple(outcomes), notes=notes)


def _item(lines: list[str], heading: Heading, at: int) -> RuleOutcome:
    """One outline item, present (as which heading) or missing, citing its clause."""
    if at < 0:
        return failed(heading.title, "没找到这一项", heading.clause, key=heading.key)
    written = _NUMBERING.sub("", lines[at].strip()).strip(" ：:")
    same = written.replace("方面", "") in heading.unnumbered
    reason = "" if same else f"写成了“{echo(lines[at].strip(), 20)}”"
    return passed(heading.title, reason, heading.clause, key=heading.key)


def _order(rule: str, headings: tuple[Heading, ...], found: list[int], key: str) -> RuleOutcome:
    present = [(at, h.title) for h, at in zip(headings, found, strict=True) if at >= 0]
    for (at, title), (next_at, next_title) in pairwise(present):
        if next_at < at:
            return failed(rule, f"“{next_title}”写在了“{title}”前面", key=key)
    return passed(rule, key=key)


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


def _item_limit(aspect: Heading, section: list[str], key: str) -> RuleOutcome:
    rule = f"{aspect.unnumbered}不超过{SUMMARY_MAX_ITEMS}项"
    within = f"{SUMMARY_MAX_ITEMS}项以内"
    clause = aspect.clause
    items = _items(section)
    if items is None:
        if not any(line.strip() for line in section):
            return warned(rule, "这一方面下面没写内容", clause, key=key)
        return warned(
            rule, f"没能数出列了几项（可用表格或1、2、3编号），请确认在{within}", clause, key=key
        )
    if len(items) > SUMMARY_MAX_ITEMS:
        return failed(rule, f"列了{len(items)}项，要求{within}", clause, key=key)
    return passed(rule, f"列了{len(items)}项", clause, key=key)


def _activity_figures(section: list[str]) -> list[RuleOutcome]:
    enterprises_named, people_named = SUMMARY_ACTIVITY_FIGURES
    rule = f"代表性活动写明{enterprises_named}和{people_named}"
    clause = Clause.SUMMARY_ACTIVITIES
    items = _items(section) or [_Item("\n".join(section))]
    problems: list[str] = []
    for number, item in enumerate(items, 1):
        lacking = []
        enterprises, people = _item_figures(item)
        if not enterprises:
            lacking.append(enterprises_named)
        if not people:
            lacking.append(people_named)
        if lacking:
            label = echo(item.cells[0] if item.cells else _ITEM.sub("", item.text).strip(), 12)
            problems.append(f"第{number}项「{label}」缺{'、'.join(lacking)}")
    if problems:
        return [failed(rule, "；".join(problems), clause, key="summary.activity_figures")]
    return [passed(rule, clause=clause, key="summary.activity_figures")]


def _item_figures(item: _Item) -> tuple[bool, bool]:
    if len(item.cells) >= 4:
        # Table form: 活动名称 活动内容 服务企业数 服务人数, the last two plain numbers.
        enterprises, people = item.cells[2], item.cells[3]
        return bool(re.search(r"\d", digits(enterprises))), bool(re.search(r"\d", digits(people)))
    return has_enterprise_count(item.text), has_people_count(item.text)
