"""The activity summary table 附件1, pasted from Excel/WPS or typed one activity a line.

Each row is checked against the guide: at least 10 participants (附件1 heading; fewer and the
row does not belong in the table), 活动类别 one of five (说明1), a 是 for 工信部门委托 needs a
stamped notice (说明2, a reminder: the bot cannot see the notice), and the date in the
reporting year (（一）3 上年度). The summary says how many activities qualify, what that
allows for 分类2, and that above 20 only 20 need proof material （二）.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.checks.category import category2_readings
from bot.checks.dates import FoundDate, find_date
from bot.checks.figures import digits
from bot.checks.result import CheckResult, RuleOutcome, Status, echo
from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    ACTIVITY_TABLE_COLUMNS,
    COMMISSIONERS,
    MAX_PROOF_ACTIVITIES,
    MIN_PARTICIPANTS,
    NOT_COMMISSIONERS,
    Clause,
)
from bot.text.normalize import chinese_numeral, to_simplified

COLUMNS = ACTIVITY_TABLE_COLUMNS
LOOSE_EXAMPLE = "3月5日 政策宣讲会 25人"
MAX_ROWS = 1000
"""More rows than this are not checked one by one (a paste that long is not one table)."""
SHOWN_IN_SUMMARY = 3
"""Rows named per rule in the short verdict; the rest are in the details."""

_YES = frozenset({"是", "是的", "y", "yes", "√", "✓", "✔", "委托"})
_NO = frozenset({"否", "不是", "n", "no", "×", "✗", "无", "非", "/", "-", "—", "——", "0"})
_SERIAL = re.compile(r"^\s*(\d{1,3})(?:\s*[、)）]|\.(?!\d)|\s+(?=\D))\s*")
_PEOPLE_LABELLED = re.compile(
    r"(?:人数|参加人员|参与人数|参会人数|参加人数)\s*[:：]?\s*(\d{1,6})\s*(?:人次|人|名)?"
)
_PEOPLE = re.compile(r"(?<![\d.])(\d{1,6})\s*(?:余|多)?\s*(?:人次|人|名)")
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
_CHINESE_PEOPLE = re.compile(
    rf"人数\s*[:：]?\s*{_CN_NUMERAL}|{_CN_NUMERAL}\s*(?:余|多)?\s*(?:人次|人|名)"
)
_MANDATE_YES = re.compile(r"(?<!非)(?<!不是)工信(?:部门|厅|局)?委托|委托\s*[:：]\s*是")
_MANDATE_NO = re.compile(r"非工信(?:部门)?委托|不是工信(?:部门)?委托|委托\s*[:：]\s*否")
_SKIP_LINE = re.compile(r"汇总表|仅指|^\s*(?:说明|注)\s*[:：0-9、]|^\s*合计")
_JUNK = re.compile(r"^[\s,，;；:：、。.·\-—_|/]+|[\s,，;；:：、。.·\-—_|/]+$")
_CENTER = re.compile(r"中小微?企业.{0,6}?服务中心")
_GONGXIN = re.compile(r"工信")
_KINDS = chinese_numeral(len(ACTIVITY_CATEGORIES))
"""How many 活动类别 there are, as the replies write it (五类)."""


@dataclass(frozen=True, slots=True)
class ActivityRow:
    line: int
    """Line of the paste the row starts on (1-based)."""
    serial: str
    name: str
    when: str
    participants: str
    category: str | None
    """None when the row did not give one (a loose line)."""
    mandated: str | None
    text: str
    """The whole row, for hints such as a 中小企业服务中心 named in it."""
    loose: bool = False
    date: FoundDate | None = None
    empty_columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        where = f"序号{self.serial}" if self.serial else f"第{self.line}行"
        return f"{where}「{echo(self.name, 12)}」" if self.name else where

    @property
    def people(self) -> int | None:
        match = re.search(r"\d+", digits(self.participants))
        return int(match.group(0)) if match else None


@dataclass(frozen=True, slots=True)
class Unparsed:
    line: int
    text: str
    reason: str

    def message(self) -> str:
        return f"第{self.line}行看不懂（{self.reason}）：{echo(self.text, 30)}"


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


def parse_activities(text: str) -> tuple[list[ActivityRow], list[Unparsed]]:
    """Rows of the summary table in `text`; lines that are not rows come back as `Unparsed`."""
    rows: list[ActivityRow] = []
    unparsed: list[Unparsed] = []
    for line_no, cells in _records(to_simplified(text)):
        cells = [c.strip() for c in cells]
        joined = " ".join(c for c in cells if c)
        # Title and note lines of 附件1 are skipped; a real row may mention 汇总表 in its content.
        title = len(cells) < 10 and _SKIP_LINE.search(joined)
        if not joined or title or _is_header(cells):
            continue
        if len(rows) + len(unparsed) >= MAX_ROWS:
            unparsed.append(Unparsed(line_no, joined, f"超过{MAX_ROWS}行，后面的没有检查"))
            break
        parsed = _table_row(line_no, cells) if len(cells) >= 10 else None
        if parsed is None and len(cells) > 11 and any(cells[11:]):
            unparsed.append(
                Unparsed(line_no, joined, f"有{len(cells)}列，汇总表应为{len(COLUMNS)}列")
            )
            continue
        result = parsed or _loose_row(line_no, joined)
        if isinstance(result, ActivityRow):
            rows.append(result)
        else:
            unparsed.append(result)
    return rows, unparsed


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line number, cells) per record; tab-separated rows may hold quoted multi-line cells."""
    if "\t" not in text:
        for i, line in enumerate(text.splitlines(), 1):
            yield i, [line]
        return
    reader = csv.reader(io.StringIO(text), delimiter="\t", strict=False)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        # An unbalanced quote: fall back to plain lines rather than lose the rest.
        for i, line in enumerate(text.splitlines()[start - 1 :], start):
            yield i, line.split("\t")


def _is_header(cells: Sequence[str]) -> bool:
    flat = [re.sub(r"\s+", "", c) for c in cells]
    if len(flat) == 1:
        flat = re.split(r"\s+", cells[0].strip())
    return sum(c in COLUMNS or c in {"参加企业数", "时间", "人数"} for c in flat) >= 3


def _table_row(line_no: int, cells: list[str]) -> ActivityRow | None:
    if len(cells) > 11 and not any(cells[11:]):
        cells = cells[:11]
    if len(cells) == 10:
        cells = _align_ten(cells)
    if len(cells) != 11:
        return None
    serial, when, name, people, category, mandated = (cells[i] for i in (0, 1, 3, 8, 9, 10))
    empty = tuple(
        column
        for column, value in zip(COLUMNS[1:9], cells[1:9], strict=True)
        if not value and column not in {"活动名称", "时间", "人数"}
    )
    return ActivityRow(
        line=line_no,
        serial=serial,
        name=name,
        when=when,
        participants=people,
        category=category,
        mandated=mandated,
        text=" ".join(cells),
        date=find_date(when, cell=True) if when else None,
        empty_columns=empty,
    )


def _align_ten(cells: list[str]) -> list[str]:
    """Ten cells: either 序号 was lost (chat clients trim a leading tab) or the last column."""
    last = cells[9].lower()
    if last in _YES or last in _NO or find_date(cells[0], cell=True) is not None:
        return ["", *cells]
    return [*cells, ""]


def _loose_row(line_no: int, line: str) -> ActivityRow | Unparsed:
    rest = line
    serial = ""
    if m := _SERIAL.match(rest):
        serial, rest = m.group(1), rest[m.end() :]
    found = find_date(rest)
    if found:
        rest = rest[: found.start] + " " + rest[found.end :]
    numeric = digits(rest)
    people = _PEOPLE_LABELLED.search(numeric) or _PEOPLE.search(numeric)
    if people is None:
        reason = "没看出人数，请写成“25人”" if found else f"没看出日期和人数，如“{LOOSE_EXAMPLE}”"
        return Unparsed(line_no, line, reason)
    # The count was found in the digit form; cut it from the text in whichever form it has.
    if people.group(0) in rest:
        rest = rest.replace(people.group(0), " ", 1)
    else:
        rest = _CHINESE_PEOPLE.sub(" ", rest, count=1)
    categories = [c for c in ACTIVITY_CATEGORIES if c in rest]
    for c in categories:
        rest = rest.replace(c, " ")
    mandated: str | None = None
    if _MANDATE_NO.search(rest):
        mandated = "否"
    elif _MANDATE_YES.search(rest):
        mandated = "是"
    rest = _MANDATE_NO.sub(" ", _MANDATE_YES.sub(" ", rest))
    rest = re.sub(r"活动类别\s*[:：]?|人数\s*[:：]?|(?:参加|参与)(?=\s|$)", " ", rest)
    name = _JUNK.sub("", re.sub(r"\s+", " ", rest))
    return ActivityRow(
        line=line_no,
        serial=serial,
        name=name,
        when=found.text if found else "",
        participants=people.group(1),
        category="、".join(categories) if categories else None,
        mandated=mandated,
        text=line,
        loose=True,
        date=found,
    )


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
    if not value or value in _NO:
        return _PASS
    if value in _YES or value.startswith("是"):
        if _CENTER.search(row.text) and not _GONGXIN.search(row.text):
            return Finding(
                Status.WARN,
                "标了“是”，但这一行提到中小企业服务中心：它委托的活动不算，应填“否”，"
                "除非有工信部门盖章的通知或文件",
                "标了“是”但提到中小企业服务中心",
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
