"""What kind of organisation a name or a message speaks of: a 中小企业服务中心 (also written
中小微企业服务中心), another 服务中心, a company, an association, a research institute.

The guide names one kind only: 综合服务 of 分类1 is for the 中小企业服务中心 （一）2. The rest
are recognised so that a unit's own name sent as a platform name, or “我们是XX有限公司” next
to a 分类1 choice, is answered for what it is, not so that rules the guide does not state are
applied to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.guide.rules import SERVICE_CENTER
from bot.text.normalize import to_simplified


class OrgKind(StrEnum):
    SERVICE_CENTER = "service_center"
    """A 中小企业服务中心 of any place or level, 中小微企业服务中心 included."""
    OTHER_CENTER = "other_center"
    """A 服务中心 of something else (科技服务中心, 人才服务中心)."""
    COMPANY = "company"
    ASSOCIATION = "association"
    INSTITUTE = "institute"
    OTHER = "other"
    """A park, incubator or base."""


KIND_NAMES = {
    OrgKind.SERVICE_CENTER: SERVICE_CENTER,
    OrgKind.OTHER_CENTER: "服务中心",
    OrgKind.COMPANY: "公司",
    OrgKind.ASSOCIATION: "协会、商会等社会组织",
    OrgKind.INSTITUTE: "研究院所或院校",
    OrgKind.OTHER: "园区、基地等单位",
}

_CENTER = re.compile(
    SERVICE_CENTER.replace("中小", "中小微?").replace("服务中心", r"(?:公共|综合|发展)?服务中心")
)
_ENDINGS: tuple[tuple[OrgKind, re.Pattern[str]], ...] = (
    (OrgKind.SERVICE_CENTER, re.compile(_CENTER.pattern + "$")),
    (OrgKind.COMPANY, re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|集团)$")),
    (
        OrgKind.ASSOCIATION,
        re.compile(r"(?:协会|商会|联合会|促进会|研究会|学会|联盟|总会|工商联)$"),
    ),
    (OrgKind.INSTITUTE, re.compile(r"(?:研究院|研究所|设计院|学院|大学|科学院)$")),
    (OrgKind.OTHER_CENTER, re.compile(r"中心$")),
    (OrgKind.OTHER, re.compile(r"(?:孵化器|园区|产业园|科技园|基地|众创空间)$")),
)
# "我们是XX有限公司" / "单位名称：XX中心": who the user is, as they say it.
_WE_ARE = re.compile(
    r"(?:我们|我们单位|我单位|本单位|我司|我们这边|运营单位|申报单位|单位名称|依托单位|单位)"
    r"\s*(?:是|为|属于|[:：])\s*(?:一家|一个)?\s*(?P<org>[^\s,，。;；!！?？:：]{2,40})"
)
_NOT_CENTER = re.compile(r"(?:不是|并非|非|不属于)\s*\S{0,8}?服务中心")


@dataclass(frozen=True, slots=True)
class Organisation:
    kind: OrgKind
    name: str
    """The organisation's name as written (or the word it was recognised by)."""


def kind_of_name(name: str) -> OrgKind | None:
    """The kind of organisation `name` is the name of, by how it ends; None for other names
    (a platform's name ends in 平台 and is none of these)."""
    name = to_simplified(name).strip()
    return next((kind for kind, ending in _ENDINGS if ending.search(name)), None)


def organisation(text: str) -> Organisation | None:
    """The organisation the user says they are, if the text says it."""
    text = to_simplified(text)
    if _NOT_CENTER.search(text):
        return Organisation(OrgKind.OTHER_CENTER, "")
    for m in _WE_ARE.finditer(text):
        org = re.sub(r"(?:的?平台|单位)$", "", m.group("org"))
        if _CENTER.search(org):
            return Organisation(OrgKind.SERVICE_CENTER, org)
        kind = kind_of_name(org)
        if kind is not None:
            return Organisation(kind, org)
    center = _CENTER.search(text)
    return Organisation(OrgKind.SERVICE_CENTER, center.group(0)) if center else None
