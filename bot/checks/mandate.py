"""是否工信部门委托的活动 (附件1 说明2): who commissioned a row's activity, and whether its 是
can stand.

Only the 工信厅 and a city, district or county 工信局 count, and only with their stamped
notice or document; any other administrative agency (科技局, 商务局, 发改委 …) and every level
of 中小企业服务中心 do not, nor does a commission without a notice. The commissioner is read
from a note in the cell itself (是（科技局委托）), an explicit “X委托” anywhere in the row, or
else the agencies named as 主办单位/承办单位. Bodies the guide neither lists nor excludes by
name (工信部, 经信局) are left to the user to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.checks.rows import CONTENT, HOST, MANDATE, ORGANISER, SourceRow
from bot.guide.rules import (
    COMMISSION_PROOF,
    COMMISSIONERS,
    COMMISSIONING_LEVELS,
    COMMISSIONING_LOCAL,
    COMMISSIONING_PROVINCE,
    CONSULT_PHONE,
    NOT_COMMISSIONERS,
    SERVICE_CENTER,
)

YES_WORDS = frozenset({"是", "是的", "y", "yes", "√", "✓", "✔", "委托", "有"})
NO_WORDS = frozenset({"否", "不是", "n", "no", "×", "✗", "x", "无", "非", "没有"})
BLANK_WORDS = frozenset({"/", "-", "—", "——", "0", "", "无此项"})


class Body(StrEnum):
    GONGXIN = "gongxin"
    """工信厅 or a 市、区、县 工信局: counts with a stamped notice."""
    CENTER = "center"
    """A 中小企业服务中心 of any level: never counts."""
    AGENCY = "agency"
    """Another administrative agency: never counts."""
    UNLISTED = "unlisted"
    """工信-like but not what the guide lists (工信部, 经信局): the user must confirm."""


_PROVINCE = f"(?:{COMMISSIONING_PROVINCE}|工业和信息化厅)"
_LOCAL = f"(?:{COMMISSIONING_LOCAL}|工业和信息化局)"
_BODIES: tuple[tuple[Body, re.Pattern[str]], ...] = (
    (
        Body.UNLISTED,
        re.compile(
            r"工信部|工业和信息化部|经信局|经信委|经济和信息化局|经济和信息化委员会|"
            r"工信委|工业和信息化委员会|工信办|经发局|经济发展局"
        ),
    ),
    (Body.GONGXIN, re.compile(f"{_PROVINCE}|{_LOCAL}")),
    (Body.CENTER, re.compile(r"中小微?企业(?:公共)?(?:发展)?服务中心|中小企业服务局|中小企业局")),
    (
        Body.AGENCY,
        re.compile(
            r"(?:科技|科学技术|商务|发改|发展和改革|发展改革|财政|人社|人力资源和社会保障|人力资源|"
            r"市场监管|市场监督管理|税务|金融|金融监管|地方金融监督管理|农业农村|农委|文旅|文化和旅游|"
            r"教育|生态环境|环保|住建|住房和城乡建设|自然资源|统计|知识产权|民政|卫健|卫生健康|交通运输|"
            r"交通|水利|应急管理|数据|大数据|行政审批|政务服务|审计|司法|国资|外事|侨务)"
            r"(?:局|厅|委员会|委|办公室|办|部门)"
            r"|发改委|科协|工商联|妇联|团委|总工会|管委会|人民政府|政府办|商务部|科技部|人民银行|海关"
        ),
    ),
)
_COMMISSIONED_BY = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:的)?委托")
_PROOF = re.compile(
    r"盖章|红头|通知|文件|文号|发文|号文|函|〔\d{4}〕|\[\d{4}\]|\(\d{4}\)|批复|任务书|合同"
)
_COUNTED = "或".join(COMMISSIONERS)
_NOT_COUNTED = "、".join(NOT_COMMISSIONERS)
_LEVELS = "、".join(COMMISSIONING_LEVELS)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the 委托 cell of a row comes to: ok, or a problem to fail or warn about."""

    failed: bool
    reason: str
    brief: str


def bodies(text: str) -> list[tuple[Body, str]]:
    """Commissioning bodies named in `text`, each once, in the order of `_BODIES`."""
    found: list[tuple[Body, str]] = []
    seen = text
    for body, pattern in _BODIES:
        for m in pattern.finditer(seen):
            found.append((body, m.group(0)))
        # 工信部 must not be read again as 工信; a found body is blanked out.
        seen = pattern.sub(lambda m: "　" * len(m.group(0)), seen)
    return found


def _value(cell: str) -> tuple[str, str]:
    """(是/否/'' for empty/? for other, the note after it) of a 委托 cell:
    是（市工信局委托） -> (是, 市工信局委托)."""
    flat = "".join(cell.split()).lower()
    for words, value in ((YES_WORDS, "是"), (NO_WORDS, "否"), (BLANK_WORDS, "")):
        if flat in words:
            return value, ""
    m = re.match(r"^(是|否|不是|非|y|n)[,，:：;；(（\s]*(.*?)[)）]?$", flat)
    if m:
        return ("否" if m.group(1) in {"否", "不是", "非", "n"} else "是"), m.group(2)
    return "?", flat


def commissioner(row: SourceRow, note: str) -> list[tuple[Body, str]]:
    """Who the row says commissioned it: the cell's note, an explicit X委托, or its hosts."""
    if named := bodies(note):
        return named
    for m in _COMMISSIONED_BY.finditer(row.whole):
        if named := bodies(m.group(1)):
            return named
    return bodies(" ".join(row.get(c) for c in (HOST, ORGANISER)))


def mandate_verdict(row: SourceRow) -> Verdict | None:
    """None when the cell is fine; a verdict saying what is wrong or missing otherwise."""
    if not row.has(MANDATE):
        return None
    value, note = _value(row.get(MANDATE))
    if value == "":
        return Verdict(False, "“是否工信部门委托”没填，应填“是”或“否”", "没填")
    if value == "?":
        shown = row.get(MANDATE)[:10]
        return Verdict(False, f"“{shown}”：这一栏应填“是”或“否”", f"写成“{shown}”")
    if value == "否":
        return None
    named = commissioner(row, note)
    kinds = {body for body, _ in named}
    words = "、".join(dict.fromkeys(word for _, word in named))
    if Body.GONGXIN in kinds:
        if _PROOF.search(row.get(CONTENT) + note + row.get(MANDATE)):
            return None
        return Verdict(
            False,
            f"标了“是”，要有{words}{COMMISSION_PROOF}，证明材料里附上；没有的话应填“否”",
            "要有盖章通知",
        )
    if kinds & {Body.CENTER, Body.AGENCY}:
        which = f"各级{SERVICE_CENTER}" if kinds == {Body.CENTER} else "其他行政机关"
        return Verdict(
            True,
            f"标了“是”，但委托的是{words}：{which}委托的活动不算工信部门委托，应填“否”"
            f"（只认{_COUNTED}{COMMISSION_PROOF}）",
            f"{words}委托不算",
        )
    if Body.UNLISTED in kinds:
        return Verdict(
            False,
            f"标了“是”，委托的是{words}：指南只写了{COMMISSIONING_PROVINCE}和{_LEVELS}"
            f"{COMMISSIONING_LOCAL}，没提到{words}，请打 {CONSULT_PHONE} 确认",
            f"{words}请确认",
        )
    return Verdict(
        False,
        f"标了“是”，但没写是哪个部门委托的：只有{_COUNTED}{COMMISSION_PROOF}的才算，"
        f"{_NOT_COUNTED}委托的、没有通知或文件的都填“否”",
        "没写委托部门",
    )
