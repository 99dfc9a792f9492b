"""The filing guide's rules, each stated once: the clause labels replies cite, the thresholds
and counts, the closed lists, the fixed wordings the checks look for, and the contact lines.

Checks, computed answers, code replies and hand-offs name these instead of repeating a number
or a label. The clause texts are quoted in knowledge/clauses.yaml (whose ids must be exactly the
`Clause` members, or the knowledge does not load); tests/core/guide/test_rules.py finds every
value below in the text of its clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

GUIDE = "填报指南"
"""How replies name the guide: 依据：填报指南（一）3."""


class Clause(StrEnum):
    """A clause of the guide as replies cite it; each is an `id` of knowledge/clauses.yaml."""

    PREAMBLE = "导语"
    """The opening sentence: what the guide is for."""
    BASIC_INFO = "（一）"
    """基本信息表 as a whole: the indicators （一）1-7 explain."""
    NAME = "（一）1"
    """平台名称."""
    CATEGORY1 = "（一）2"
    """服务功能分类1."""
    CATEGORY2 = "（一）3"
    """服务功能分类2, its activity counts, and 上年度."""
    FIGURES = "（一）4"
    """资产、利润、仪器和设备原值."""
    CLUSTER = "（一）5"
    """所属产业集群."""
    PARTNERS = "（一）6"
    """带动服务机构数量."""
    CASE = "（一）7"
    """典型案例."""
    PROOF = "（二）"
    """服务活动证明材料."""
    REPORT = "（三）"
    """年报 (the annual summary upload)."""
    CONTACT = "（四）"
    """咨询方式: QQ groups and the two phones."""
    ATTACHMENTS = "附件"
    """The list of attachments after （四）."""
    ACTIVITY_TABLE = "附件1"
    """服务活动汇总表."""
    ACTIVITY_CATEGORY = "附件1 说明1"
    """活动类别."""
    COMMISSIONED = "附件1 说明2"
    """工信部门委托的活动."""
    CODE_TABLE = "附件2"
    """中小企业专业服务分类代码表."""
    SUMMARY = "附件3"
    """年度总结提纲 as a whole."""
    SUMMARY_INNOVATION = "附件3 一、1"
    SUMMARY_RESOURCES = "附件3 一、2"
    SUMMARY_ACTIVITIES = "附件3 一、3"
    SUMMARY_PROJECTS = "附件3 一、4"
    SUMMARY_RESULTS = "附件3 二"
    SUMMARY_PROBLEMS = "附件3 三"
    SUMMARY_PLAN = "附件3 四"


CLAUSE_IDS: frozenset[str] = frozenset(Clause)
"""Every label a reply may cite, for validating the knowledge files."""

# （一）1 平台名称
BANNED_WORDS: tuple[str, ...] = ("国家", "中国", "省级", "示范")
"""The words （一）1 lists; it says 等字样, so similar words get a warning, not a pass."""
SIMILAR_WORDS: tuple[str, ...] = ("中华", "全国")
"""Not listed by the guide but of the same kind as 国家/中国 (our reading of its 等)."""
NAME_SUFFIX = "平台"
"""Every platform name ends with it."""

# （一）2 服务功能分类1
CATEGORY1_OPTIONS: tuple[str, ...] = (
    "综合服务",
    "创业培训与辅导",
    "知识产权保护",
    "管理咨询",
    "信息咨询",
    "信用服务",
    "市场营销",
    "项目开发",
    "投资融资",
    "财会税务",
    "产权交易",
    "技术支持",
    "人才引进",
    "对外合作",
    "展览展销",
    "法律咨询",
)
"""The 16 options of 服务功能分类1; naturally read as the 分类2 options too."""
CATEGORY1_CHOICES = 1
"""分类1 is exactly this many options."""
COMPREHENSIVE = "综合服务"
"""The option only a `SERVICE_CENTER` may choose."""
SERVICE_CENTER = "中小企业服务中心"

# （一）3 服务功能分类2
MAX_CATEGORY2 = 3
"""分类2 functions at most."""
ACTIVITIES_PER_FUNCTION = 3
"""Activities of last year each selected function needs."""
MIN_PARTICIPANTS = 10
"""People an activity needs; with fewer it counts nowhere (also the heading of 附件1)."""
CATEGORY2_BRACKETS: tuple[tuple[int, int], ...] = ((6, 1), (9, 2))
"""The table of （一）3 in order: 开展活动不超过N场 → 不超过M项."""
CATEGORY2_TOP: tuple[int, int] = (9, 3)
"""The table's last line: 开展N场及以上 → 不超过M项 (so 9 sits in two lines)."""

# （二） 服务活动证明材料
MAX_PROOF_ACTIVITIES = 20
"""Above this many activities, proof material for this many is enough."""
MIN_PHOTOS = 1
MAX_PHOTOS = 3
"""Photos of the event per activity: 1-3张现场照片."""

# （一）7 典型案例
CASE_PARTS: tuple[str, str] = ("主要做法", "服务成效")
"""The format of a case: 主要做法+服务成效."""
CASE_FIGURES: tuple[str, str, str] = ("企业数", "人数", "成果")
"""What its 服务成效 must state."""

# 附件1 服务活动汇总表
ACTIVITY_TABLE_COLUMNS: tuple[str, ...] = (
    "序号",
    "时间",
    "地点",
    "活动名称",
    "主办单位",
    "承办单位",
    "主要内容",
    "参加企业数",
    "人数",
    "活动类别",
    "是否工信部门委托的活动",
)
ACTIVITY_CATEGORIES: tuple[str, ...] = ("信息服务", "创业服务", "技术服务", "培训服务", "融资服务")
"""活动类别 (说明1): a closed list, not the code table."""
ACTIVITY_CATEGORY_CHOICES = 1
COMMISSIONING_PROVINCE = "工信厅"
COMMISSIONING_LOCAL = "工信局"
COMMISSIONING_LEVELS: tuple[str, ...] = ("市", "区", "县")
"""The levels of 工信局 that count (各市、区、县工信局)."""
COMMISSIONERS: tuple[str, ...] = (
    COMMISSIONING_PROVINCE,
    "、".join(COMMISSIONING_LEVELS) + COMMISSIONING_LOCAL,
)
"""Whose stamped notice makes an activity 工信部门委托 (说明2)."""
COMMISSION_PROOF = "盖章的通知或文件"
"""What a commission needs from them; without it the activity is not 工信部门委托."""
NOT_COMMISSIONERS: tuple[str, ...] = ("其他行政机关", "各级中小企业服务中心")
"""Whose mandate does not count (说明2, which writes 其它)."""

# 附件3 年度总结提纲
SUMMARY_PARTS: tuple[str, ...] = (
    "一、服务经验及做法",
    "二、服务成效",
    "三、问题和工作建议",
    "四、下一年度工作计划",
)
"""The four parts in order (三 shortened from 在对中小微企业服务中存在的问题和工作建议)."""
SUMMARY_ASPECTS: tuple[str, ...] = (
    "1、服务模式创新方面",
    "2、服务资源带动方面",
    "3、服务活动开展方面",
    "4、服务专项开展方面",
)
"""The four aspects of part 一, in order."""
SUMMARY_MAX_ITEMS = 3
"""Items at most under 服务资源带动 and 服务活动开展 (3项以内)."""
SUMMARY_ACTIVITY_FIGURES: tuple[str, str] = ("服务企业数", "服务人数")
"""What each representative activity states."""

# （四） 咨询方式
QQ_GROUPS: tuple[tuple[str, str], ...] = (("1群", "807645478"), ("2群", "207935293"))
"""The filing QQ groups (join one only)."""
CONSULT_PHONE = "02583673201"
"""The consultation phone: questions the guide does not answer."""
TECH_PHONE = "18652917911"
"""The technical phone: website registration and other technical problems."""
TECH_PHONE_USE = "网站注册等技术问题咨询"
"""What the technical phone is for, as the guide writes it after the number."""


@dataclass(frozen=True, slots=True)
class Category2Limit:
    """How many 分类2 functions a number of qualifying activities supports.

    `readings` holds one value, or two where the guide contradicts itself (6 and 9 activities):
    the bracket table and the three-activities-per-function rule disagree there.
    """

    activities: int
    readings: tuple[int, ...]

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    @property
    def safe(self) -> int:
        """The number that satisfies every reading."""
        return min(self.readings)

    @property
    def most(self) -> int:
        return max(self.readings)


def table_bracket(activities: int) -> tuple[int, int] | None:
    """The first line of （一）3's table that `activities` falls under (不超过N场 → M项)."""
    return next(((n, m) for n, m in CATEGORY2_BRACKETS if activities <= n), None)


def max_category2_options(activities: int) -> Category2Limit:
    """The 分类2 limit for `activities` qualifying activities (≥10 participants each)."""
    activities = max(activities, 0)
    per_function = min(MAX_CATEGORY2, activities // ACTIVITIES_PER_FUNCTION)
    if per_function == 0:
        # Every function needs its own activities: below that the table gives nothing.
        return Category2Limit(activities, (0,))
    readings = {per_function}
    bracket = table_bracket(activities)
    if bracket is not None:
        readings.add(bracket[1])
    if activities >= CATEGORY2_TOP[0]:
        readings.add(CATEGORY2_TOP[1])
    return Category2Limit(activities, tuple(sorted(readings)))
