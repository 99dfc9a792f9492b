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

from bot.checks.activity_table import parse_table
from bot.checks.category import parse_selection
from bot.checks.fields import CATEGORY_FIELD, NAME_FIELD, REQUEST_TAIL
from bot.checks.name_request import MARKERS as NAME_MARKERS
from bot.checks.name_request import name_request
from bot.checks.rows import Origin
from bot.checks.summary import PARTS, SUBPARTS, is_heading_line
from bot.guide.rules import CASE_PARTS
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
    FILE = "file"
    """A file said to be sent, but none came with the message."""


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
    r"合适吗|合适不|行不|对不|是否可以|能选吗|对吧|是吧|没错吧|没问题吧"
)
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
_CATEGORY_ASKED = re.compile(
    r"(?:服务)?(?:功能)?分类\s*(?P<n>[12一二]|II?)\s*(?:里|中)?\s*"
    r"(?:我们|我)?(?:想|打算|准备|能|可以|可不可以|能不能|要)?\s*"
    r"(?:选|填|选择|勾选|勾|报|写|选的是|填的是|是)(?:了|成|为|的是)?\s*[:：]?\s*"
    r"(?P<body>[^，,。？?！!\n]+)",
)
_CHOICE_TAIL = re.compile(rf"\s*(?:这个|这样|这几项|这些)?\s*(?:{_TAILS}|吗|呢|啊|吧)+\s*$")
_OPTION_LIKE = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{0,8}(?:服务|咨询|保护|辅导|培训|营销|开发|融资|税务|交易|支持|引进|"
    r"合作|展销|产权|管理|推广|诊断)$"
)
_NOT_A_CHOICE = re.compile(r"^(?:\d|几|多少|哪|什么|啥|不超过|最多|至少|一项|两项|三项)|还是")
_TAB_ROW_MIN_TABS = 8
_CATEGORY_KINDS = frozenset({CheckKind.CATEGORY1, CheckKind.CATEGORY2, CheckKind.DRAFT})
_HEADER_MIN_COLUMNS = 4


# Words one of which every check request holds (`_may_be_request`), read off the patterns
# below: a verb of _COMMANDS/_COMMANDS_AFTER, 分类 (_CATEGORY_ASKED, CATEGORY_FIELD), 名称
# (NAME_FIELD), 主要做法 (_pasted_case) or a file's noun (_file_mention); `name_request` keeps
# its own (NAME_MARKERS). Keep in step with them: this only decides when `detect` can stop.
_REQUEST_MARKERS = re.compile(
    r"检查|自查|核对|检测|校对|审核|查一下|查查|看看|看一下|看下|把关|瞅|"
    r"名称|分类|" + re.escape(CASE_PARTS[0]) + "|"
    r"文件|附件|表|excel|xls|csv|wps|word|doc|pdf|文档|材料",
    re.IGNORECASE,
)
# Every pattern of a summary heading (`PARTS`, `SUBPARTS`) holds one of these words, and _HELP
# one of the verbs; it is matched on the normalised text, without the punctuation.
_HEADING_WORDS = re.compile(
    r"经验|做法|举措|主要工作|开展情况|成效|成果|成绩|业绩|问题|建议|计划|打算|安排|思路|重点|设想|"
    r"目标|展望|创新|服务模式|资源|合作机构|协同服务|活动|专项|惠企政策|政策落实"
)
_HELP_VERBS = re.compile(r"检查|自查|核对")


def _clean(text: str) -> str:
    return to_simplified(text).strip()


def _may_be_request(text: str) -> bool:
    """False only when `detect` would surely find nothing: most questions hold none of the
    words a check request needs, and are let through without trying every pattern."""
    if _REQUEST_MARKERS.search(text) or NAME_MARKERS.search(text):
        return True
    if "\t" in text or len(text.splitlines()) > 1:
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
        _file_mention(text)
        or _name_question(text)
        or _both_categories(text)
        or _category_question(text)
        or _pasted_fields(text)
        or _pasted_summary(text)
        or _pasted_case(text)
        or _pasted_table(text)
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
        body = _name_body(body)
    if kind is CheckKind.DRAFT:
        found = _pasted_fields(body) or _category_question(m.group(0).lstrip("/"))
        return found or Request(CheckKind.DRAFT, body, text)
    if kind in {CheckKind.ACTIVITIES, CheckKind.CASE, CheckKind.SUMMARY} and not explicit:
        # "检查活动要多少人" asks about a rule; a real paste is long or has line breaks. With
        # nothing after it ("帮我检查一下汇总表") the check says what to paste.
        if body and not m.group("sep") and len(body) < 30 and "\n" not in body:
            return None
    return Request(kind, body, text)


def _name_body(body: str) -> str:
    """ "XX平台，可以吗？" -> "XX平台": the question around a name is not part of it."""
    names = name_request(body)
    return "\n".join(names) if names else REQUEST_TAIL.sub("", body).strip()


def _name_question(text: str) -> Request | None:
    if NAME_FIELD.match(text):
        return None  # a pasted 平台名称：… field, checked as part of the draft
    names = name_request(text)
    return Request(CheckKind.NAME, "\n".join(names), text) if names else None


_SENT_NOUN = (
    r"(?:文件|附件|表格|汇总表|活动表|excel|xlsx|xls|csv|wps|word|docx|doc|pdf|文档|材料|表)"
)
_SENT_VERB = r"(?:上传|发送|传|发|丢|甩|放)"
# "我刚传了汇总表" / "文件发群里了" / "我发的表格": a file said to be sent already.
_FILE_SENT = re.compile(
    rf"{_SENT_VERB}(?:了|过)(?:一?[个份张])?[^,，。?？!！]{{0,6}}?{_SENT_NOUN}"
    rf"|{_SENT_NOUN}[^,，。?？!！]{{0,8}}?{_SENT_VERB}(?:到|在|给)?[^,，。?？!！]{{0,4}}?(?:了|过)"
    rf"|(?:刚|刚刚|刚才|已经|我)(?:才)?{_SENT_VERB}(?:上来|上去|过来)?的(?:那个|这个)?{_SENT_NOUN}"
    rf"|收到(?:我的?)?(?:发的)?{_SENT_NOUN}(?:了)?(?:吗|没)",
    re.IGNORECASE,
)
_FILE_ASKED = re.compile(
    r"帮|看|检查|查|瞅|瞧|审|核对|把关|收到|行吗|对吗|可以吗|有问题|有啥问题|有没有问题|怎么样|咋样|"
    r"能打开|打开"
)
_FILE_TROUBLE = re.compile(r"不了|不上|失败|出错|报错|怎么|如何|在哪|哪里|多大|格式")


def _file_mention(text: str) -> Request | None:
    """ "我刚传了汇总表，帮我看看" as text: the file is not in this message (item of issue 15:
    the reply says how to send it so it can be checked)."""
    if len(text.splitlines()) > 2 or len(text) > 80:
        return None
    if _FILE_SENT.search(text) and _FILE_ASKED.search(text) and not _FILE_TROUBLE.search(text):
        return Request(CheckKind.FILE, "", text)
    return None


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
    """ "分类1选技术支持，分类2选信息咨询、市场营销，办了8场": both selections in one line are
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
    """Rows of the summary table: a wide tab row, a header over rows, two rows split by
    commas or spaces, or lines that are all activities typed one a line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.count("\t") >= _TAB_ROW_MIN_TABS for line in lines):
        return Request(CheckKind.ACTIVITIES, text, text)
    if len(lines) < 2:
        return None
    table = parse_table(text)
    pasted = [row for row in table.rows if row.origin is Origin.PASTE]
    typed = [row for row in table.rows if row.origin is Origin.LINE]
    header = len(table.header) >= _HEADER_MIN_COLUMNS and table.rows
    all_typed = (
        len(typed) >= 2
        and len(typed) + len(table.unparsed)
        <= len(lines) - (table.skipped.titles + table.skipped.headers)
        and len(table.unparsed) <= len(typed) // 2
    )
    if header or len(pasted) >= 2 or all_typed:
        return Request(CheckKind.ACTIVITIES, text, text)
    return None


def _pasted_summary(text: str) -> Request | None:
    lines = text.splitlines()
    headings = [h for h in (*PARTS, *SUBPARTS) if any(is_heading_line(line, h) for line in lines)]
    if len(headings) >= 3:
        return Request(CheckKind.SUMMARY, text, text)
    return None


def _pasted_case(text: str) -> Request | None:
    if any(part not in text for part in CASE_PARTS):
        return None
    if len(normalize(text)) < 40 or (len(text) < 80 and _QUESTION_WORDS.search(text)):
        return None
    return Request(CheckKind.CASE, text, text)
