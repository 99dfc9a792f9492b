"""Numeric 分类2 questions are computed from （一）3, never looked up."""

from __future__ import annotations

import re

import pytest

from bot.guide.computed import (
    activity_count,
    answer_category2_count,
    answer_name_word,
    answer_org_as_name,
)
from bot.guide.rules import CONSULT_PHONE
from bot.reply import ReplyKind
from bot.text.query import Query


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param("我们办了7场活动，分类2能选几项", 7, id="digits"),
        pytest.param("一年做了五场活动，功能分类2最多选几项", 5, id="chinese-numeral"),
        pytest.param("搞了十二次活动服务功能分类二选几个", 12, id="twelve-times"),
        pytest.param("两场活动能选分类2吗", 2, id="liang"),
        pytest.param("８场活动能选几个分类２", 8, id="full-width"),
        pytest.param("分类2怎么选", None, id="no-count"),
        pytest.param("其中3场只有8个人，一共15场活动", 15, id="small-ones-first"),
        pytest.param("9场活动都不到10人", None, id="all-small"),
    ],
)
def test_activity_count(text: str, count: int | None) -> None:
    """The count next to 场/次 is found in digits, Chinese numerals and full width."""
    assert activity_count(Query(text)) == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("我们办了7场活动，分类2能选几项", r"最多选2项", id="seven"),
        pytest.param("一年做了5场活动，功能分类2最多选几项", r"最多选1项", id="five"),
        pytest.param(
            "我们做了20场活动分类2能选4项吗", r"不可以选4项.*最多选3项", id="twenty-ask-4"
        ),
        pytest.param("做了12场活动分类2能选3项吗", r"^可以选3项", id="twelve-ask-3"),
        pytest.param("只办了2场活动，服务功能分类2能选几个", r"一项也不能选", id="two"),
        pytest.param("6场专场活动选两个功能可以不", r"不超过1项.*不超过2项", id="gongneng-six"),
        pytest.param(
            "10场活动其中2场不到10人，能选几项",
            r"^10场里有2场参与人数不足10人，不计入，按8场算。.*最多选2项",
            id="two-too-small",
        ),
        pytest.param(
            "一共做了十五场，有三场只有八个人，分类2选3项行吗",
            r"^可以选3项。15场里有3场.*按12场算",
            id="three-too-small-ask-3",
        ),
        pytest.param(
            "12场活动，有1场只有12个人，分类2能选几个",
            r"^开展12场活动.*最多选3项",
            id="enough-people",
        ),
        pytest.param(
            "10场活动，有2场不到20人，分类2能选几个", r"^开展10场活动", id="fewer-than-twenty"
        ),
        pytest.param("9场活动都不到10人 能选分类2吗", r"一项也不能选", id="all-too-small"),
    ],
)
def test_computed_answers(text: str, expected: str) -> None:
    """The limit, the conditions (3 per function, ≥10 people) and the clause are given."""
    reply = answer_category2_count(Query(text))
    assert reply is not None
    assert reply.kind is ReplyKind.COMPUTED
    assert reply.clause == "（一）3"
    assert re.search(expected, reply.text), reply.text
    assert "10人" in reply.text
    assert "3场" in reply.text


@pytest.mark.parametrize("count", [6, 9])
def test_ambiguous_counts_give_both_readings(count: int) -> None:
    """At 6 and 9 both readings are given and the consultation phone is advised."""
    reply = answer_category2_count(Query(f"开展了{count}场活动，分类2可以选几项"))
    assert reply is not None
    low, high = (1, 2) if count == 6 else (2, 3)
    assert f"不超过{low}项" in reply.text
    assert f"不超过{high}项" in reply.text
    assert CONSULT_PHONE in reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("活动至少多少人参加才算", id="no-category"),
        pytest.param("分类2怎么选", id="no-count"),
        pytest.param("证明材料放20场就行吗", id="proof-materials"),
    ],
)
def test_not_a_numeric_category2_question(text: str) -> None:
    """Other questions are left to the knowledge base."""
    assert answer_category2_count(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("名称能不能带江苏两个字", r"^指南没有限制“江苏”", id="jiangsu"),
        pytest.param("平台名称里可以有“科技”吗", r"^指南没有限制“科技”", id="quoted"),
        pytest.param("平台名称可以有智慧两个字吗", r"^指南没有限制“智慧”", id="word"),
        pytest.param("名字能加全国两个字吗", r"“全国”没有被点名.*不建议用", id="similar"),
        pytest.param("名称能带省字吗", r"其中有“省级”；单独一个“省”字指南没有说", id="part"),
        pytest.param("名称里有平台两个字可以吗", r"^可以，而且必须有", id="suffix"),
        pytest.param("名称带高新示范区几个字行不", r"^不行.*“高新示范区”里含有“示范”", id="longer"),
        pytest.param("平台名字能用中国梦三个字吗", r"^不行.*“中国梦”里含有“中国”", id="longer-2"),
    ],
)
def test_name_word_answers(text: str, expected: str) -> None:
    """A word the guide does not list is neither banned nor allowed outright."""
    reply = answer_name_word(Query(text))
    assert reply is not None
    assert reply.kind is ReplyKind.COMPUTED
    assert reply.clause == "（一）1"
    assert re.search(expected, reply.text), reply.text
    if "没有" in expected or "单独" in expected:
        assert CONSULT_PHONE in reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("名称带中国可以吗", id="banned-faq-answers"),
        pytest.param("名称能写国家级吗", id="banned-inside"),
        pytest.param("名称有哪些字不能用", id="which"),
        pytest.param("名称能用中心结尾吗", id="ending"),
        pytest.param("名称有江苏", id="statement"),
        pytest.param("平台名称有什么要求", id="rule"),
        pytest.param("名称有要求吗", id="rule-yes-no"),
        pytest.param("平台起名有啥禁忌吗", id="taboo"),
        pytest.param("平台名称可以有英文吗", id="script"),
        pytest.param("名称能用简称吗", id="short-form"),
    ],
)
def test_name_word_leaves_other_questions(text: str) -> None:
    """Questions that do not ask about one word of the name are left to the FAQ."""
    assert answer_name_word(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "单位全称是常州某某科技服务有限公司，平台名称能用这个吗",
            r"^不能直接用：“常州某某科技服务有限公司”以“有限公司”结尾",
            id="company",
        ),
        pytest.param(
            "我们是某某市中小企业服务中心，平台名字直接用中心的名称行吗",
            r"^不能直接用：“某某市中小企业服务中心”以“服务中心”结尾",
            id="centre",
        ),
        pytest.param(
            "平台名称用公司全称加上平台两个字可以吗", r"^可以。指南对平台名称的要求", id="suffix"
        ),
        pytest.param("平台名字直接用单位名称可以不", r"^单位名称不以“平台”结尾的", id="unnamed"),
    ],
)
def test_the_organisation_name_as_platform_name(text: str, expected: str) -> None:
    """The asker's own organisation name is judged by the two rules of （一）1."""
    reply = answer_org_as_name(Query(text))
    assert reply is not None
    assert (reply.kind, reply.clause) == (ReplyKind.COMPUTED, "（一）1")
    assert re.search(expected, reply.text), reply.text
    assert "须以“平台”作为名称结尾" in reply.text


@pytest.mark.parametrize("text", ["平台名称有什么要求", "公司名称填在哪", "单位全称要写在总结里吗"])
def test_organisation_name_needs_a_name_question(text: str) -> None:
    """No question about using the organisation's name as the platform name: None."""
    assert answer_org_as_name(Query(text)) is None
