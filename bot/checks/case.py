"""典型案例 （一）7: written as 主要做法 + 服务成效, and the 服务成效 part states the number of
enterprises, the number of people and the results.

The two parts are found under the guide's words or the ones authors use for them (做法,
主要举措 / 成效, 取得成效, 服务效果); other words pass, with a hint to use the guide's. Figures
are read in digits or words (六十八家, 68位负责人, 120余人); a vague amount (上百家) is said to
be one rather than missed.
"""

from __future__ import annotations

import re

from bot.checks.figures import (
    has_enterprise_count,
    has_people_count,
    has_results,
    vague_enterprises,
    vague_people,
)
from bot.checks.result import CheckResult, RuleOutcome, failed, passed, warned
from bot.guide.rules import CASE_FIGURES, CASE_PARTS, Clause
from bot.text.normalize import to_simplified

METHODS, RESULTS = CASE_PARTS
_MIN_PART = 4
"""A part with fewer characters than this is only a heading."""
_HEADING_TAIL = re.compile(r"^[\s:：、.．)）】\]」』]*")
# A heading: at a line start (after numbering or a bracket) and followed by a colon, a
# bracket or the line's end.
_LEAD = (
    r"(?:^|\n)\s*(?:[一二三四五六七八九十\d]+\s*[、.．]|"
    r"[（(【\[]?\s*[一二三四五六七八九十\d]*\s*[)）】\]]?)?\s*[【\[]?"
)
_METHOD_WORDS = (
    r"(?:主要做法|具体做法|工作做法|服务做法|做法|主要举措|具体举措|举措|主要措施|具体措施)"
)
_RESULT_WORDS = (
    r"(?:服务成效|取得成效|主要成效|工作成效|实施成效|成效|服务效果|实施效果|取得效果|"
    r"服务成果|主要成果)"
)
_METHODS_AT = re.compile(_LEAD + _METHOD_WORDS + r"\s*[】\]]?\s*(?=[:：\n]|$)")
_RESULTS_AT = re.compile(_LEAD + _RESULT_WORDS + r"\s*[】\]]?\s*(?=[:：\n]|$)")


def _part(text: str, start: int, end: int | None) -> str:
    body = text[start:end] if end is not None else text[start:]
    return _HEADING_TAIL.sub("", body).strip()


def _heading(text: str, exact: str, pattern: re.Pattern[str]) -> tuple[int, int, bool]:
    """(start, end, written as the guide writes it) of a part's heading; (-1, -1, …) if none."""
    at = text.find(exact)
    if at >= 0:
        return at, at + len(exact), True
    m = pattern.search(text)
    return (m.start(), m.end(), False) if m else (-1, -1, False)


def check_case(raw: str) -> CheckResult:
    """Both parts present in order, and the figures （一）7 asks for in 服务成效."""
    text = to_simplified(raw).strip()
    if not text:
        return CheckResult(
            "典型案例检查",
            Clause.CASE,
            (
                failed(
                    "要有案例内容", "没收到案例，请在“/检查案例”后面粘贴案例全文", key="case.empty"
                ),
            ),
        )
    methods_at, methods_end, methods_exact = _heading(text, METHODS, _METHODS_AT)
    results_at, results_end, results_exact = _heading(text, RESULTS, _RESULTS_AT)
    outcomes: list[RuleOutcome] = []
    format_rule = f"按“{METHODS}+{RESULTS}”格式填写"
    missing = [p for p, at in ((METHODS, methods_at), (RESULTS, results_at)) if at < 0]
    if missing:
        named = "、".join(f"“{m}”" for m in missing)
        outcomes.append(failed(format_rule, f"没找到{named}部分，请加上小标题", key="case.format"))
    elif methods_at > results_at:
        outcomes.append(
            warned(
                format_rule,
                f"“{RESULTS}”写在了“{METHODS}”前面，建议先做法后成效",
                key="case.format",
            )
        )
    elif not (methods_exact and results_exact):
        outcomes.append(
            passed(format_rule, f"小标题建议直接用“{METHODS}”“{RESULTS}”", key="case.format")
        )
    else:
        outcomes.append(passed(format_rule, key="case.format"))

    if methods_at >= 0:
        end = results_at if results_at > methods_at else None
        if len(_part(text, methods_end, end)) < _MIN_PART:
            outcomes.append(
                failed(f"{METHODS}要有内容", f"“{METHODS}”下面没写内容", key="case.methods")
            )

    # Without a 服务成效 heading the figures are still looked for in the whole text, so the
    # user learns everything that is missing in one go.
    if results_at >= 0:
        end = methods_at if methods_at > results_at else None
        effect = _part(text, results_end, end)
        where = f"{RESULTS}里"
    else:
        effect, where = text, "案例里"
    if results_at >= 0 and len(effect) < _MIN_PART:
        outcomes.append(
            failed(f"{RESULTS}要有内容", f"“{RESULTS}”下面没写内容", key="case.results")
        )
    else:
        outcomes.extend(_figures(effect, where))
    return CheckResult("典型案例检查", Clause.CASE, tuple(outcomes))


def _figures(effect: str, where: str) -> list[RuleOutcome]:
    enterprises, people, results = CASE_FIGURES
    counts = (
        (
            "case.enterprises",
            enterprises,
            has_enterprise_count,
            vague_enterprises,
            "如“服务企业120家”",
        ),
        ("case.people", people, has_people_count, vague_people, "如“参加人数350人”"),
    )
    outcomes: list[RuleOutcome] = []
    for key, what, found, vague, example in counts:
        rule = f"{RESULTS}写明服务的{what}"
        if found(effect):
            outcomes.append(passed(rule, key=key))
        elif (amount := vague(effect)) is not None:
            outcomes.append(warned(rule, f"写的是约数“{amount}”，请写具体数字，{example}", key=key))
        else:
            outcomes.append(failed(rule, f"{where}没看到具体数字，{example}", key=key))
    rule = f"{RESULTS}写明取得的{results}"
    if has_results(effect):
        outcomes.append(passed(rule, key="case.outcomes"))
    else:
        outcomes.append(
            failed(
                rule,
                f"{where}没看到{results}，写清取得了什么{results}，最好有数字",
                key="case.outcomes",
            )
        )
    return outcomes
