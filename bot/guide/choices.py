"""Which option of the guide applies to the asker's case.

"我们主要做知识产权代理，分类1选哪个" (the option whose words fit, the choice left to them),
"知识产权保护属于分类1吗" / "活动类别里有没有技术服务" (the closed lists of （一）2 and of
附件1 说明1),
and "区科技局委托的活动填是吗" (附件1 说明2: only 工信厅 and 工信局, with a stamped notice
or document). Like `bot.guide.facts`, each answer needs the asker's own fact, else None.
"""

from __future__ import annotations

import re

from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    CATEGORY1_CHOICES,
    CATEGORY1_OPTIONS,
    COMMISSIONERS,
    COMPREHENSIVE,
    CONSULT_PHONE,
    SERVICE_CENTER,
    Clause,
)
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

_MANDATE = re.compile(r"委托|委派|交办|让我们办|叫我们办|安排我们")
_INDUSTRY = re.compile(r"工信厅|工信局|工业和信息化厅|工业和信息化局|工信部门")
_OLD_NAMES = re.compile(r"经信委|经信局|经济和信息化")
_CENTRE = re.compile(r"中小企业服务中心|服务中心")
# A named body that is not 工信: 科技局, 区发改委, 街道办… (not "其他部门", which the FAQ answers).
_AGENCY = re.compile(
    r"(?:科技|商务|发改|发展改革|财政|人社|人力资源|市场监管|监管|教育|农业|农业农村|文旅|文化|民政|"
    r"税务|统计|住建|交通|生态环境|环保|应急|卫健|司法|公安|自然资源|水利|审批|行政审批|金融|"
    r"宣传|组织|外事|侨办|贸促|海关|知识产权)(?:局|委|厅|部|办|会)|人民政府|区政府|市政府|县政府|"
    r"镇政府|管委会|街道|科协|工商联|团委|妇联|银行"
)
_NO_PAPER = re.compile(
    r"口头|电话|微信|没发文件|没有文件|无文件|没发通知|没有通知|无通知|没通知|没文件|没有发文|"
    r"没盖章|没有盖章|未盖章|不盖章|没章|无盖章|没有章|没拿到|没有拿到|未拿到|没收到|没有收到|"
    r"未收到|拿不到|没给"
)
_STAMPED = re.compile(r"盖章|盖了章|公章|红章|加盖|盖过章")
# The asker states their case ("发了盖章通知", "有盖章文件") rather than asks what is needed.
_STATED = re.compile(
    r"发了|下了|有盖章|有盖了|盖了|有红头|拿到|收到|印发|发过|出了|有文件|有通知|"
    r"盖章的(?:文件|通知)|盖过章"
)


def answer_mandate(query: Query) -> Reply | None:
    """Whether an activity the asker says was commissioned counts as 工信部门委托 (附件1 说明2):
    only 工信厅 and city, district or county 工信局, with a stamped notice or document."""
    text = query.simplified
    if not _MANDATE.search(text):
        return None
    rule = f"工信部门委托的活动必须要有工信部门（仅指{'，各'.join(COMMISSIONERS)}）盖章的通知或文件"
    if _CENTRE.search(text):
        if not _NO_PAPER.search(text) and not _STAMPED.search(text):
            return None  # the FAQ answers "服务中心委托的算吗" as it is
        verdict = f"不属于，填“否”：{SERVICE_CENTER}（各级）委托的活动不属于工信部门委托。{rule}。"
    elif _INDUSTRY.search(text) or "工信" in text:
        if _NO_PAPER.search(text):
            verdict = f"不属于，填“否”：{rule}，没有盖章的通知或文件就不算。"
        elif _STAMPED.search(text) and _STATED.search(text):
            verdict = f"属于，填“是”：{rule}，你们有工信部门盖章的通知或文件，符合。"
        else:
            return None  # no fact of theirs: the rule is asked, which the FAQ answers
    elif _OLD_NAMES.search(text):
        verdict = (
            f"{rule}。指南只点名了工信厅和工信局，没有提经信委、经信局等名称，"
            f"这种情况请打{CONSULT_PHONE}确认。"
        )
    elif _AGENCY.search(text):
        verdict = f"不属于，填“否”：{rule}；其它行政机关委托的活动不属于该范畴。"
    else:
        return None
    return Reply(ReplyKind.COMPUTED, verdict, clause=Clause.COMMISSIONED)


_CATEGORY1 = re.compile(r"分类\s*[1一]|功能分类\s*[1一]")
_WHICH = re.compile(
    r"选哪|选什么|选啥|哪个|哪一个|哪一项|哪项|怎么选|归哪|属于哪|对应哪|算哪|选择哪"
)
_BUSINESS = re.compile(r"(?:主要|主营|专门|一直)?(?:做|搞|从事|提供|负责|干|是做|开展)")


class Category1Hint:
    """ "我们主要做知识产权代理，分类1选哪个": （一）2 has the choice made by main business among
    16 options; the answer names the option whose words fit what the asker says they do, and
    leaves the choice to them. `words`: option -> words of its name (lexicon.yaml)."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self._words = {option: tuple(w.lower() for w in ws) for option, ws in words.items()}

    def __call__(self, query: Query) -> Reply | None:
        text = query.norm
        if not _CATEGORY1.search(text) or not _WHICH.search(text) or not _BUSINESS.search(text):
            return None
        business = _CATEGORY1.split(text, maxsplit=1)[0]
        fits = [o for o, words in self._words.items() if any(w in business for w in words)]
        if not fits or len(fits) > 2 or COMPREHENSIVE in fits:
            return None
        named = "、".join(f"“{o}”" for o in fits)
        text = (
            f"指南规定服务功能分类1根据主要业务从{len(CATEGORY1_OPTIONS)}项中选{CATEGORY1_CHOICES}项"
            f"（“{COMPREHENSIVE}”仅限{SERVICE_CENTER}选择）。按你说的业务，名称对得上的是{named}；"
            f"选哪一项由你们按平台主要业务判断，指南没有更细的对应规则，拿不准请打{CONSULT_PHONE}确认。"
        )
        return Reply(ReplyKind.COMPUTED, text, clause=Clause.CATEGORY1)


_LISTS: tuple[tuple[re.Pattern[str], str, tuple[str, ...], Clause], ...] = (
    (re.compile(r"活动类别"), "活动类别", ACTIVITY_CATEGORIES, Clause.ACTIVITY_CATEGORY),
    (re.compile(r"分类\s*[1一]"), "服务功能分类1", CATEGORY1_OPTIONS, Clause.CATEGORY1),
)
_IN_LIST = re.compile(
    r"属于|有没有|有无|是不是|算不算|在不在|包括|包含|里有|里面有|中有|能选|可以选|可选|能填|可以填"
)


def answer_option_membership(query: Query) -> Reply | None:
    """Whether an option the asker names is one of 分类1's 16 or 活动类别's 5 (closed lists
    of the guide): "知识产权保护属于分类1吗", "活动类别里有没有技术服务"."""
    text = query.norm
    if not _IN_LIST.search(text):
        return None
    for names_list, title, options, clause in _LISTS:
        if not names_list.search(text):
            continue
        named = [o for o in options if o in text]
        if len(named) != 1:
            return None
        listed = "、".join(options)
        verdict = f"有。“{named[0]}”是{title}的{len(options)}项之一：{listed}。" + (
            f"{title}只选1项。" if clause is Clause.ACTIVITY_CATEGORY else ""
        )
        return Reply(ReplyKind.COMPUTED, verdict, clause=clause)
    return None
