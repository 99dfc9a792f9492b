"""The shared result model and its plain-text rendering."""

from __future__ import annotations

import pytest

from bot.checks.result import CheckResult, Status, echo, failed, passed, to_reply, warned
from bot.reply import ReplyKind


def result(
    *statuses: Status, clause: str = "（一）1", details: tuple[str, ...] = ()
) -> CheckResult:
    make = {Status.PASS: passed, Status.FAIL: failed, Status.WARN: warned}
    outcomes = tuple(make[s](f"规则{i}", f"原因{i}") for i, s in enumerate(statuses))
    return CheckResult("测试检查", clause, outcomes, details=details)


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        pytest.param((Status.PASS, Status.PASS), "✅ 符合要求", id="all-pass"),
        pytest.param((Status.PASS, Status.FAIL, Status.FAIL), "❌ 不符合，有2处要改", id="fail"),
        pytest.param((Status.PASS, Status.WARN), "⚠️ 有1处请你核对", id="warn"),
        pytest.param((Status.WARN, Status.FAIL), "❌ 不符合，有1处要改", id="fail-wins"),
    ],
)
def test_verdict(statuses: tuple[Status, ...], verdict: str) -> None:
    """The verdict counts failures first, then warnings."""
    assert result(*statuses).verdict == verdict


def test_passing_verdict_never_says_not_compliant() -> None:
    """Users scan for 不符合 and ❌: a pass or a warning shows neither."""
    for statuses in ((Status.PASS,), (Status.PASS, Status.WARN)):
        text = to_reply(result(*statuses)).render()
        assert "不符合" not in text
        assert "❌" not in text


def test_rule_lines_carry_mark_reason_and_foreign_clause() -> None:
    """Each rule line has its mark and reason; a clause other than the main one is named."""
    outcome = failed("须以“平台”结尾", "后面还有“（苏州）”", "附件1")
    assert outcome.line("（一）1") == "❌ 须以“平台”结尾：后面还有“（苏州）”（见指南附件1）"
    assert outcome.line("附件1") == "❌ 须以“平台”结尾：后面还有“（苏州）”"
    assert passed("规则").line() == "✅ 规则"


def test_to_reply_one_result() -> None:
    """One result: CHECK kind, its clause cited once, details kept apart."""
    reply = to_reply(result(Status.PASS, details=("明细1", "明细2")))
    assert reply.kind is ReplyKind.CHECK
    assert reply.clause == "（一）1"
    assert reply.detail == "明细1\n明细2"
    assert "明细" not in reply.text
    assert reply.render().endswith("依据：填报指南（一）1")
    assert "明细1" not in reply.render(with_detail=False)


def test_to_reply_several_results_cites_all_clauses() -> None:
    """Several checks in one message are separated and all their clauses cited."""
    reply = to_reply([result(Status.PASS), result(Status.FAIL, clause="（一）2")])
    assert reply.text.count("测试检查") == 2
    assert reply.text.endswith("依据：填报指南（一）1、（一）2")


def test_to_reply_needs_a_result() -> None:
    """An empty list is a programming error, said plainly."""
    with pytest.raises(ValueError, match="at least one"):
        to_reply([])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("短", "短", id="short"),
        pytest.param("a\nb\tc", "a b c", id="flattened"),
        pytest.param("字" * 50, "字" * 40 + "…", id="cut"),
    ],
)
def test_echo(text: str, expected: str) -> None:
    """Echoed user text is one line and cut when long."""
    assert echo(text) == expected
