"""平台名称 （一）1: none of 国家、中国、省级、示范, and the name ends with 平台.

The name is normalised first (surrounding spaces and quotes, full width, traditional
characters), and banned words are looked for with spaces and punctuation removed, so
"中 国" and 國家 are caught. The guide sets no length; an absurdly long or very short name is
only flagged for the user to look at. A unit's own name sent as the platform's (…有限公司,
…中小企业服务中心, …协会, …研究院) fails the ending rule and is said to be a unit's name; the
guide sets nothing about which kind of unit runs a platform, and the reply says so, except
that a 中小企业服务中心 may choose 综合服务 （一）2.
"""

from __future__ import annotations

import re
import unicodedata

from bot.checks.organisation import KIND_NAMES, OrgKind, kind_of_name
from bot.checks.result import CheckResult, RuleOutcome, echo, failed, passed, warned
from bot.guide.rules import (
    BANNED_WORDS,
    COMPREHENSIVE,
    CONSULT_PHONE,
    NAME_SUFFIX,
    SERVICE_CENTER,
    SIMILAR_WORDS,
    Clause,
)
from bot.text.normalize import to_simplified

LONG_NAME = 50
"""More characters than this looks like a pasted paragraph, not a name."""
SHORT_NAME = 4

_QUOTES = "\"'“”‘’「」『』《》〈〉`"
_LISTED = "".join(f"“{word}”" for word in BANNED_WORDS)
_BANNED_RULE = f"不得含{_LISTED}等字样"
_SUFFIX_RULE = f"须以“{NAME_SUFFIX}”结尾"
_OPENING_BRACKETS = "(（[【〔{<《"
# Kept by normalisation for matching: CJK, letters, digits. Everything else can hide a split word.
_KEPT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


def clean_name(raw: str) -> str:
    """Half-width, simplified, without surrounding spaces and quotes."""
    text = to_simplified(raw).strip()
    while text and (text[0] in _QUOTES or text[-1] in _QUOTES):
        text = text.strip(_QUOTES).strip()
    return text


def check_platform_name(raw: str) -> CheckResult:
    """Every rule of （一）1 for one name."""
    name = clean_name(raw)
    subject = f"名称：{echo(name)}" if name else None
    if not name:
        return CheckResult(
            "平台名称检查",
            Clause.NAME,
            (failed("名称不能为空", "没收到名称，请在后面写上要检查的平台名称", key="name.empty"),),
        )
    outcomes: list[RuleOutcome] = [_banned(name), _suffix(name)]
    outcomes.extend(_soft_warnings(name))
    return CheckResult(
        "平台名称检查", Clause.NAME, tuple(outcomes), subject=subject, notes=_unit_notes(name)
    )


def _unit_notes(name: str) -> tuple[str, ...]:
    kind = kind_of_name(name)
    if kind is None or name.endswith(NAME_SUFFIX):
        return ()
    if kind is OrgKind.SERVICE_CENTER:
        return (
            f"这是{SERVICE_CENTER}的名字。平台名称要另外起、以“{NAME_SUFFIX}”结尾；"
            f"作为{SERVICE_CENTER}，服务功能分类1可以选{COMPREHENSIVE}（见指南{Clause.CATEGORY1}）。",
        )
    return (
        f"这像是单位（{KIND_NAMES[kind]}）的名字。指南对运营平台的单位类型没有规定，"
        f"只要求平台名称符合上面两条（见指南{Clause.NAME}）；{COMPREHENSIVE}仅限"
        f"{SERVICE_CENTER}选（见指南{Clause.CATEGORY1}）。",
    )


def _kept_chars(name: str) -> tuple[str, list[int]]:
    """The name with only letters, digits and CJK, plus each kept char's index in `name`."""
    positions = [i for i, c in enumerate(name) if _KEPT.match(c)]
    return "".join(name[i] for i in positions), positions


def _banned(name: str) -> RuleOutcome:
    compact, positions = _kept_chars(name)
    found: list[str] = []
    for word in BANNED_WORDS:
        start = compact.find(word)
        if start < 0:
            continue
        # Show the word as written, so "中 国" is recognisable as the culprit.
        written = name[positions[start] : positions[start + len(word) - 1] + 1]
        found.append(f"“{word}”" if written == word else f"“{word}”（写成了“{written}”）")
    if not found:
        return passed(_BANNED_RULE, key="name.banned")
    return failed(_BANNED_RULE, f"名称里有{'、'.join(found)}，要去掉", key="name.banned")


def _suffix(name: str) -> RuleOutcome:
    if name.endswith(NAME_SUFFIX):
        return passed(_SUFFIX_RULE, key="name.suffix")
    return failed(_SUFFIX_RULE, _suffix_reason(name), key="name.suffix")


def _suffix_reason(name: str) -> str:
    squeezed = re.sub(r"\s+", "", name)
    if squeezed.endswith(NAME_SUFFIX):
        return f"结尾的“{NAME_SUFFIX}”中间有空格，请删去空格"
    at = squeezed.rfind(NAME_SUFFIX)
    kind = kind_of_name(squeezed)
    if kind is not None and at < 0:
        return f"“{echo(squeezed, 20)}”是单位的名称，不是平台名称，平台名称要以“{NAME_SUFFIX}”结尾"
    if at < 0:
        return f"名称里没有“{NAME_SUFFIX}”，现在的结尾是“{squeezed[-4:]}”"
    tail = squeezed[at + len(NAME_SUFFIX) :]
    shown = echo(tail, 12)
    said = f"“{NAME_SUFFIX}”后面"
    if all(unicodedata.category(c).startswith("P") for c in tail):
        return f"{said}多了标点“{shown}”，请删去"
    if tail[0] in _OPENING_BRACKETS:
        return f"{said}还有括号内容“{shown}”，名称就不是以“{NAME_SUFFIX}”结尾了"
    return f"{said}还有“{shown}”，请让名称以“{NAME_SUFFIX}”结尾"


def _soft_warnings(name: str) -> list[RuleOutcome]:
    outcomes: list[RuleOutcome] = []
    compact, _ = _kept_chars(name)
    similar = [w for w in SIMILAR_WORDS if w in compact]
    if similar:
        words = "、".join(f"“{w}”" for w in similar)
        outcomes.append(
            warned(
                "类似字样",
                f"名称里有{words}。指南列的是{_LISTED}等字样，"
                f"{words}不在列举里但属于同类，建议改掉，或打 {CONSULT_PHONE} 确认",
                key="name.similar",
            )
        )
    spaced_suffix = not name.endswith(NAME_SUFFIX) and re.sub(r"\s+", "", name).endswith(
        NAME_SUFFIX
    )
    if re.search(r"\s", name) and not spaced_suffix:
        outcomes.append(warned("名称里有空格", "请确认是不是多打了空格", key="name.spaces"))
    length = len(re.sub(r"\s+", "", name))
    if length > LONG_NAME:
        outcomes.append(
            warned(
                "名称太长",
                f"有{length}个字，不像一个名称，请确认没有把别的内容一起粘贴进来（指南没有规定字数）",
                key="name.length",
            )
        )
    elif length < SHORT_NAME:
        outcomes.append(
            warned("名称太短", f"只有{length}个字，请确认名称写全了", key="name.length")
        )
    return outcomes
