"""Answers worked out from the guide's rules for what a question names.

"我们办了7场活动，分类2能选几项" has no fixed answer in any entry: the limit follows from
（一）3 for that count, with both readings where the guide contradicts itself. "名称能带江苏两个字
吗" names a word the guide neither bans nor allows: the answer says which words （一）1 names.
"""

from __future__ import annotations

import re

from bot.guide.category2 import (
    ActivityMentions,
    activity_mentions,
    mentions_enterprises,
    says_online,
)
from bot.guide.rules import (
    ACTIVITIES_PER_FUNCTION,
    BANNED_WORDS,
    CATEGORY2_TOP,
    CONSULT_PHONE,
    MAX_CATEGORY2,
    MAX_PHOTOS,
    MIN_PARTICIPANTS,
    MIN_PHOTOS,
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
_ASKED = re.compile(r"(?:选|报|勾|填|选择)\s*(\d)\s*[项个]")


def activity_count(query: Query) -> int | None:
    """The number of activities named in the question (12场, 十二次), if any; a number of
    activities with too few people ("其中3场只有8人") is not it."""
    return activity_mentions(query.numeric).first


def answer_category2_count(query: Query) -> Reply | None:
    """A computed 分类2 limit, or None when the message is not such a question. A message that
    only states its activities, some of them online ("一共9场，有2场是线上的"), gets what follows
    for 分类2 both ways, since the guide says nothing about online activities."""
    asks = _CATEGORY2.search(query.numeric) is not None
    if not asks and not says_online(query.numeric):
        return None
    mentions = activity_mentions(query.numeric)
    count = mentions.qualifying
    if count is None:
        return None
    if mentions.online:
        return _online_reply(mentions, count)
    if not asks:
        return None
    limit = max_category2_options(count)
    asked = _ASKED.search(query.numeric)
    text = _limit_text(count)
    said = _what_counts(mentions, count)
    if said:
        text = said + text
    if mentions_enterprises(query.numeric):
        text += (
            f"\n注意：指南对每场活动的要求是服务对象参与人数不少于{MIN_PARTICIPANTS}人，"
            f"没有对参加企业数设下限；参加企业少、人数达到{MIN_PARTICIPANTS}人的场次照样计入。"
        )
    if asked is not None and limit.ambiguous is False:
        wanted = int(asked.group(1))
        verdict = "可以" if wanted <= limit.most else "不可以"
        text = f"{verdict}选{wanted}项。" + text
    return Reply(ReplyKind.COMPUTED, text + "\n" + _CONDITION, clause=Clause.CATEGORY2)


_CONDITION = (
    f"条件：每选1项服务功能，上年度都要有至少{ACTIVITIES_PER_FUNCTION}场与该功能相关的专场活动，"
    f"且每场服务对象参与人数不少于{MIN_PARTICIPANTS}人（不足{MIN_PARTICIPANTS}人的活动不计入）；"
    f"分类2最多选{MAX_CATEGORY2}项。"
)


def _what_counts(mentions: ActivityMentions, count: int) -> str:
    """Which of the activities the asker named count, when not all of them do."""
    small = mentions.too_few
    if not small:
        return ""
    kept = f"按{count}场算。" if count else ""
    if mentions.first is not None and small <= mentions.first:
        return f"{mentions.first}场里有{small}场参与人数不足{MIN_PARTICIPANTS}人，不计入，{kept}"
    if mentions.enough:
        return (
            f"参与人数不足{MIN_PARTICIPANTS}人的{small}场不计入，"
            f"人数达标的{mentions.enough}场计入，{kept}"
        )
    return ""


def _limit_text(count: int) -> str:
    """What （一）3 allows for `count` qualifying activities, with both readings at 6 and 9."""
    limit = max_category2_options(count)
    if count == 0:
        return "没有参与人数达标的活动，服务功能分类2一项也不能选。"
    if limit.most == 0:
        return f"开展{count}场活动，不足{ACTIVITIES_PER_FUNCTION}场，服务功能分类2一项也不能选。"
    if limit.ambiguous:
        low, high = limit.readings
        return (
            f"开展{count}场活动，指南这里有两种读法：按“{_table_line(count)}”是不超过{low}项；"
            f"按{_other_reading(count, high)}是不超过{high}项。"
            f"选{low}项两种读法都符合；想选{high}项请先打电话{CONSULT_PHONE}确认。"
        )
    return f"开展{count}场活动，服务功能分类2最多选{limit.most}项（不超过{limit.most}项）。"


def _online_reply(mentions: ActivityMentions, count: int) -> Reply:
    """Online activities: the guide says nothing about them, so both cases are worked out and
    the question is handed to the consultation phone."""
    without = max(count - mentions.online, 0)
    text = (
        f"指南没有说线上活动算不算。它对活动写明的只有：每场服务对象参与人数不少于"
        f"{MIN_PARTICIPANTS}人，每场都要有通知、签到表和{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片，"
        f"此外没有别的规定。按你们的情况：\n"
        f"线上的{mentions.online}场也算，共{count}场：{_limit_text(count)}\n"
        f"线上的不算，剩{without}场：{_limit_text(without)}\n"
        f"线上活动能不能算，请打咨询电话{CONSULT_PHONE}确认。"
    )
    return Reply(ReplyKind.GAP, text, clause=Clause.CATEGORY2)


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
    r"(?:[两二三四五六七八九几俩]个字|二字|俩字|这个字|这个词|这几个字|字样|字)?"
    r"(?P<tail>(?:也|都|还)?(?:吗|不|么|嘛|可以吗|可以不|行吗|行不行|行不|可不可以|能行吗|"
    r"不行吗|不可以吗|不能吗|不行么))?$"
)
_NOT_A_WORD = re.compile(
    r"哪|什么|啥|几|结尾|开头|作为|后缀|前缀|要求|规定|限制|讲究|禁忌|忌讳|说法|条件|标准|"
    r"英文|拼音|字母|数字|简称|缩写|全称|符号|括号|繁体"
)


# Characters that, next to a listed word, are not part of a longer word ("有中国", "国家级",
# which the FAQ's phrasings name).
_NOT_WORD_PART = frozenset("有带含用加写叫是的了要改能可以行不吗么俩两个字级")


def _longer_word(word: str, banned: str) -> bool:
    """Whether `word` is a listed word with up to three characters more that make a word of
    their own (示范区, 中国梦), not question words around it."""
    if banned not in word or word == banned:
        return False
    rest = word.replace(banned, "", 1)
    return len(rest) <= 3 and not set(rest) & _NOT_WORD_PART


def answer_name_word(query: Query) -> Reply | None:
    """Whether a word the guide does not list may be in the platform name; None for the words
    it lists (the FAQ entry answers those) and for other questions."""
    m = _NAME_WORD.search(query.norm)
    if m is None or not (m.group("modal") or m.group("tail")):
        return None
    word = m.group("word")
    if _NOT_A_WORD.search(word) or word in BANNED_WORDS:
        return None
    listed = "".join(f"“{banned}”" for banned in BANNED_WORDS)
    part_of = [banned for banned in BANNED_WORDS if word in banned]
    holds = [banned for banned in BANNED_WORDS if _longer_word(word, banned)]
    if any(banned in word for banned in BANNED_WORDS) and not holds:
        return None  # the listed word itself, in other words: the FAQ answers
    if holds:
        # "示范区", "国家级": a longer word still contains the listed characters.
        text = (
            f"不行：平台名称中不得包含{listed}等字样，“{word}”里含有“{holds[0]}”，"
            f"整个词带进名称也算包含。名称还须以“{NAME_SUFFIX}”结尾。"
        )
    elif word == NAME_SUFFIX:
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


# "平台名称能直接用公司名吗", "名字就用我们单位全称行不行": the organisation's own name as the
# platform name, judged by the two rules of （一）1.
_NAME_ASKED = re.compile(r"平台(?:的)?(?:名称|名字|名)|(?:作为|当|当作|做)平台|平台叫|平台起名")
_ORG_NAME = re.compile(
    r"(?:公司|单位|企业|机构|中心|协会|学校|学院|研究院)(?:的)?(?:名称|名字|全称|名)|全称|"
    r"直接用(?:我们)?(?:的)?(?:公司|单位|企业|机构|中心|协会)"
)
_ORG_SUFFIXES = (
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "公司",
    "集团",
    "协会",
    "商会",
    "联合会",
    "研究院",
    "研究所",
    "服务中心",
    "中心",
    "事务所",
    "基地",
    "学院",
    "大学",
)
_STATED_ORG = re.compile(
    r"(?:全称是|全称为|全称叫|名称是|名字是|叫做|名为|名叫|全称|叫|是)[：:“\"「]?(?P<org>[\u4e00-\u9fffA-Za-z]{2,30}?(?:"
    + "|".join(_ORG_SUFFIXES)
    + r"))"
)


_ADDS_SUFFIX = re.compile(
    r"(?:加|带|接|跟|后面加|后面带)上?[“\"「]?平台|以?平台(?:两个字|二字)?结尾"
)


def answer_org_as_name(query: Query) -> Reply | None:
    """Whether the asker's organisation name can be the platform name: it must end with 平台
    and hold none of the listed words (（一）1), which an organisation's name rarely does."""
    text = query.simplified
    if not _NAME_ASKED.search(text) or not _ORG_NAME.search(text):
        return None
    stated = _STATED_ORG.search(text)
    org = stated.group("org") if stated else None
    listed = "".join(f"“{banned}”" for banned in BANNED_WORDS)
    rule = (
        f"指南对平台名称的要求是：不得包含{listed}等字样，须以“{NAME_SUFFIX}”作为名称结尾，"
        f"如“XXX{NAME_SUFFIX}”"
    )
    if _ADDS_SUFFIX.search(text):
        text = f"可以。{rule}；以“{NAME_SUFFIX}”结尾、不含上述字样就符合，此外没有别的要求。"
    elif org is None:
        text = (
            f"单位名称不以“{NAME_SUFFIX}”结尾的，不能直接用作平台名称。{rule}；此外没有别的要求。"
        )
    elif org.endswith(NAME_SUFFIX):
        text = f"{rule}。"
    else:
        ending = next(s for s in _ORG_SUFFIXES if org.endswith(s))
        held = [banned for banned in BANNED_WORDS if banned in org]
        text = (
            f"不能直接用：“{org}”以“{ending}”结尾，不是以“{NAME_SUFFIX}”结尾"
            + (f"，还含有“{held[0]}”" if held else "")
            + f"。{rule}；此外没有别的要求。"
        )
    return Reply(ReplyKind.COMPUTED, text, clause=Clause.NAME)
