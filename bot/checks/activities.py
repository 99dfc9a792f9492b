"""The check of the activity summary table 附件1: `check_activity_rows` holds rows from any
reader (a paste, a spreadsheet, a Word table) against the guide's rules; `check_activities`
reads pasted text into rows first.

Per row (`row_rules`): 人数, 时间, 活动类别, 参加企业数, the other fields, 工信部门委托. Across
rows: 序号 in order without repeats, no row twice, no column missing. Then what the rows add
up to: activities that count (enough people, in the reporting year), per 活动类别, what that
allows for 分类2 (（一）3, both readings at 6 and 9), and when proof for fewer is enough （二）.
A long table is summarised: the short verdict names a few rows per rule, the details list the
first rows with problems and say how many more there are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.checks.activity_table import LOOSE_EXAMPLE, Unparsed, parse_table
from bot.checks.category import category2_readings
from bot.checks.result import CheckResult, RowVerdict, RuleOutcome, Status
from bot.checks.row_rules import KINDS, Finding, row_date, row_findings
from bot.checks.rows import (
    CATEGORY,
    COLUMNS,
    FIRMS,
    NAME,
    PEOPLE,
    PLACE,
    SERIAL,
    WHEN,
    Origin,
    SourceRow,
    read_count,
)
from bot.guide.rules import (
    ACTIVITIES_PER_FUNCTION,
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    COMMISSION_PROOF,
    COMMISSIONERS,
    MAX_PROOF_ACTIVITIES,
    MIN_PARTICIPANTS,
    NOT_COMMISSIONERS,
    Clause,
)

TITLE = "活动汇总表检查"
SHOWN_IN_SUMMARY = 3
"""Rows named per rule in the short verdict; the rest are in the details."""
DETAIL_ROWS = 20
"""Rows with problems listed one by one; after them one line says how many more."""
_KEY = "activities."
"""Outcome keys are activities.<rule>; a row's findings use the bare rule (people, date …)."""
COUNTED = "counted"
"""The key of `CheckResult.counts` for the activities that count."""


def reporting_year(configured: int | None, today: date) -> int:
    """The year activities must lie in: the setting, or the previous calendar year."""
    return configured if configured is not None else today.year - 1


@dataclass
class _Rule:
    key: str
    name: str
    clause: str | None
    explain: str = ""
    """Said once after the rows that break the rule."""
    pass_reason: str = ""
    always: bool = True
    """Shown as ✅ when no row breaks it; otherwise only when broken."""
    findings: list[tuple[SourceRow, Finding]] = field(default_factory=list)


def _rules(year: int) -> dict[str, _Rule]:
    rules = [
        _Rule(
            "people",
            f"人数不少于{MIN_PARTICIPANTS}人",
            Clause.ACTIVITY_TABLE,
            explain=f"不足{MIN_PARTICIPANTS}人的活动不计入，也不该填进汇总表",
        ),
        _Rule("date", f"日期在{year}年内（上年度）", Clause.CATEGORY2),
        _Rule(
            "category",
            f"活动类别从{KINDS}类中选填{ACTIVITY_CATEGORY_CHOICES}项",
            Clause.ACTIVITY_CATEGORY,
            explain=f"{KINDS}类：" + "、".join(ACTIVITY_CATEGORIES),
        ),
        _Rule("firms", "参加企业数填具体数字", Clause.ACTIVITY_TABLE),
        _Rule(
            "mandate",
            "工信部门委托须有盖章的通知或文件",
            Clause.COMMISSIONED,
            pass_reason="没有标为工信部门委托的活动",
            explain=f"只认{'或'.join(COMMISSIONERS)}{COMMISSION_PROOF}；"
            f"没有通知或文件、{'或'.join(NOT_COMMISSIONERS)}委托的，都填“否”",
        ),
        _Rule("fields", "各栏填写完整", Clause.ACTIVITY_TABLE, always=False),
        _Rule("serial", "序号从1起依次排列、不重复", Clause.ACTIVITY_TABLE, always=False),
        _Rule("duplicate", "没有重复的行", Clause.ACTIVITY_TABLE, always=False),
    ]
    return {rule.key: rule for rule in rules}


def check_activities(text: str, *, year: int) -> CheckResult:
    """A pasted summary table: read into rows, then `check_activity_rows`."""
    table = parse_table(text)
    return check_activity_rows(table.rows, year=year, unread=table.unparsed)


def check_activity_rows(
    rows: Sequence[SourceRow], *, year: int, unread: Sequence[Unparsed] = ()
) -> CheckResult:
    """Every row against the guide's rules, then what the rows that count add up to.

    `rows` come from any reader; `unread` are lines a reader could not make a row of, named
    in the report. `year` is the reporting year (上年度) the dates must lie in."""
    rules = _rules(year)
    per_row: list[list[Finding]] = [row_findings(row, year) for row in rows]
    for row, findings in zip(rows, per_row, strict=True):
        for finding in findings:
            rules[finding.key].findings.append((row, finding))
    for index, finding in _serial_findings(rows):
        per_row[index].append(finding)
        rules["serial"].findings.append((rows[index], finding))
    repeated = _duplicates(rows)
    for index, finding in repeated.items():
        per_row[index].append(finding)
        rules["duplicate"].findings.append((rows[index], finding))
    counted = [
        row
        for index, row in enumerate(rows)
        if index not in repeated and _counts(row, per_row[index])
    ]
    outcomes = [
        _outcome(rule)
        for rule in rules.values()
        if rule.findings or (rule.always and _judged(rule.key, rows))
    ]
    missing = _missing_columns(rows)
    if missing:
        outcomes.append(
            RuleOutcome(
                Status.FAIL, "各列齐全", "缺" + "、".join(missing) + "这几列", key=_KEY + "header"
            )
        )
    if unread:
        outcomes.append(
            RuleOutcome(
                Status.WARN,
                "每行都能看懂",
                f"有{len(unread)}行没看懂，没有检查："
                + "；".join(u.message() for u in unread[:2])
                + ("等" if len(unread) > 2 else ""),
                key=_KEY + "parse",
            )
        )
    by_category = Counter(
        row.get(CATEGORY).strip()
        for row in counted
        if row.get(CATEGORY).strip() in ACTIVITY_CATEGORIES
    )
    return CheckResult(
        TITLE,
        Clause.ACTIVITY_TABLE,
        tuple(outcomes) if rows else (_nothing(unread),),
        subject=_subject(rows, unread, len(counted), year),
        notes=_notes(counted, by_category) if rows else (),
        details=_details(rows, per_row, unread),
        rows=tuple(
            RowVerdict(row.label, row.line, row.serial, tuple((f.key, f.status) for f in found))
            for row, found in zip(rows, per_row, strict=True)
        ),
        counts={COUNTED: len(counted), **by_category},
    )


def _counts(row: SourceRow, findings: Sequence[Finding]) -> bool:
    """Whether the row is an activity that counts: enough people, in the reporting year."""
    if not row.has(PEOPLE) or read_count(row.get(PEOPLE)).value is None:
        return False
    return not any(
        f.key == "people" or (f.key == "date" and f.status is Status.FAIL) for f in findings
    )


_RULE_COLUMNS = {"people": PEOPLE, "date": WHEN, "category": CATEGORY, "firms": FIRMS}


def _judged(key: str, rows: Sequence[SourceRow]) -> bool:
    """Whether any row has what rule `key` looks at (a ✅ for a column no row has says nothing);
    a typed line is held to every rule but 参加企业数, which it never states."""
    column = _RULE_COLUMNS.get(key)
    if column is None:
        return bool(rows)
    return any(row.has(column) or (row.origin is Origin.LINE and key != "firms") for row in rows)


def _missing_columns(rows: Sequence[SourceRow]) -> list[str]:
    table_rows = [row for row in rows if row.origin is not Origin.LINE]
    if not table_rows:
        return []
    return [c for c in COLUMNS if not any(row.has(c) for row in table_rows)]


_SERIAL_NUMBER = re.compile(r"^\s*(\d{1,5})\s*[.、)）]?\s*$")


def _serial_findings(rows: Sequence[SourceRow]) -> list[tuple[int, Finding]]:
    """序号 in order from 1, none repeated, none empty where the column is there."""
    found: list[tuple[int, Finding]] = []
    expected = 1
    seen: dict[int, str] = {}
    for index, row in enumerate(rows):
        if not row.has(SERIAL):
            continue
        text = row.serial
        if not text:
            if row.origin is not Origin.LINE:
                found.append((index, Finding("serial", Status.WARN, "没填序号", "没填序号")))
            continue
        m = _SERIAL_NUMBER.match(text)
        if m is None:
            brief = f"序号“{text[:10]}”"
            found.append((index, Finding("serial", Status.WARN, f"{brief}不是数字", brief)))
            continue
        number = int(m.group(1))
        if number in seen:
            found.append(
                (index, Finding("serial", Status.FAIL, f"序号与{seen[number]}重复", "序号重复"))
            )
        elif number > expected:
            gap = str(expected) if number == expected + 1 else f"{expected}–{number - 1}"
            found.append(
                (index, Finding("serial", Status.WARN, f"前面少了序号{gap}", f"前面缺序号{gap}"))
            )
        elif number < expected:
            found.append(
                (
                    index,
                    Finding(
                        "serial",
                        Status.WARN,
                        f"排在序号{expected - 1}后面，顺序不对",
                        "顺序不对",
                    ),
                )
            )
        seen.setdefault(number, row.ref)
        expected = max(expected, number + 1)
    return found


def _duplicates(rows: Sequence[SourceRow]) -> dict[int, Finding]:
    """Rows whose time, place and name repeat an earlier row's: likely pasted twice."""
    seen: dict[tuple[str, ...], SourceRow] = {}
    repeated: dict[int, Finding] = {}
    for index, row in enumerate(rows):
        found = row_date(row)
        when = (
            f"{found.year}-{found.month}-{found.day}" if found else "".join(row.get(WHEN).split())
        )
        key = (when, "".join(row.get(PLACE).split()), "".join(row.get(NAME).split()))
        if not key[2]:
            continue
        if key in seen:
            earlier = seen[key].label
            repeated[index] = Finding(
                "duplicate",
                Status.WARN,
                f"和{earlier}的时间、地点、名称都一样，是否重复（重复的只算一次）",
                f"与{earlier}相同",
            )
        else:
            seen[key] = row
    return repeated


def _outcome(rule: _Rule) -> RuleOutcome:
    if not rule.findings:
        return RuleOutcome(Status.PASS, rule.name, rule.pass_reason, rule.clause, _KEY + rule.key)
    status = Status.FAIL if any(f.status is Status.FAIL for _, f in rule.findings) else Status.WARN
    shown = [f"{row.label}{f.brief}" for row, f in rule.findings[:SHOWN_IN_SUMMARY]]
    reason = "、".join(shown)
    if len(rule.findings) > SHOWN_IN_SUMMARY:
        reason += f"等{len(rule.findings)}行"
    if rule.explain:
        reason += f"。{rule.explain}"
    return RuleOutcome(status, rule.name, reason, rule.clause, _KEY + rule.key)


def _nothing(unread: Sequence[Unparsed]) -> RuleOutcome:
    reason = (
        "没找到活动行。请在“/检查活动”后换行，粘贴从Excel或WPS复制的汇总表行，"
        f"或一行写一场，如“{LOOSE_EXAMPLE}”"
    )
    if unread:
        reason = f"{len(unread)}行都没看懂。" + reason
    return RuleOutcome(Status.FAIL, "至少有一行活动", reason, key=_KEY + "rows")


def _subject(rows: Sequence[SourceRow], unread: Sequence[Unparsed], counted: int, year: int) -> str:
    parts = [f"共{len(rows)}行活动"]
    if rows:
        parts.append(f"可计入{counted}场（人数不少于{MIN_PARTICIPANTS}人、在{year}年内）")
    if unread:
        parts.append(f"{len(unread)}行没看懂")
    return "，".join(parts) + "。"


def _notes(counted: Sequence[SourceRow], by_category: Counter[str]) -> tuple[str, ...]:
    total = len(counted)
    notes = []
    if total:
        listed = "、".join(f"{c}{by_category[c]}场" for c in ACTIVITY_CATEGORIES if by_category[c])
        other = total - sum(by_category.values())
        line = f"可计入的按活动类别：{listed or '没有填对类别的'}"
        if other:
            line += f"；另有{other}场类别没填或不在{KINDS}类里"
        notes.append(line + "。")
    each = (
        f"；所选每项都要有至少{ACTIVITIES_PER_FUNCTION}场与该项相关的专场活动"
        if total >= ACTIVITIES_PER_FUNCTION
        else ""
    )
    notes.append(f"服务功能分类2：{category2_readings(total)}{each}（见指南{Clause.CATEGORY2}）。")
    if total > MAX_PROOF_ACTIVITIES:
        notes.append(
            f"超过{MAX_PROOF_ACTIVITIES}场：只需提供{MAX_PROOF_ACTIVITIES}场活动的证明材料，"
            f"其余{total - MAX_PROOF_ACTIVITIES}场在汇总表里填写即可，"
            f"全部活动都要填进汇总表（见指南{Clause.PROOF}）。"
        )
    return tuple(notes)


def _details(
    rows: Sequence[SourceRow], per_row: Sequence[Sequence[Finding]], unread: Sequence[Unparsed]
) -> tuple[str, ...]:
    lines = ["逐行明细："]
    problem_rows = [(row, found) for row, found in zip(rows, per_row, strict=True) if found]
    for row, found in problem_rows[:DETAIL_ROWS]:
        worst = "❌" if any(f.status is Status.FAIL for f in found) else "⚠️"
        lines.append(f"{worst} {row.label}：" + "；".join(f.reason for f in found))
    if len(problem_rows) > DETAIL_ROWS:
        rest = len(problem_rows) - DETAIL_ROWS
        lines.append(
            f"{problem_rows[DETAIL_ROWS][0].ref}起还有{rest}行有问题，请先改好上面的再发。"
        )
    fine = len(rows) - len(problem_rows)
    if fine:
        lines.append(
            f"✅ 其余{fine}行没发现问题。" if problem_rows else f"✅ {fine}行都没发现问题。"
        )
    lines.extend(f"⚠️ {u.message()}" for u in unread[:DETAIL_ROWS])
    if len(unread) > DETAIL_ROWS:
        lines.append(f"还有{len(unread) - DETAIL_ROWS}行没看懂。")
    return tuple(lines) if len(lines) > 1 else ()
