"""典型案例 （一）7: written as 主要做法 + 服务成效, and the 服务成效 part states the number of
enterprises, the number of people and the results."""

from __future__ import annotations

import re

from bot.checks.figures import has_enterprise_count, has_people_count, has_results
from bot.checks.result import CheckResult, RuleOutcome, failed, passed, warned
from bot.guide.rules import CASE_FIGURES, CASE_PARTS, Clause
from bot.text.normalize import to_simplified

METHODS, RESULTS = CASE_PARTS
_MIN_PART = 4
"""A part with fewer characters than this is only a heading."""
_HEADING_TAIL = re.compile(r"^[\s:：、.．)）】\]」』]*")


def _part(text: str, start: int, end: int | None) -> str:
    body = text[start:end] if end is not None else text[start:]
    return _HEADING_TAIL.sub("", body).strip()


def check_case(raw: str) -> CheckResult:
    """Both parts present in order, and the figures （一）7 asks for in 服务成效."""
    text = to_simplified(raw).strip()
    if not text:
        return CheckResult(
            "典型案例检查",
            Clause.CASE,
            (failed("要有案例内容", "没收到案例，请在“/检查案例”后面粘贴案例全文"),),
        )
    methods_at = text.find(METHODS)
    results_at = text.find(RESULTS)
    outcomes: list[RuleOutcome] = []
    format_rule = f"按“{METHODS}+{RESULTS}”格式填写"
    missing = [p for p, at in ((METHODS, methods_at), (RESULTS, results_at)) if at < 0]
    if missing:
        named = "、".join(f"“{m}”" for m in missing)
        outcomes.append(failed(format_rule, f"没找到{named}部分，请加上小标题"))
    elif methods_at > results_at:
        outcomes.append(
            warned(format_rule, f"“{RESULTS}”写在了“{METHODS}”前面，建议先做法后成效")
        )
    else:
        outcomes.append(passed(format_rule))

    if methods_at >= 0:
        end = results_at if results_at > methods_at else None
        if len(_part(text, methods_at + len(METHODS), end)) < _MIN_PART:
            outcomes.append(failed(f"{METHODS}要有内容", f"“{METHODS}”下面没写内容"))

    # Without a 服务成效 heading the figures are still looked for in the whole text, so the
    # user learns everything that is missing in one go.
    if results_at >= 0:
        end = methods_at if methods_at > results_at else None
        effect = _part(text, results_at + len(RESULTS), end)
        where = f"{RESULTS}里"
    else:
        effect, where = text, "案例里"
    if results_at >= 0 and len(effect) < _MIN_PART:
        outcomes.append(failed(f"{RESULTS}要有内容", f"“{RESULTS}”下面没写内容"))
    else:
        outcomes.extend(_figures(effect, where))
    return CheckResult("典型案例检查", Clause.CASE, tuple(outcomes))


def _figures(effect: str, where: str) -> list[RuleOutcome]:
    enterprises, people, results = CASE_FIGURES
    rules = (
        (f"{RESULTS}写明服务的{enterprises}", has_enterprise_count, "如“服务企业120家”"),
        (f"{RESULTS}写明服务的{people}", has_people_count, "如“参加人数350人”"),
        (f"{RESULTS}写明取得的{results}", has_results, f"写清取得了什么{results}，最好有数字"),
    )
    return [
        passed(rule) if found(effect) else failed(rule, f"{where}没看到具体数字或内容，{example}")
        for rule, found, example in rules
    ]
