"""The code intent of the assistant: whether a chat message really asks for a code of 附件2
(“专利是哪个代码”, “1403是什么”, a bare code name) and the reply when it does; everything else is
left to the other intents."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.codes.replies import MAX_KEYWORD_CHARS
from bot.reply import Reply
from bot.text.query import Query

if TYPE_CHECKING:
    from bot.codes.lookup import CodeBook

MAX_NATURAL_SUBJECT = 16
"""A chat message whose keyword part is longer than this is left to the other intents."""
NATURAL_WEAK_SCORE = 0.85
"""Without 代码 in the message, a question like “XX属于哪类” is taken only above this."""
NATURAL_GENERAL_SCORE = 0.95
"""A how/why/where question (专利代码怎么填) is taken only when the keyword names a code."""

_ANY_DIGIT = re.compile(r"[0-9]")
_STRONG_CUE = re.compile(r"代码|编码|代号|附件[2二]")
_NUMBER_CUE = re.compile(
    r"代码|编码|是什么|是啥|啥意思|什么意思|指什么|代表|对应|哪类|哪一类|哪个|大类|中类|"
    r"包括|包含|有哪些|下面|区别|差别|不同"
)
_WEAK_CUE = re.compile(
    r"属于哪|属于什么|属于啥|啥类|什么类|归哪|算哪|分到哪|哪一类|哪个类|哪类|选哪|填哪|写哪|对应哪|是多少|"
    r"下面有|下有哪些|下面是|包括哪些|包含哪些|有哪些中类|有哪些小类"
)
# How, why and where: a question about the table as a whole, which the FAQ answers.
_GENERAL = re.compile(
    r"为什么|为啥|怎么|如何|哪里|哪儿|在哪|去哪|几个|几类|几大类|几种|多少类|一共|总共|"
    r"讲的|讲什么|有什么用|干什么用|结构|不知道|定义"
)
# Without 代码 these words show the question is about activities or 分类1/2, not 附件2.
_OTHER_TOPIC = re.compile(r"活动|分类[12一二]|服务功能|功能分类")


def natural_reply(book: CodeBook, query: Query) -> Reply | None:
    """A reply when the message really asks for a code, else None for the other intents."""
    norm = query.norm
    if not norm or len(norm) > MAX_KEYWORD_CHARS + 10:
        return None
    if any(p in norm for p in book.not_code):
        return None
    strong = _STRONG_CUE.search(norm) is not None
    # Digits survive normalising, so a message without any in `norm` has no code number.
    numbers = book.code_numbers(query.raw) if _ANY_DIGIT.search(norm) else []
    if numbers:
        # Two digits are too common (40多场, 15位) to be a code unless they name a class
        # or the message says 代码; “1403是知识产权吗” asks about a code, “40吗” does not.
        likely = [n for n in numbers if len(n) == 4 or n in book.majors or strong]
        bare = norm in numbers
        if bare and len(norm) == 2 and norm not in book.majors:
            return None
        asks = _NUMBER_CUE.search(norm) or (
            "吗" in norm and any(len(n) == 4 for n in likely)
        )
        if likely and (bare or asks):
            return book.replies.numbers(likely[:5])
    if _OTHER_TOPIC.search(norm):
        # 活动类别怎么填 and 分类1选什么 belong to the FAQ; with 代码 in them they ask
        # which list is which, or for the code of an activity (展会活动是哪个代码).
        if not strong:
            return None
        other = book.replies.other_list(norm)
        if other is not None:
            return other
    # `keyword(query.raw)`, whose normalised form is `norm` already.
    keyword = book.strip_noise(norm)
    if not keyword or len(keyword) > MAX_NATURAL_SUBJECT:
        # Questions about the table as a whole (附件2是什么, 代码表有几大类) are FAQ entries.
        return None
    weak = _WEAK_CUE.search(norm) is not None
    if not (strong or weak or keyword == norm):
        return None
    if not (strong or weak) and not book.may_name_code(keyword):
        return None
    found = book.search(keyword)
    top_score = found[0].score if found else 0.0
    if _GENERAL.search(norm) and top_score < NATURAL_GENERAL_SCORE:
        # 代码去哪查, 信息服务为什么没有中类代码: about the table, not one code.
        return None
    if strong:
        return book.replies.keyword(keyword, found)
    if not found:
        return None
    top = found[0]
    if weak and top.score >= NATURAL_WEAK_SCORE:
        return book.replies.keyword(keyword, found)
    # A message that is nothing but a code name (劳务派遣) or its initials (zscq).
    if keyword != norm:
        return None
    if (top.how == "exact" and book.index.is_name(top)) or (
        top.how == "initials" and len(norm) >= 4
    ):
        return book.replies.keyword(keyword, found)
    return None


def natural_intent(codebook: CodeBook) -> Callable[[Query], Reply | None]:
    """The assistant's code intent: None unless the message really is a code question."""

    def intent(query: Query) -> Reply | None:
        return codebook.natural(query)

    return intent
