"""The outcome of a rule check and how it reads as plain text.

Every check returns a `CheckResult`: one `RuleOutcome` per rule (✅, ❌ or ⚠️ with the reason
and the clause, and a stable `key` such as ``name.banned``), a few summary lines, and optional
long details; a table check also says per row which rules the row breaks (`RowVerdict`) and
what the rows add up to (`counts`). `to_reply` turns results into a `Reply` whose `text` is the
short verdict (what a group sees) and whose `detail` holds the per-row listing (private chat
only). The keys, row verdicts and counts are for callers and tests; users read the lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.guide.rules import GUIDE
from bot.reply import Reply, ReplyKind


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    """Not a breach of the guide, but something the user must confirm themselves."""


MARKS = {Status.PASS: "✅", Status.FAIL: "❌", Status.WARN: "⚠️"}

ECHO_LIMIT = 40
"""Echoed user text is cut to this many characters so a reply never becomes a wall."""


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """User text as it may be quoted back: one line, cut when long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    status: Status
    rule: str
    """The rule in a few words, e.g. 须以“平台”结尾."""
    reason: str = ""
    """Why it passed or failed, naming what the user wrote; empty for a plain pass."""
    clause: str | None = None
    """Where the guide says so, e.g. （一）1; None when it is the check's main clause."""
    key: str = ""
    """Which rule this is, stable across wordings (name.banned, activities.people)."""

    def line(self, main_clause: str | None = None) -> str:
        text = f"{MARKS[self.status]} {self.rule}"
        if self.reason:
            text += f"：{self.reason}"
        if self.clause and self.clause != main_clause:
            text += f"（见指南{self.clause}）"
        return text


def passed(rule: str, reason: str = "", clause: str | None = None, *, key: str = "") -> RuleOutcome:
    return RuleOutcome(Status.PASS, rule, reason, clause, key)


def failed(rule: str, reason: str, clause: str | None = None, *, key: str = "") -> RuleOutcome:
    return RuleOutcome(Status.FAIL, rule, reason, clause, key)


def warned(rule: str, reason: str, clause: str | None = None, *, key: str = "") -> RuleOutcome:
    return RuleOutcome(Status.WARN, rule, reason, clause, key)


@dataclass(frozen=True, slots=True)
class RowVerdict:
    """What one row of a table breaks: (rule key, status) per finding, none when it is fine."""

    label: str
    """How replies name the row: 序号3, 第7行, 工作表“Sheet1”第12行（序号10）."""
    line: int
    """The line of the paste or the sheet row."""
    serial: str
    problems: tuple[tuple[str, Status], ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.problems)


@dataclass(frozen=True, slots=True)
class CheckResult:
    title: str
    """What was checked, e.g. 平台名称检查."""
    clause: str
    """The guide's clause most rules rest on; cited once at the end."""
    outcomes: tuple[RuleOutcome, ...]
    subject: str | None = None
    """A short echo of what was checked (the name, the selection)."""
    notes: tuple[str, ...] = ()
    """Summary lines after the rules (counts, what the numbers allow)."""
    details: tuple[str, ...] = field(default=())
    """Long per-item lines: sent in private chat, left out in groups."""
    rows: tuple[RowVerdict, ...] = ()
    """Per row of a table check, in order."""
    counts: Mapping[str, int] = field(default_factory=dict)
    """What a table adds up to: ``counted`` (activities that count) and one per 活动类别."""

    def outcome(self, key: str) -> RuleOutcome | None:
        """The outcome of the rule `key`, if this check judged it."""
        return next((o for o in self.outcomes if o.key == key), None)

    @property
    def failures(self) -> int:
        return sum(o.status is Status.FAIL for o in self.outcomes)

    @property
    def warnings(self) -> int:
        return sum(o.status is Status.WARN for o in self.outcomes)

    @property
    def ok(self) -> bool:
        return self.failures == 0

    @property
    def verdict(self) -> str:
        # Deliberately no 不符合 in the passing verdicts: users scan for that word.
        if self.failures:
            return f"❌ 不符合，有{self.failures}处要改"
        if self.warnings:
            return f"⚠️ 有{self.warnings}处请你核对"
        return "✅ 符合要求"

    def lines(self) -> list[str]:
        head = [f"{self.title}：{self.verdict}"]
        if self.subject:
            head.append(self.subject)
        return [*head, *(o.line(self.clause) for o in self.outcomes), *self.notes]


def to_reply(results: Sequence[CheckResult] | CheckResult) -> Reply:
    """One reply for one or several checks of the same message."""
    if isinstance(results, CheckResult):
        results = [results]
    if not results:
        raise ValueError("to_reply needs at least one result")
    blocks = ["\n".join(r.lines()) for r in results]
    details = [d for r in results for d in r.details]
    clauses = _unique(r.clause for r in results)
    text = "\n\n".join(blocks)
    if len(clauses) > 1:
        text += f"\n依据：{GUIDE}" + "、".join(clauses)
    return Reply(
        ReplyKind.CHECK,
        text,
        clause=clauses[0] if len(clauses) == 1 else None,
        detail="\n".join(details) or None,
    )


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
