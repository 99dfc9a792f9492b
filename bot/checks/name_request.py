"""Whether a one-line message asks to check a platform name, and which name.

People ask in every way: “平台名称就填XX平台行吗”, “我们拟用“XX平台””, “名称叫XX行不行”,
“帮忙看下这个名字：XX平台”, “XX平台，这个名字有问题没”, or send the bare name. Rather than
one pattern per phrasing, the message is read as a frame around the name: everything before
and after it must be words of asking (名称/名字, 叫/拟用/定为/填, 行吗/有问题没/能用不, 帮忙
看下, quotes and punctuation). What is left in the middle is the name; it must look like one
(no question words, no other topic). A message with anything else in it (“XX平台的分类1怎么
选”) is an ordinary question and is left to the knowledge base. A clause that only says who
the user is (“我们是XX有限公司，”) may stand before the name.
"""

from __future__ import annotations

import re

SHORTEST_NAME = 4
LONGEST_NAME = 50

_QUOTES = {"“": "”", "「": "」", "‘": "’", '"': '"', "『": "』", "【": "】", "《": "》", "'": "'"}
_QUOTED = re.compile(
    "|".join(
        f"{re.escape(o)}(?P<q{i}>[^{re.escape(o + c)}\n]{{2,{LONGEST_NAME + 10}}}){re.escape(c)}"
        for i, (o, c) in enumerate(_QUOTES.items())
    )
)
# A quote after these words quotes a word of the rules (名称里有“中国”), not a name.
_RULE_QUOTE = re.compile(r"(?:含|含有|有|带|带有|包含|出现|包括|加上?)\s*$")

_ASK = (
    "可以用吗 可以用不 可以用么 可以叫吗 可以叫不 能叫吗 能叫不 能填吗 可以填吗 "
    "能这样叫吗 这样叫可以吗 "
    "行得通不 行不行 行吗 行么 行不 行啊 行嘛 可以吗 可以么 可以不 可以嘛 可不可以 可以这样写不 "
    "可以这样写吗 可以这么叫不 可以这么叫吗 能用吗 能用不 能用么 能不能用 能行吗 能行不 "
    "能过吗 能过不 能通过吗 能不能通过 过得了吗 合规吗 合规不 合规么 合格吗 合格不 "
    "符合要求吗 符合要求不 符合规定吗 符合规定不 符合吗 符合不 对吗 对不对 对不 对么 "
    "有问题吗 有问题没 有问题不 有问题么 有没有问题 有没有毛病 有毛病吗 有毛病没 没问题吧 "
    "没毛病吧 会不会有问题 怎么样 咋样 好不好 好吗 合适吗 合适不 合不合适 妥吗 妥不妥 "
    "妥当吗 ok吗 ok不 行得通吗 可行吗 是否可以 是否符合要求 是否合规 是否符合 用得了吗 "
    "可用吗 能这样写吗 能这么写吗 这样写对吗 这样填对吗 这样填行吗 这样可以吗 这样行吗 "
    "这么写行吗 这么叫行吗 这么叫可以吗 这样叫行吗 中不中 得不得行 成不成 成吗 靠谱吗 "
    "规范吗 有错吗 有错没"
)
_VERBS = (
    "帮忙看看 帮我看看 帮忙看下 帮我看下 帮忙看一下 帮我看一下 帮忙瞅瞅 帮我瞅瞅 "
    "帮忙检查一下 帮我检查一下 帮忙检查 帮我检查 帮忙把关 帮忙把把关 帮我把关 检查一下 "
    "检查下 检查 看一下 看下 看看 瞅瞅 瞧瞧 瞅一眼 看一眼 把把关 把关 核对一下 核对 "
    "查一下 查查 审核一下 审一下 帮忙 帮我"
)
_FILLERS = (
    "请问 问一下 问下 想问下 想问一下 想问 我想问 麻烦问下 麻烦问一下 麻烦您 麻烦你 麻烦 "
    "老师好 老师 你好 您好 哈喽 在吗 那个 嗯嗯 嗯 哦 请 你 您 你看 您看 谢谢老师 谢谢 "
    "多谢 感谢 辛苦了 一下 呢 呀 啊 吧 哈 呗 么 嘛 噢 嘞 了 吗 的 呐"
)
_SUBJECTS = (
    "我们单位的 我们单位 我单位 本单位 我司 我们公司 我们的 我们 咱们的 咱们 我的 我 这个 "
    "想把 还是 现在 目前 新的 我们用 就用"
)
_NOUNS = (
    "平台名称 平台名字 平台的名称 平台的名字 平台名 平台全称 名称 名字 全称 这个名字 "
    "这个名称 这名字 这名称 该名称 这两个名字 这两个名称 这几个名字 这几个名称 两个名字 "
    "几个名字 这个 这样 这么写 这么叫 这样写 这样填 这么填 作为平台名称 作为平台的名称 "
    "作为名称 当平台名称 当名称 做平台名称 做名称 当名字 作为名字"
)
_INTRODUCERS = (
    "打算叫做 打算叫 打算用 打算定为 打算起名叫 打算取名 准备叫 准备用 准备定为 准备起名 "
    "想叫 想用 想起名叫 想改成 想改为 想定为 想定名为 想取名 计划叫 计划用 拟用 拟叫 "
    "拟定为 拟定名为 拟名为 拟起名为 拟为 拟定 定名为 定名 定为 定成 取名为 取名叫 取名 "
    "起名叫 起名为 起名 命名为 叫做 名叫 名为 叫 改成 改为 改叫 就填 就叫 就写 填成 "
    "填写为 填写成 填写 填为 填的是 填 写成 写为 写的是 写 设为 暂定为 暂定 报的是 名称为 "
    "名称是 名字为 名字是 名称用 名字用 平台为 平台是 全称是 全称为"
)
_NAMING = {*_INTRODUCERS.split(), *_NOUNS.split()} - {"这个", "这样", "这么写", "这样写"}
"""Lead words that say a name follows (名称, 叫, 拟用): then it need not end in 平台."""


def _frame(words: set[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, ordered)) + r"|[\s?？!！。.,，~～…、;；:：])"


def _words(*groups: str) -> set[str]:
    return {w for g in groups for w in g.split()}


# 平台 may open the frame (我们平台叫…) but never closes it: every name ends with it. Words
# that introduce a name (叫, 填, 拟用) stand only before it.
_LEADING = re.compile(
    f"^{_frame(_words(_ASK, _VERBS, _FILLERS, _SUBJECTS, _NOUNS, _INTRODUCERS) | {'平台'})}+",
    re.IGNORECASE,
)
_TRAILING = re.compile(f"{_frame(_words(_ASK, _VERBS, _FILLERS, _NOUNS))}+$", re.IGNORECASE)
_SIGNALS = re.compile(
    "|".join(
        map(
            re.escape,
            sorted(_words(_ASK, _VERBS, _INTRODUCERS) - {"帮忙", "帮我"}, key=len, reverse=True),
        )
    )
    + r"|名称|名字"
)
"""Words of asking beyond filler: the frame must hold one (or the name be quoted, or be sent
alone naming a place and ending in 平台)."""
_NAMING_LEAD = re.compile("|".join(map(re.escape, sorted(_NAMING, key=len, reverse=True))))
MARKERS = re.compile(
    r"平台|名称|名字|叫|[“「‘\"『【《']|公司|中心|协会|商会|联合会|研究院|研究所|学会|基地|园区|"
    r"孵化器|联盟"
)
"""Every message `name_request` accepts holds one of these (the check prefilter relies on it)."""

_QUESTION = re.compile(
    r"吗|呢|什么|怎|咋|如何|哪|多少|为什么|是否|是不是|能否|可否|要不要|有没有|可不可以|能不能|"
    r"可以|需要|必须|应该|应当|允许|规定|要求"
)
_NOT_A_NAME_START = re.compile(
    r"^(?:以|用|带|含|包含|加|有|里|中有|必须|应该|要|能|不|没|在|对|关于|给|跟|末|最|后面)"
)
_OTHER_TOPIC = re.compile(
    r"字样|结尾|开头|末尾|最后|后缀|前缀|两个字|几个字|字数|多长|英文|拼音|改名|更名|修改|"
    r"分类|活动|材料|证明|案例|总结|年报|汇总表|代码|附件|电话|群号|截止|网站|填报|原值|资产|"
    r"利润|设备|集群|机构数"
)
_SENTENCE_PUNCTUATION = re.compile(r"[,，。?？!！;；:：]")
_ORG_END = re.compile(
    r"(?:平台|公司|中心|协会|商会|联合会|研究院|研究所|学会|基地|园区|孵化器|联盟|站|所|院)$"
)
# “我们是XX有限公司，…”: a clause saying who the user is may stand before the name.
_CONTEXT = re.compile(r"^(?:我们|我们单位|我单位|本单位|我司|单位|我们这边)(?:是|属于|为)")
_SEPARATORS = re.compile(r"[、,，;；/]")
_CLAUSE_END = re.compile(r"[,，;；。!！?？]")
_BARE_NAME = re.compile(r"[市区县镇省].*平台$")
"""A name sent alone must name a place and end in 平台 to be taken for a check request."""


def name_request(text: str) -> list[str] | None:
    """The name(s) a one-line message asks to check, or None when it asks something else."""
    text = text.strip()
    if not text or "\n" in text or len(text) > 2 * LONGEST_NAME + 40 or not MARKERS.search(text):
        return None
    quoted = _quoted_names(text)
    if quoted:
        return quoted if not _has_content(_QUOTED.sub("，", text)) else None
    names: list[str] = []
    framed = False
    clauses = [c for c in _CLAUSE_END.split(text) if c.strip()]
    for index, clause in enumerate(clauses):
        if not names and index < len(clauses) - 1 and _CONTEXT.match(clause.strip()):
            continue
        lead, middle, trail = _core(clause)
        framed = framed or _SIGNALS.search(lead + " " + trail) is not None
        if not middle:
            continue
        if _asks_about(clause, len(lead), len(clause) - len(trail)):
            return None
        named = _NAMING_LEAD.search(lead) is not None
        for name in _SEPARATORS.split(middle) if _all_names(middle) else [middle]:
            if not _looks_like_name(name, introduced=named):
                return None
            names.append(name.strip())
    if not names:
        return None
    if not framed and not all(_BARE_NAME.search(n) for n in names):
        return None
    return names


def _core(clause: str) -> tuple[str, str, str]:
    """(the words before the middle, the middle, the words after it) of `clause`."""
    lead = _LEADING.match(clause)
    start = lead.end() if lead else 0
    rest = clause[start:]
    trail = _TRAILING.search(rest)
    end = trail.start() if trail else len(rest)
    return clause[:start], rest[:end].strip(), rest[end:]


_WH = re.compile(r"什么|怎么|怎样|为什么|为何|多少|如何|哪|啥|咋")


def _asks_about(clause: str, start: int, end: int) -> bool:
    """Whether a question word reaches into the middle (规范是什么: 么 alone was stripped)."""
    return any(m.start() < end and m.end() > start for m in _WH.finditer(clause))


def _all_names(middle: str) -> bool:
    """“A平台、B平台”: several names, each ending in 平台."""
    parts = _SEPARATORS.split(middle)
    return len(parts) > 1 and all(p.strip().endswith("平台") for p in parts)


def _quoted_names(text: str) -> list[str]:
    found = [m for m in _QUOTED.finditer(text) if not _RULE_QUOTE.search(text[: m.start()])]
    names = [next(g for g in m.groups() if g is not None).strip() for m in found]
    names = [n for n in names if len(n) >= SHORTEST_NAME]
    if names and all(_looks_like_name(n, introduced=True) for n in names):
        return names
    return []


def _has_content(frame: str) -> bool:
    """Whether the words around quoted names say more than a request to check them."""
    for clause in _CLAUSE_END.split(frame):
        clause = clause.strip()
        if clause and not _CONTEXT.match(clause) and _core(clause)[1]:
            return True
    return False


def _looks_like_name(name: str, *, introduced: bool) -> bool:
    """A name: the right length, no question or other topic in it, and ending like a name
    unless words such as 名称/叫 introduced it."""
    name = name.strip()
    if not SHORTEST_NAME <= len(name) <= LONGEST_NAME:
        return False
    if _QUESTION.search(name) or _OTHER_TOPIC.search(name) or _NOT_A_NAME_START.search(name):
        return False
    if _SENTENCE_PUNCTUATION.search(name) or name.endswith("的平台"):
        return False  # 带国家两个字的平台: a phrase about names
    return introduced or _ORG_END.search(name) is not None
