"""`natural_intent` and `run`: check requests in, check replies out, everything else None."""

from __future__ import annotations

from datetime import date

import pytest

from bot import checks
from bot.checks import CheckKind, Request, natural_intent, run
from bot.config import Settings
from bot.reply import ReplyKind
from bot.text.query import Query
from tests.core.checks.test_activities import row


def _today() -> date:
    return date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        pytest.param("检查名称：常州市中小企业公共服务平台", ["✅"], ["❌", "不符合"],
                     id="pass"),
        pytest.param("检查名称：南京示范科技平台", ["示范", "不得", "❌"], [], id="fail"),
        pytest.param("这个名称行不行：國家科技平台（苏州）", ["国家", "括号"], [],
                     id="traditional-and-bracket"),
        pytest.param("分类1选综合服务可以吗", ["中小企业服务中心", "（一）2"], ["❌"],
                     id="comprehensive"),
        pytest.param("我们是常州市中小企业服务中心，分类1选综合服务可以吗", ["✅ 符合要求"], [],
                     id="comprehensive-centre"),
        pytest.param("分类2选了管理咨询、信息咨询、市场营销，我们一共8场活动，可以吗",
                     ["最多只能选2项", "❌"], [], id="category2-over-limit"),
        pytest.param("平台名称：南京科技平台\n服务功能分类1：技术服务",
                     ["平台名称检查：✅", "服务功能分类1检查：❌", "活动类别"], [], id="draft"),
    ],
)
def test_natural_checks(text: str, present: list[str], absent: list[str]) -> None:
    """Natural check requests get a CHECK reply with the expected verdict words."""
    reply = natural_intent(today=_today)(Query(text))
    assert reply is not None
    assert reply.kind is ReplyKind.CHECK
    rendered = reply.render()
    for word in present:
        assert word in rendered
    for word in absent:
        assert word not in rendered


def test_help_has_one_example_per_check() -> None:
    """怎么检查 explains every check with an example."""
    reply = natural_intent(today=_today)(Query("怎么检查"))
    assert reply is not None
    assert reply.kind is ReplyKind.HELP
    for example in ("检查名称：", "分类1选综合服务", "/检查活动", "/检查案例", "/检查总结"):
        assert example in reply.text


@pytest.mark.parametrize("text", ["平台名称有什么要求", "名称能写国家级吗", "分类1选几项"])
def test_questions_fall_through(text: str) -> None:
    """Ordinary questions return None, leaving them to the next intents."""
    assert natural_intent(today=_today)(Query(text)) is None


@pytest.mark.parametrize(
    ("settings", "year"),
    [
        pytest.param(None, 2024, id="default-previous-year"),
        pytest.param(Settings(assistant_reporting_year=2023), 2023, id="configured"),
    ],
)
def test_reporting_year_reaches_the_activity_check(settings: Settings | None, year: int) -> None:
    """The configured year, else the year before `today`, is what dates are held against."""
    reply = natural_intent(settings, today=_today)(Query(row(when=f"{year}/3/5")))
    assert reply is not None
    assert f"日期在{year}年内" in reply.text
    assert "✅ 符合要求" in reply.text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param(CheckKind.NAME, "/检查名称", id="name"),
        pytest.param(CheckKind.ACTIVITIES, "/检查活动", id="activities"),
        pytest.param(CheckKind.CASE, "/检查案例", id="case"),
        pytest.param(CheckKind.SUMMARY, "/检查总结", id="summary"),
        pytest.param(CheckKind.DRAFT, "服务功能分类1", id="draft"),
    ],
)
def test_empty_body_gets_usage(kind: CheckKind, expected: str) -> None:
    """A command without text explains what to send, with an example."""
    reply = run(Request(kind, ""), year=2024)
    assert reply.kind is ReplyKind.HELP
    assert expected in reply.text


def test_too_many_names() -> None:
    """A paste of many lines under 检查名称 is refused politely."""
    reply = run(Request(CheckKind.NAME, "\n".join(f"{i}平台" for i in range(30))), year=2024)
    assert "一次最多检查20个名称" in reply.text


def test_several_names_are_checked_each() -> None:
    """Several names, one a line, each get their own verdict."""
    reply = run(Request(CheckKind.NAME, "A科技平台\n中国B平台"), year=2024)
    assert reply.text.count("平台名称检查") == 2


def test_a_failing_rule_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside a check becomes a polite reply, never a traceback in chat."""

    def broken(_: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(checks, "check_case", broken)
    reply = run(Request(CheckKind.CASE, "主要做法"), year=2024)
    assert reply.kind is ReplyKind.CHECK
    assert "没能检查完" in reply.text


def test_at_all_code_is_echoed_as_text() -> None:
    """A pasted CQ code is echoed as the plain characters the user typed."""
    reply = run(Request(CheckKind.NAME, "[CQ:at,qq=all]平台"), year=2024)
    assert "[CQ:at,qq=all]平台" in reply.text


@pytest.mark.parametrize("text", ["我刚传了汇总表，帮我看看", "发了个文件，帮我看看"])
def test_file_said_to_be_sent_gets_how_to_send_it(text: str) -> None:
    """No file in the message: the reply says so and how to send one or paste the rows."""
    reply = natural_intent(today=_today)(Query(text))
    assert reply is not None
    assert reply.text == checks.NO_FILE
    for words in ("没有文件", "私聊", "@我", "粘贴", "/检查活动"):
        assert words in reply.text
