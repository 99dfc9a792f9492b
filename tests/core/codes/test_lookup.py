"""Looking codes up as `/代码` does: by code, name, everyday phrase, typo or pinyin, with the
replies naming the class, the nearest valid codes, the 99 code or the list a name comes from."""

from __future__ import annotations

import re

import pytest

from bot.codes import CodeBook
from bot.guide.rules import Clause
from bot.reply import ReplyKind
from tests.core.codes.queries import query_set


def test_query_set_accuracy(book: CodeBook) -> None:
    """Over at least 100 realistic queries: top-1 at least 95%, the code in the top 3 always."""
    cases = query_set()
    assert len(cases) >= 100
    ranked = {q: [c.code for c in book.rank(q)] for q, _ in cases}
    top1 = sum(ranked[q][:1] == [code] for q, code in cases) / len(cases)
    missing = [(q, code, ranked[q]) for q, code in cases if code not in ranked[q][:3]]
    assert missing == []
    assert top1 >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1403", ["1403 知识产权", "14 技术创新和质量服务"], id="minor"),
        pytest.param("1305是什么", ["1305 职称评审", "13 人才与培训服务"], id="minor-question"),
        pytest.param("14", ["14 技术创新和质量服务", "共25个中类", "1401 工业设计", "1499"],
                     id="major-lists-minors"),
        pytest.param("10", ["10 信息服务", "没有中类代码", "APP推送"], id="class-10-definition"),
        pytest.param("1403和1606分别是什么", ["1403 知识产权", "1606 应用电子商务"], id="two"),
        pytest.param("1206", ["创业辅导（为创业者和创办三年内的小企业"], id="long-1206"),
    ],
)
def test_code_replies(book: CodeBook, text: str, expected: list[str]) -> None:
    """A code gives its name and class; a class code gives its minors or its definition."""
    reply = book.lookup(text)
    assert reply.kind is ReplyKind.CODE
    assert reply.clause == Clause.CODE_TABLE
    for part in expected:
        assert part in reply.text


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        pytest.param("9999", ["1799"], id="far-out"),
        pytest.param("1888", ["1799", "1708"], id="no-class-18"),
        pytest.param("1115", ["1113", "1199"], id="gap-in-class"),
        pytest.param("1001", [], id="class-10-has-no-minors"),
    ],
)
def test_unknown_code_says_so_with_nearest(book: CodeBook, text: str, nearest: list[str]) -> None:
    """An unknown code is reported as missing, with the nearest valid codes and no made-up name."""
    reply = book.lookup(text)
    assert f"没有 {text} 这个代码" in reply.text
    for code in nearest:
        assert code in reply.text
    assert re.search(rf"{text} (?!这个)[\u4e00-\u9fff]", reply.text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("18", ["没有 18 这个大类", "10–17"], id="two-digit"),
        pytest.param("140", ["不是附件2的代码", "1401 工业设计", "1409"], id="three-digit"),
        pytest.param("", ["共8个大类", "10 信息服务", "17 法律服务"], id="empty-overview"),
        pytest.param("？？", ["共8个大类"], id="punctuation-only"),
        pytest.param("专" * 60, ["关键词太长了"], id="too-long"),
        pytest.param("[CQ:at,qq=all]", ["没找到"], id="cq-code-is-text"),
    ],
)
def test_bad_input_gets_a_clear_message(book: CodeBook, text: str, expected: list[str]) -> None:
    """Odd input gets a plain Chinese reply, never an exception or silence."""
    reply = book.lookup(text)
    assert reply.kind is ReplyKind.CODE
    for part in expected:
        assert part in reply.text


def test_close_candidates_are_offered_best_first(book: CodeBook) -> None:
    """贷款 fits two codes: both are offered, 1101 before 1105."""
    text = book.lookup("贷款").text
    assert "1101 银行信贷服务" in text
    assert "1105 小额贷款" in text
    assert text.index("1101") < text.index("1105")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("众筹", "1199", id="phrase-of-99"),
        pytest.param("法律顾问", "1799", id="class-word-plus-unknown"),
    ],
)
def test_nothing_specific_leads_to_the_99_code(book: CodeBook, text: str, code: str) -> None:
    """Without a specific minor code the class's 99 code is suggested, with the reason."""
    reply = book.lookup(text)
    assert code in reply.text
    assert "没有专门对应" in reply.text


def test_unmatched_keyword_gets_no_invented_code(book: CodeBook) -> None:
    """A word that fits nothing is answered as not found, with a pointer to the classes."""
    reply = book.lookup("物业服务")
    assert "没找到" in reply.text
    assert not re.search(r"\b1[0-7]\d\d\b", reply.text)
    assert reply.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "clause", "expected"),
    [
        pytest.param(
            "活动类别", "附件1 说明1", ["信息服务、创业服务、技术服务、培训服务、融资服务"],
            id="activity-categories",
        ),
        pytest.param("分类1", "（一）2", ["综合服务（仅限中小企业服务中心选择）", "法律咨询"],
                     id="category1"),
        pytest.param("服务功能分类2", "（一）3", ["不超过3项"], id="category2"),
    ],
)
def test_other_lists_are_answered_from_them(
    book: CodeBook, text: str, clause: str, expected: list[str]
) -> None:
    """活动类别 and 分类1/2 are answered from their own lists, with their clause."""
    reply = book.lookup(text)
    assert reply.clause == clause
    assert "不是附件2" in reply.text
    for part in expected:
        assert part in reply.text


@pytest.mark.parametrize(
    ("text", "code", "lists"),
    [
        pytest.param("信息服务", "10 信息服务", ["活动类别"], id="info-in-both"),
        pytest.param("展览展销", "1601", ["服务功能分类1"], id="category1-name"),
        pytest.param("技术服务", "14 技术创新和质量服务", ["活动类别", "不是附件2 的代码名称"],
                     id="activity-name-only"),
        pytest.param("技术支持", "14 技术创新和质量服务", ["服务功能分类1"], id="category1-only"),
    ],
)
def test_name_collisions_say_which_list(
    book: CodeBook, text: str, code: str, lists: list[str]
) -> None:
    """A name that is also a 活动类别 or 分类1 option is answered with the list it comes from."""
    reply = book.lookup(text)
    assert code in reply.text
    for part in lists:
        assert part in reply.text


def test_confidence_reflects_the_match(book: CodeBook) -> None:
    """An exact name is fully confident, a typo less, a guess less still."""
    exact = book.lookup("知识产权").confidence
    typo = book.lookup("知识财权").confidence
    missing = book.lookup("物业服务").confidence
    assert exact == 1.0
    assert missing < typo < exact
