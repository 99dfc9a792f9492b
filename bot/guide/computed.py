"""Answers worked out from the guide's rules for what a question names.

"我们办了7场活动，分类2能选几项" has no fixed answer in any entry: the limit follows from
（一）3 for that count, with both readings where the guide contradicts itself. "名称能带江苏两个字
吗" names a word the guide neither bans nor allows: the answer says which words （一）1 names.
"""

from __future__ import annotations

import re

from bot.guide.category2 import activity_mentions
from bot.guide.rules import (
    ACTIVITIES_PER_FUNCTION,
    BANNED_WORDS,
    CATEGORY2_TOP,
    CONSULT_PHONE,
    MAX_CATEGORY2,
    MIN_PARTICIPANTS,
    NAME_SUFFIX,
    SIMILAR_WORDS,
    Clause,
    max_category2_options,
    table_bracket,
)
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

_CATEGORY2 = re.compile(
    r"分类\s*(2|二|Ⅱ)|功能分类|服务功能|选几[项个]|能选|可选|选多少|选\s*\d\s*[项个]|功能"
)
_ASKED = re.compile(r"选\s*(\d)\s*[项个]")


def activity_count(query: Query) -> int | None:
    """The number of activities named in the question (12场, 十二次), if any; a number of
    activities with too few people ("其中3场只有8人") is not it."""
    return activity_mentions(query.numeric).first


def answer_category2_count(query: Query) -> Reply | None:
    """A computed 分类2 limit, or None when the message is not such a question."""
    if not _CATEGORY2.search(query.numeric):
        return None
    mentions = activity_mentions(query.numeric)
    total, small = mentions.first, mentions.too_few
    if total is None and not small:
        return None
    # "9场活动都不到10人": the only number of activities is that of those with too few people.
    total = small if total is None else total
    count = total - small if small <= total else total
    limit = max_category2_options(count)
    asked = _ASKED.search(query.numeric)
    condition = (
        f"条件：每选1项服务功能，上年度都要有至少{ACTIVITIES_PER_FUNCTION}场与该功能相关的专场活动，"
        f"且每场服务对象参与人数不少于{MIN_PARTICIPANTS}人（不足{MIN_PARTICIPANTS}人的活动不计入）；"
        f"分类2最多选{MAX_CATEGORY2}项。"
    )
    if count == 0:
        text = "没有参与人数达标的活动，服务功能分类2一项也不能选。"
    elif limit.most == 0:
        text = f"开展{count}场活动，不足{ACTIVITIES_PER_FUNCTION}场，服务功能分类2一项也不能选。"
    elif limit.ambiguous:
        low, high = limit.readings
        text = (
            f"开展{count}场活动，指南这里有两种读法：按“{_table_line(count)}”是不超过{low}项；"
            f"按{_other_reading(count, high)}是不超过{high}项。"
            f"选{low}项两种读法都符合；想选{high}项请先打电话{CONSULT_PHONE}确认。"
        )
    else:
        text = f"开展{count}场活动，服务功能分类2最多选{limit.most}项（不超过{limit.most}项）。"
    if count != total:
        kept = f"按{count}场算。" if count else ""
        text = f"{total}场里有{small}场参与人数不足{MIN_PARTICIPANTS}人，不计入，{kept}" + text
    if asked is not None and limit.ambiguous is False:
        wanted = int(asked.group(1))
        verdict = "可以" if wanted <= limit.most else "不可以"
        text = f"{verdict}选{wanted}项。" + text
    return Reply(ReplyKind.COMPUTED, text + "\n" + condition, clause=Clause.CATEGORY2)


def _table_line(count: int) -> str:
    """The line of （一）3's table a count falls under, as the answer quotes it."""
    bracket = table_bracket(count)
    if bracket is None:
        return f"开展{CATEGORY2_TOP[0]}场及以上可选不超过{CATEGORY2_TOP[1]}项"
    return f"开展活动不超过{bracket[0]}场只能选不超过{bracket[1]}项"


def _other_reading(count: int, high: int) -> str:
    """Where the larger of two readings comes from: the table's last line, or else three
    activities per function."""
    if count >= CATEGORY2_TOP[0]:
        return f"“{CATEGORY2_TOP[0]}场及以上可选不超过{CATEGORY2_TOP[1]}项”"
    return f"“每项至少{ACTIVITIES_PER_FUNCTION}场”，{count}场可支撑{high}项"


# "名称能不能带江苏两个字", "平台名字里可以有‘科技’吗": a word asked about for the name.
# Matched on the normalised text: simplified, without spaces, quotes or punctuation.
_NAME_WORD = re.compile(
    r"(?:平台)?(?:名称|名字|平台名)(?:里|中|里面|当中)?"
    r"(?P<modal>能不能|可不可以|能|可以|允许)?(?:带|含|含有|有|用|加|出现|写)(?:上|个)?"
    r"(?P<word>[\u4e00-\u9fffa-z]{1,8}?)"
    r"(?:两个字|二字|俩字|这个字|这个词|这几个字|字样|字)?"
    r"(?P<tail>吗|不|么|嘛|可以吗|可以不|行吗|行不行|行不|可不可以|能行吗)?$"
)
_NOT_A_WORD = re.compile(r"哪|什么|啥|几|结尾|开头|作为|后缀|前缀")


def answer_name_word(query: Query) -> Reply | None:
    """Whether a word the guide does not list may be in the platform name; None for the words
    it lists (the FAQ entry answers those) and for other questions."""
    m = _NAME_WORD.search(query.norm)
    if m is None or not (m.group("modal") or m.group("tail")):
        return None
    word = m.group("word")
    if _NOT_A_WORD.search(word) or any(banned in word for banned in BANNED_WORDS):
        return None
    listed = "".join(f"“{banned}”" for banned in BANNED_WORDS)
    part_of = [banned for banned in BANNED_WORDS if word in banned]
    if word == NAME_SUFFIX:
        text = f"可以，而且必须有：平台名称须以“{NAME_SUFFIX}”作为结尾，如“XXX{NAME_SUFFIX}”。"
    elif part_of:
        text = (
            f"指南点名不得包含的是{listed}等字样，其中有“{part_of[0]}”；单独一个“{word}”字"
            f"指南没有说，拿不准请打{CONSULT_PHONE}确认。名称还须以“{NAME_SUFFIX}”结尾。"
        )
    elif any(similar in word for similar in SIMILAR_WORDS):
        text = (
            f"指南规定平台名称中不得包含{listed}等字样。“{word}”没有被点名，但和“国家”“中国”"
            f"是同一类词，不建议用；拿不准请打{CONSULT_PHONE}确认。名称还须以“{NAME_SUFFIX}”结尾。"
        )
    else:
        text = (
            f"指南没有限制“{word}”：平台名称中不得包含的是{listed}等字样，"
            f"名称须以“{NAME_SUFFIX}”结尾。"
            f"因为写的是“等字样”，拿不准的词请打{CONSULT_PHONE}确认。"
        )
    return Reply(ReplyKind.COMPUTED, text, clause=Clause.NAME)
