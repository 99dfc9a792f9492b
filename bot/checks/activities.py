"""The check of the activity summary table 附件1: each row read by `activity_table` is held
against the guide's rules, then the report says what the rows add up to.

Rules per row: enough participants (附件1 heading; fewer and the row does not belong in the
table), 活动类别 one of the closed list (说明1), a 是 for 工信部门委托 needs a stamped notice
(说明2, a reminder: the bot cannot see the notice), the date in the reporting year (（一）3
上年度), no empty columns, no repeated rows. The report says how many activities qualify,
what that allows for 分类2, and when proof material for fewer activities is enough （二）.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.checks.activity_table import (
    LOOSE_EXAMPLE,
    NO,
    YES,
    ActivityRow,
    Unparsed,
    parse_activities,
)
from bot.checks.category import category2_readings
from bot.checks.result import CheckResult, RuleOutcome, Status, echo
from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    COMMISSIONERS,
    MAX_PROOF_ACTIVITIES,
    MIN_PARTICIPANTS,
    NOT_COMMISSIONERS,
    SERVICE_CENTER,
    Clause,
)
from bot.text.normalize import chinese_numeral

SHOWN_IN_SUMMARY = 3
"""Rows named per rule in the short verdict; the rest are in the details."""
_CENTER = re.compile(r"中小微?企业.{0,6}?服务中心")
_GONGXIN = re.compile(r"工信")
_KINDS = chinese_numeral(len(ACTIVITY_CATEGORIES))
"""How many 活动类别 there are, as the replies write it (五类)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What is wrong with one row under one rule."""

    status: Status
    reason: str
    """Full sentence, for the per-row details."""
    brief: str
    """A few words after the row's label in the short verdict (8人, 2023年)."""


@dataclass
class _Rule:
    name: str
    clause: str | None
    findings: list[tuple[ActivityRow, Finding]] = field(default_factory=list)
    pass_reason: str = ""
    explain: str = ""
    """Said once after the rows that break the rule."""


def reporting_year(configured: int | None, today: date) -> int:
    """The year activities must lie in: the setting, or the previous calendar year."""
    return configured if configured is not None else today.year - 1


_PASS = None


def _people_finding(row: ActivityRow) -> Finding | None:
    count = row.people
    if count is None:
        if not row.participants:
            return Finding(Status.FAIL, "人数没填", "人数没填")
        shown = echo(row.participants, 10)
        return Finding(Status.FAIL, f"人数看不懂：“{shown}”", f"人数“{shown}”")
    if count < MIN_PARTICIPANTS:
        return Finding(
            Status.FAIL,
            f"{count}人，不足{MIN_PARTICIPANTS}人：不计入，也不该填进汇总表",
            f"{count}人",
        )
    return _PASS


def _category_finding(row: ActivityRow) -> Finding | None:
    if row.category is None:
        return Finding(Status.WARN, "没写活动类别", "没写")
    value = re.sub(r"\s+", "", row.category)
    if not value:
        return Finding(Status.FAIL, "活动类别没填", "没填")
    if value in ACTIVITY_CATEGORIES:
        return _PASS
    shown = echo(row.category, 10)
    named = [c for c in ACTIVITY_CATEGORIES if c in value]
    if len(named) > 1:
        return Finding(
            Status.FAIL,
            f"写了{len(named)}类，只能选填{ACTIVITY_CATEGORY_CHOICES}项",
            f"写了{len(named)}类",
        )
    near = named or [c for c in ACTIVITY_CATEGORIES if value[:2] == c[:2]]
    if len(near) == 1:
        return Finding(Status.FAIL, f"写成了“{shown}”，应填“{near[0]}”", f"写成“{shown}”")
    return Finding(Status.FAIL, f"“{shown}”不在{_KINDS}类里", f"写成“{shown}”")


def _mandate_finding(row: ActivityRow) -> Finding | None:
    if row.mandated is None:
        return _PASS
    value = re.sub(r"\s+", "", row.mandated).lower()
    if not value or value in NO:
        return _PASS
    if value in YES or value.startswith("是"):
        if _CENTER.search(row.text) and not _GONGXIN.search(row.text):
            return Finding(
                Status.WARN,
                f"标了“是”，但这一行提到{SERVICE_CENTER}：它委托的活动不算，应填“否”，"
                "除非有工信部门盖章的通知或文件",
                f"标了“是”但提到{SERVICE_CENTER}",
            )
        return Finding(Status.WARN, "标了“是”，请确认有盖章的通知或文件", "标了“是”")
    shown = echo(row.mandated, 10)
    return Finding(Status.WARN, f"“{shown}”：这一栏应填“是”或“否”", f"写成“{shown}”")


def _date_finding(row: ActivityRow, year: int) -> Finding | None:
    found = row.date
    if found is None:
        if row.loose:
            return Finding(Status.WARN, "没写日期，无法核对", "没写日期")
        if not row.when:
            return Finding(Status.FAIL, "时间没填", "时间没填")
        shown = echo(row.when, 12)
        return Finding(Status.FAIL, f"看不出日期：“{shown}”", f"时间“{shown}”")
    if not found.valid:
        shown = echo(found.text, 16)
        return Finding(Status.FAIL, f"日期“{shown}”不存在", f"“{shown}”不存在")
    if found.year is not None and found.year != year:
        return Finding(Status.FAIL, f"日期是{found.year}年，不在{year}年内", f"{found.year}年")
    return _PASS


def _columns_finding(row: ActivityRow) -> Finding | None:
    missing = list(row.empty_columns)
    if not row.loose and not row.name:
        missing.insert(0, "活动名称")
    if not missing:
        return _PASS
    text = "空着：" + "、".join(missing)
    return Finding(Status.WARN, text, text)


def check_activities(text: str, *, year: int) -> CheckResult:
    """Every row of a pasted summary table, then what the qualifying rows add up to."""
    rows, unparsed = parse_activities(text)
    rules: dict[str, _Rule] = {
        "people": _Rule(
            f"人数不少于{MIN_PARTICIPANTS}人",
            Clause.ACTIVITY_TABLE,
            explain=f"不足{MIN_PARTICIPANTS}人的活动不计入，也不该填进汇总表",
        ),
        "date": _Rule(f"日期在{year}年内（上年度）", Clause.CATEGORY2),
        "category": _Rule(
            f"活动类别从{_KINDS}类中选填{ACTIVITY_CATEGORY_CHOICES}项",
            Clause.ACTIVITY_CATEGORY,
            explain=f"{_KINDS}类：" + "、".join(ACTIVITY_CATEGORIES),
        ),
        "mandate": _Rule(
            "工信部门委托须有盖章的通知或文件",
            Clause.COMMISSIONED,
            pass_reason="没有标为工信部门委托的活动",
            explain=f"须是{'或'.join(COMMISSIONERS)}盖章的通知或文件；"
            f"没有通知或文件、{'或'.join(NOT_COMMISSIONERS)}委托的，不算",
        ),
        "columns": _Rule("各栏填写完整", Clause.ACTIVITY_TABLE),
        "duplicate": _Rule("没有重复的行", Clause.ACTIVITY_TABLE),
    }
    checks: dict[str, Callable[[ActivityRow], Finding | None]] = {
        "people": _people_finding,
        "date": lambda r: _date_finding(r, year),
        "category": _category_finding,
        "mandate": _mandate_finding,
        "columns": _columns_finding,
    }
    row_findings: dict[int, list[Finding]] = {}
    qualifying = 0
    for index, row in enumerate(rows):
        findings = row_findings.setdefault(index, [])
        for key, check in checks.items():
            finding = check(row)
            if finding is not None:
                rules[key].findings.append((row, finding))
                findings.append(finding)
        when = _date_finding(row, year)
        if _people_finding(row) is None and (when is None or when.status is not Status.FAIL):
            qualifying += 1
    for index, finding in _duplicates(rows):
        rules["duplicate"].findings.append((rows[index], finding))
        row_findings[index].append(finding)
    # Completeness and repeats only get a line when something is wrong; the guide's own
    # rules always get one, so a clean table shows what was checked.
    outcomes = [
        _outcome(rule)
        for key, rule in rules.items()
        if rule.findings or key in {"people", "date", "category", "mandate"}
    ]
    if unparsed:
        outcomes.append(
            RuleOutcome(
                Status.WARN,
                "每行都能看懂",
                f"有{len(unparsed)}行没看懂，没有检查："
                + "；".join(u.message() for u in unparsed[:2])
                + ("等" if len(unparsed) > 2 else ""),
            )
        )
    return CheckResult(
        "活动汇总表检查",
        Clause.ACTIVITY_TABLE,
        tuple(outcomes) if rows else (_nothing(unparsed),),
        subject=_subject(rows, unparsed, qualifying, year),
        notes=_notes(qualifying) if rows else (),
        details=_details(rows, row_findings, unparsed),
    )


def _nothing(unparsed: list[Unparsed]) -> RuleOutcome:
    reason = (
        "没找到活动行。请在“/检查活动”后换行，粘贴从Excel或WPS复制的汇总表行，"
        f"或一行写一场，如“{LOOSE_EXAMPLE}”"
    )
    if unparsed:
        reason = f"{len(unparsed)}行都没看懂。" + reason
    return RuleOutcome(Status.FAIL, "至少有一行活动", reason)


def _duplicates(rows: Sequence[ActivityRow]) -> list[tuple[int, Finding]]:
    """Index and finding of each row whose time and name repeat an earlier row's."""
    seen: dict[tuple[str, str], ActivityRow] = {}
    repeated: list[tuple[int, Finding]] = []
    for index, row in enumerate(rows):
        key = (row.when, row.name)
        if row.name and key in seen:
            repeated.append(
                (
                    index,
                    Finding(
                        Status.WARN,
                        f"和{seen[key].label}的时间、名称都一样，是否重复",
                        f"与{seen[key].label}相同",
                    ),
                )
            )
        else:
            seen[key] = row
    return repeated


def _outcome(rule: _Rule) -> RuleOutcome:
    if not rule.findings:
        return RuleOutcome(Status.PASS, rule.name, rule.pass_reason, rule.clause)
    status = Status.FAIL if any(f.status is Status.FAIL for _, f in rule.findings) else Status.WARN
    shown = [f"{row.label}{f.brief}" for row, f in rule.findings[:SHOWN_IN_SUMMARY]]
    reason = "、".join(shown)
    if len(rule.findings) > SHOWN_IN_SUMMARY:
        reason += f"等{len(rule.findings)}行"
    if rule.explain:
        reason += f"。{rule.explain}"
    return RuleOutcome(status, rule.name, reason, rule.clause)


def _subject(rows: list[ActivityRow], unparsed: list[Unparsed], qualifying: int, year: int) -> str:
    parts = [f"共{len(rows)}行活动"]
    if rows:
        parts.append(f"可计入{qualifying}场（人数不少于{MIN_PARTICIPANTS}人、在{year}年内）")
    if unparsed:
        parts.append(f"{len(unparsed)}行没看懂")
    return "，".join(parts) + "。"


def _notes(qualifying: int) -> tuple[str, ...]:
    notes = [f"服务功能分类2：{category2_readings(qualifying)}（见指南{Clause.CATEGORY2}）。"]
    if qualifying > MAX_PROOF_ACTIVITIES:
        notes.append(
            f"超过{MAX_PROOF_ACTIVITIES}场：只需提供{MAX_PROOF_ACTIVITIES}场活动的证明材料，"
            f"其余{qualifying - MAX_PROOF_ACTIVITIES}场在汇总表里填写即可，"
            f"全部活动都要填进汇总表（见指南{Clause.PROOF}）。"
        )
    return tuple(notes)


def _details(
    rows: list[ActivityRow], findings: dict[int, list[Finding]], unparsed: list[Unparsed]
) -> tuple[str, ...]:
    lines = ["逐行明细："]
    fine: list[str] = []
    for index, row in enumerate(rows):
        problems = findings.get(index, [])
        if not problems:
            fine.append(f"序号{row.serial}" if row.serial else f"第{row.line}行")
            continue
        worst = "❌" if any(f.status is Status.FAIL for f in problems) else "⚠️"
        lines.append(f"{worst} {row.label}：" + "；".join(f.reason for f in problems))
    if fine:
        lines.append("✅ 没发现问题：" + "、".join(fine))
    lines.extend(f"⚠️ {u.message()}" for u in unparsed)
    return tuple(lines) if len(lines) > 1 else ()
