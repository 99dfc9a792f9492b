"""Which check a message asks for, if any.

A message is a check request when it says so ("检查名称：…", "/检查活动" + rows), asks about a
concrete draft ("这个名称行不行：…", "分类1选综合服务可以吗") or is a pasted draft (labelled
fields, a tab-separated table, a case or a summary with its headings). Questions about the
rules themselves ("平台名称有什么要求", "名称能写国家级吗") are not: they go to the FAQ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.checks.category import parse_selection
from bot.checks.fields import CATEGORY_FIELD, NAME_FIELD, REQUEST_TAIL
from bot.checks.summary import PARTS, SUBPARTS, is_heading_line
from bot.guide.rules import ACTIVITY_TABLE_COLUMNS, CASE_PARTS
from bot.text.normalize import normalize, to_simplified


class CheckKind(StrEnum):
    HELP = "help"
    NAME = "name"
    CATEGORY1 = "category1"
    CATEGORY2 = "category2"
    DRAFT = "draft"
    """Labelled fields of the basic-information form (平台名称：…, 服务功能分类1：…)."""
    ACTIVITIES = "activities"
    CASE = "case"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class Request:
    kind: CheckKind
    body: str
    """The part to check (a name, a selection, rows, the case text)."""
    context: str = ""
    """The whole message, for facts said around the body (场数, 服务中心)."""


_TAILS = (
    r"行不行|可以吗|可以不|可不可以|能用吗|能不能用|能行吗|行吗|合规吗|合格吗|符合要求吗|符合吗|"
    r"有没有问题|有问题吗|对不对|对吗|怎么样|好不好|没问题吧|过得了吗|能过吗|能通过吗|"
    r"合适吗|合适不|行不|对不|是否可以|能选吗"
)
_QUESTION_TAIL = rf"(?:{_TAILS})"
_QUESTION_WORDS = re.compile(
    r"吗|什么|怎么|如何|能不能|可不可以|是否|要求|哪些|哪个|多少|规定|为什么|必须|应该|要不要"
)
_VERB = (
    r"(?:请|麻烦)?(?:你)?(?:帮我|帮忙)?"
    r"(?:检查|检测|核对|校对|审核|查一下|查查|看看|看一下|看下|把关|把把关)(?:一下|下)?"
    r"(?:我们的?|这个|我的)?"
)
_COMMANDS = re.compile(
    rf"^/?\s*{_VERB}\s*(?P<what>平台名称|名称|名字|服务活动汇总表|活动汇总表|汇总表|活动表|活动清单|"
    r"服务活动|活动|典型案例|案例|年度总结报告|年度总结|总结报告|总结|年报|服务功能分类|功能分类|分类)"
    r"(?P<sep>[:：\s]*)(?P<body>.*)$",
    re.DOTALL,
)
_COMMANDS_AFTER = re.compile(
    r"^/?\s*(?P<what>名称|名字|活动|活动表|汇总表|案例|总结|年报|分类)(?:检查|自查|核对)"
    r"(?P<sep>[:：\s]*)(?P<body>.*)$",
    re.DOTALL,
)
_WHAT = {
    "平台名称": CheckKind.NAME,
    "名称": CheckKind.NAME,
    "名字": CheckKind.NAME,
    "服务活动汇总表": CheckKind.ACTIVITIES,
    "活动汇总表": CheckKind.ACTIVITIES,
    "汇总表": CheckKind.ACTIVITIES,
    "活动表": CheckKind.ACTIVITIES,
    "活动清单": CheckKind.ACTIVITIES,
    "服务活动": CheckKind.ACTIVITIES,
    "活动": CheckKind.ACTIVITIES,
    "典型案例": CheckKind.CASE,
    "案例": CheckKind.CASE,
    "年度总结报告": CheckKind.SUMMARY,
    "年度总结": CheckKind.SUMMARY,
    "总结报告": CheckKind.SUMMARY,
    "总结": CheckKind.SUMMARY,
    "年报": CheckKind.SUMMARY,
    "服务功能分类": CheckKind.DRAFT,
    "功能分类": CheckKind.DRAFT,
    "分类": CheckKind.DRAFT,
}
_HELP = re.compile(
    r"^/?(?:检查|自查|草稿检查|检查草稿|检查功能|"
    r"(?:怎么|如何|怎样|咋)(?:用|使用)?(?:你)?(?:来)?(?:检查|自查|核对)"
    r"(?:草稿|材料|填报内容|内容|名称|活动|活动表|汇总表|案例|典型案例|总结|年度总结|年报|分类)?|"
    r"(?:检查|自查)(?:功能)?(?:怎么|如何|怎样)(?:用|使用)|"
    r"(?:你)?(?:能|可以|会)(?:帮我)?(?:检查|自查)(?:什么|哪些|啥)(?:内容)?|"
    r"(?:能|可以)(?:帮我)?检查(?:草稿)?吗)$"
)
_NAME_ASKED = re.compile(
    rf"^(?:这个|我们的?|我们这个|该|平台)?(?:平台)?(?:名称|名字)(?:叫|是)?{_QUESTION_TAIL}"
    r"\s*[?？]?\s*[:：]\s*(?P<body>.+)$",
    re.DOTALL,
)
_NAME_QUOTED = re.compile(
    r"^(?:我们的?|这个|该)?(?:平台)?(?:名称|名字)?(?:叫|是|定为|拟为|拟定为|为|取名)?\s*"
    r"[“\"「『](?P<body>[^”\"」』]{1,80})[”\"」』]\s*[，,]?\s*(?:这个)?(?:名称|名字)?\s*"
    rf"{_QUESTION_TAIL}\s*[?？]*$"
)
# "我们平台叫XX中心可以吗": a name given after 叫 with no 名称 word, then a question tail. The
# name need not end in 平台: that is one of the rules checked.
_NAME_CALLED = re.compile(
    r"^(?:我们|我们的|我们这个|我们单位的?)?(?:平台)?(?:叫|叫做|名叫|取名叫?|起名叫?|名为)\s*"
    rf"(?P<body>[^，,。？?！!\s]{{{4},40}}?)\s*[，,]?\s*(?:这个)?(?:名称|名字)?\s*"
    rf"{_QUESTION_TAIL}\s*[?？]*$"
)
_NAME_TAIL = re.compile(
    rf"\s*[，,]?\s*(?:这个)?(?:名称|名字)?\s*{_QUESTION_TAIL}?\s*[?？]+$"
    rf"|\s*[，,]?\s*(?:这个)?(?:名称|名字)?\s*{_QUESTION_TAIL}\s*$"
)
_CHECK_VERB = re.compile(r"检查|检测|核对|看看|看下|看一下|帮我看|查查|查一下")
# Where a name in a sentence can begin: after punctuation, a space, or words that introduce it.
_NAME_START = re.compile(
    r"[\s，,。？?！!：:；;“”\"「」『』《》]|叫做|叫|名称是|名字是|名称为|名字为|定为|拟为|名称|名字|"
    r"检查|看看|看下|看一下"
)
# A "name" that starts like this is a phrase about names (以平台结尾, 里有示范平台), not a name.
_NOT_A_NAME = re.compile(
    r"^(?:以|用|带|含|包含|加|写|有|里|中有|中带|中含|必须|应该|要)|的平台$|"
    r"不是|不能|不用|最后|结尾|末尾|两个字|字样"
)
SHORTEST_NAME = 4
_CATEGORY_ASKED = re.compile(
    r"(?:服务)?(?:功能)?分类\s*(?P<n>[12一二]|II?)\s*(?:里|中)?\s*"
    r"(?:我们|我)?(?:想|打算|准备|能|可以|可不可以|能不能|要)?\s*"
    r"(?:选|填|选择|勾选|勾|报|写|选的是|填的是|是)(?:了|成|为|的是)?\s*[:：]?\s*"
    r"(?P<body>[^，,。？?！!\n]+)",
)
_CHOICE_TAIL = re.compile(
    rf"\s*(?:这个|这样|这几项|这些)?\s*(?:{_TAILS}|吗|呢|啊|吧)+\s*$"
)
_OPTION_LIKE = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{0,8}(?:服务|咨询|保护|辅导|培训|营销|开发|融资|税务|交易|支持|引进|"
    r"合作|展销|产权|管理|推广|诊断)$"
)
_NOT_A_CHOICE = re.compile(r"^(?:\d|几|多少|哪|什么|啥|不超过|最多|至少|一项|两项|三项)|还是")
_TAB_ROW_MIN_TABS = 8
_CATEGORY_KINDS = frozenset({CheckKind.CATEGORY1, CheckKind.CATEGORY2, CheckKind.DRAFT})
_HEADER_CELLS = set(ACTIVITY_TABLE_COLUMNS)


# Words one of which every check request holds (`_may_be_request`), read off the patterns
# below: a verb of _COMMANDS/_COMMANDS_AFTER, 名称/名字 (_NAME_ASKED, _name_in_sentence,
# NAME_FIELD), a quote (_NAME_QUOTED), 叫/名为 (_NAME_CALLED), 分类 (_CATEGORY_ASKED,
# CATEGORY_FIELD) or 主要做法 (_pasted_case). Keep in step with them: this only decides when
# `detect` can stop early.
_REQUEST_MARKERS = re.compile(
    r"检查|自查|核对|检测|校对|审核|查一下|查查|看看|看一下|看下|把关|"
    r"名称|名字|叫|名为|分类|[“\"「『]|" + re.escape(CASE_PARTS[0])
)
# Every pattern of a summary heading (`PARTS`, `SUBPARTS`) holds one of these words, and _HELP
# one of the verbs; it is matched on the normalised text, without the punctuation.
_HEADING_WORDS = re.compile(r"经验|服务成效|问题|工作计划|模式创新|资源带动|活动开展|专项")
_HELP_VERBS = re.compile(r"检查|自查|核对")


def _clean(text: str) -> str:
    return to_simplified(text).strip()


def _may_be_request(text: str) -> bool:
    """False only when `detect` would surely find nothing: most questions hold none of the
    words a check request needs, and are let through without trying every pattern."""
    if _REQUEST_MARKERS.search(text) or "\t" in text or len(text.splitlines()) > 1:
        return True  # several lines: maybe a pasted table or summary
    if _HEADING_WORDS.search(text):
        return True  # headings of a summary pasted on one line
    return _HELP_VERBS.search(normalize(text)) is not None


def detect(text: str) -> Request | None:
    """The check `text` asks for, or None when it is not a check request."""
    text = _clean(text)
    if not text or not _may_be_request(text):
        return None
    if "\n" not in text and _HELP.fullmatch(normalize(text)):
        return Request(CheckKind.HELP, "")
    for pattern in (_COMMANDS, _COMMANDS_AFTER):
        if m := pattern.match(text):
            request = _command(m, text)
            if request is not None:
                return request
    return (
        _name_question(text)
        or _both_categories(text)
        or _category_question(text)
        or _pasted_fields(text)
        or _pasted_table(text)
        or _pasted_summary(text)
        or _pasted_case(text)
    )


def detect_body(kind: CheckKind | None, body: str) -> Request:
    """The request for an explicit command: `kind` given, or guessed from the body."""
    # "/检查名称：XX平台" leaves the colon in front of the argument.
    body = re.sub(r"^[\s:：]+", "", _clean(body))
    if kind is CheckKind.DRAFT:
        found = detect(body)
        if found is not None and found.kind in _CATEGORY_KINDS:
            return found
    if kind is not None:
        return Request(kind, body, body)
    if not body:
        return Request(CheckKind.HELP, "")
    found = detect(body)
    if found is not None and found.kind is not CheckKind.HELP:
        return found
    if "\n" not in body and len(body) <= 60:
        return Request(CheckKind.NAME, body, body)
    return Request(CheckKind.HELP, body)


def _command(m: re.Match[str], text: str) -> Request | None:
    kind = _WHAT[m.group("what")]
    body = m.group("body").strip()
    explicit = text.startswith("/")
    if kind is CheckKind.NAME and not explicit:
        # "检查名称有什么要求" is a question about the rule, not a name to check.
        if not m.group("sep") and _QUESTION_WORDS.search(body):
            return None
        body = _strip_question_tail(body)
    if kind is CheckKind.DRAFT:
        found = _pasted_fields(body) or _category_question(m.group(0).lstrip("/"))
        return found or Request(CheckKind.DRAFT, body, text)
    if kind in {CheckKind.ACTIVITIES, CheckKind.CASE, CheckKind.SUMMARY} and not explicit:
        # "检查活动要多少人" asks about a rule; a real paste is long or has line breaks. With
        # nothing after it ("帮我检查一下汇总表") the check says what to paste.
        if body and not m.group("sep") and len(body) < 30 and "\n" not in body:
            return None
    return Request(kind, body, text)


def _strip_question_tail(body: str) -> str:
    """"XX平台，可以吗？" -> "XX平台": the question around a name is not part of it."""
    return _NAME_TAIL.sub("", REQUEST_TAIL.sub("", body))


def _name_question(text: str) -> Request | None:
    for pattern in (_NAME_ASKED, _NAME_QUOTED, _NAME_CALLED):
        if m := pattern.match(text):
            body = _strip_question_tail(m.group("body").strip())
            if not body or _QUESTION_WORDS.search(body):
                continue
            # "我们叫这个名字可以吗" names no name.
            if pattern is _NAME_CALLED and re.match(r"这|那|它", body):
                continue
            return Request(CheckKind.NAME, body, text)
    return _name_in_sentence(text)


def _name_in_sentence(text: str) -> Request | None:
    """A name ending in 平台 asked about in a sentence: "我们平台叫XX平台，名称行不行"."""
    if "\n" in text or len(text) > 120 or not re.search(r"名称|名字", text):
        return None
    if NAME_FIELD.match(text):
        return None  # a pasted 平台名称：… field, checked as part of the draft
    asked = (
        _CHECK_VERB.search(text)
        or re.search(rf"{_TAILS}|可以用吗|能用吗|用得了吗", text)
        or re.search(r"(?:名称|名字)\s*[:：]", text)
    )
    if not asked:
        return None
    candidate = _quoted_name(text) or _name_ending_in_platform(text)
    if candidate is None or _QUESTION_WORDS.search(candidate) or _NOT_A_NAME.search(candidate):
        return None
    return Request(CheckKind.NAME, candidate, text)


def _quoted_name(text: str) -> str | None:
    m = re.search(r"[“\"「『《](?P<name>[^”\"」』》]{2,80})[”\"」』》]", text)
    if m is None or len(m.group("name").strip()) < SHORTEST_NAME:
        return None
    # 含有“中国” quotes a word of the rule, not a name.
    if re.search(r"(?:含|有|带|用|加|写|出现|包括)$", text[: m.start()]):
        return None
    return m.group("name").strip()


def _name_ending_in_platform(text: str) -> str | None:
    """The last "…平台" (with a bracket right after it) that is not the word 平台名称 itself."""
    ends = [
        m
        for m in re.finditer(r"平台(?:\s*[（(【\[][^）)】\]]{0,12}[）)】\]])?", text)
        if not re.match(r"\s*(?:名称|名字)", text[m.end() :])
    ]
    if not ends:
        return None
    last = ends[-1]
    head = text[: last.start()]
    starts = [m.end() for m in _NAME_START.finditer(head)]
    candidate = text[(starts[-1] if starts else 0) : last.end()].strip()
    candidate = re.sub(r"^(?:这个|我们的?|一下|下|的)+", "", candidate).strip()
    return candidate if len(candidate) >= SHORTEST_NAME else None


def _category_question(text: str) -> Request | None:
    if "\n" in text.strip():
        return None
    m = _CATEGORY_ASKED.search(text)
    if m is None:
        return None
    body = _CHOICE_TAIL.sub("", m.group("body")).strip()
    if not body or _NOT_A_CHOICE.search(body):
        return None
    # Only a bare selection is a draft to check; "选综合服务有限制不" or "选错了能改吗" ask
    # about the rule and belong to the FAQ.
    selection = parse_selection(body)
    if selection.count == 0 or not all(_OPTION_LIKE.match(t) for t in selection.unknown):
        return None
    kind = CheckKind.CATEGORY1 if m.group("n") in {"1", "一", "I"} else CheckKind.CATEGORY2
    return Request(kind, body, text)


def _both_categories(text: str) -> Request | None:
    """"分类1选技术支持，分类2选信息咨询、市场营销，办了8场": both selections in one line are
    checked as the pasted fields they stand for, with the rest of the line as context."""
    if "\n" in text.strip():
        return None
    asked = list(_CATEGORY_ASKED.finditer(text))
    numbers = {1 if m.group("n") in {"1", "一", "I"} else 2 for m in asked}
    if numbers != {1, 2}:
        return None
    lines = []
    for m in asked:
        body = _CHOICE_TAIL.sub("", m.group("body")).strip()
        selection = parse_selection(body)
        if not body or _NOT_A_CHOICE.search(body) or selection.count == 0:
            return None
        lines.append(f"服务功能分类{m.group('n')}：{body}")
    return Request(CheckKind.DRAFT, "\n".join([*lines, text]), text)


def _pasted_fields(text: str) -> Request | None:
    """平台名称：… / 服务功能分类1：… lines, alone or among other lines."""
    lines = text.splitlines()
    for line in lines:
        field = NAME_FIELD.match(line) or CATEGORY_FIELD.match(line)
        value = field.group("body").strip() if field else ""
        if value and not _QUESTION_WORDS.search(value):
            return Request(CheckKind.DRAFT, text, text)
    return None


def _pasted_table(text: str) -> Request | None:
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.count("\t") >= _TAB_ROW_MIN_TABS for line in lines):
        return Request(CheckKind.ACTIVITIES, text, text)
    for i, line in enumerate(lines[:-1]):
        cells = {re.sub(r"\s+", "", c) for c in re.split(r"\t|\s{1,}", line)}
        if len(cells & _HEADER_CELLS) >= 4:
            return Request(CheckKind.ACTIVITIES, "\n".join(lines[i:]), text)
    return None


def _pasted_summary(text: str) -> Request | None:
    lines = text.splitlines()
    headings = [
        h for h in (*PARTS, *SUBPARTS) if any(is_heading_line(line, h) for line in lines)
    ]
    if len(headings) >= 3:
        return Request(CheckKind.SUMMARY, text, text)
    return None


def _pasted_case(text: str) -> Request | None:
    if any(part not in text for part in CASE_PARTS):
        return None
    if len(normalize(text)) < 40 or (len(text) < 80 and _QUESTION_WORDS.search(text)):
        return None
    return Request(CheckKind.CASE, text, text)

