"""The code intent in chat: code questions are answered, everything else is left to the other
intents."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.codes import CodeBook, natural_intent
from bot.config import Settings
from bot.guide.knowledge import KnowledgeBase, Lexicon
from bot.reply import ReplyKind
from bot.text.query import Query
from tests.core.codes.queries import query_set


@pytest.mark.parametrize(("text", "code"), query_set(), ids=[q for q, _ in query_set()])
def test_query_is_answered_in_chat(book: CodeBook, text: str, code: str) -> None:
    """Each query of the set, sent as a chat message, gets a code reply naming its code."""
    reply = natural_intent(book)(Query(text))
    assert reply is not None
    assert reply.kind is ReplyKind.CODE
    assert code in reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("活动类别怎么填", id="activity-faq"),
        pytest.param("分类1选什么", id="category1-faq"),
        pytest.param("分类2选哪个", id="category2-faq"),
        pytest.param("注册账号收不到验证码", id="tech"),
        pytest.param("统一社会信用代码填什么", id="credit-code"),
        pytest.param("上传报错代码500", id="error-code"),
        pytest.param("8场活动能选几个分类2", id="numeric-category2"),
        pytest.param("2023年做了12场活动", id="year-and-count"),
        pytest.param("我们一年办了40多场材料都要提供吗", id="about-count"),
        pytest.param("40是什么", id="two-digit-not-a-class"),
        pytest.param("18", id="bare-two-digit-not-a-class"),
        pytest.param("807645478", id="qq-group-number"),
        pytest.param("培训活动属于哪类", id="activity-kind"),
        pytest.param("专利", id="bare-phrase"),
        pytest.param("附件2是什么", id="table-overview-faq"),
        pytest.param("代码去哪查", id="how-to-find-faq"),
        pytest.param("信息服务大类为什么没有中类代码", id="why-faq"),
        pytest.param("平台名称有什么要求", id="name-faq"),
        pytest.param("明天会下雨吗", id="weather"),
    ],
)
def test_natural_intent_leaves_other_questions_alone(book: CodeBook, text: str) -> None:
    """Messages that are not code questions go on to the other intents and the FAQ."""
    assert natural_intent(book)(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("注册公司是哪个代码", "1204", id="register-company-not-tech"),
        pytest.param("1403", "1403", id="bare-code"),
        pytest.param("17", "1701", id="bare-class"),
        pytest.param("知识产全代码", "1403", id="typo"),
        pytest.param("zscq", "1403", id="initials"),
        pytest.param("知識產權屬於哪類", "1403", id="traditional"),
        pytest.param("劳务派遣", "1308", id="bare-name"),
        pytest.param("展会活动是哪个代码", "1601", id="activity-word-with-code"),
        pytest.param("活动类别的代码是多少", "融资服务", id="activity-list-with-code"),
        pytest.param("9999是什么代码", "没有 9999", id="unknown"),
        pytest.param("1403是知识产权吗", "1403 知识产权", id="confirm-code"),
        pytest.param("1403、1606是什么", "1606 应用电子商务", id="two-codes"),
    ],
)
def test_natural_intent_takes_code_questions(book: CodeBook, text: str, code: str) -> None:
    """Code questions in chat are answered by the code intent."""
    reply = natural_intent(book)(Query(text))
    assert reply is not None
    assert code in reply.text


def test_assistant_routes_code_questions_before_the_tech_router() -> None:
    """Through the assistant, 注册公司 is a code question while a login problem stays technical."""
    empty = KnowledgeBase(clauses={}, entries={}, lexicon=Lexicon())
    assistant = Assistant(empty, Settings())
    assert assistant.reply("注册公司是哪个代码").kind is ReplyKind.CODE
    assert assistant.reply("注册账号收不到验证码").kind is ReplyKind.TECH
