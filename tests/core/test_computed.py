"""Numeric 分类2 questions are computed from （一）3, never looked up."""

from __future__ import annotations

import re

import pytest

from bot.computed import activity_count, answer_category2_count
from bot.query import Query
from bot.reply import CONSULT_PHONE, ReplyKind


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param("我们办了7场活动，分类2能选几项", 7, id="digits"),
        pytest.param("一年做了五场活动，功能分类2最多选几项", 5, id="chinese-numeral"),
        pytest.param("搞了十二次活动服务功能分类二选几个", 12, id="twelve-times"),
        pytest.param("两场活动能选分类2吗", 2, id="liang"),
        pytest.param("８场活动能选几个分类２", 8, id="full-width"),
        pytest.param("分类2怎么选", None, id="no-count"),
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
