"""The `/检查…` commands in private chat and in groups."""

from __future__ import annotations

from datetime import date

import pytest
from nonebot.adapters.onebot.v11 import Message, MessageSegment
from nonebug import App

from bot.checks import CheckKind
from bot.config import Settings
from bot.reply import ReplyKind
from tests.core.checks.test_activities import row
from tests.fake import (
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)

PASS_NAME = (
    "平台名称检查：✅ 符合要求\n名称：常州市中小企业公共服务平台\n"
    "✅ 不得含“国家”“中国”“省级”“示范”等字样\n✅ 须以“平台”结尾\n依据：填报指南（一）1"
)
FAIL_NAME = (
    "平台名称检查：❌ 不符合，有1处要改\n名称：南京示范科技平台\n"
    "❌ 不得含“国家”“中国”“省级”“示范”等字样：名称里有“示范”，要去掉\n"
    "✅ 须以“平台”结尾\n依据：填报指南（一）1"
)



def _private(text: str) -> Message:
    return Message(MessageSegment.text(text))


@pytest.fixture(autouse=True)
def _pin_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reporting year 2024 whatever the real date."""
    import plugins.checks

    monkeypatch.setattr(plugins.checks, "today", lambda: date(2025, 3, 1))


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("/检查名称 常州市中小企业公共服务平台", id="space"),
        pytest.param("/检查名称：常州市中小企业公共服务平台", id="colon"),
        pytest.param("/检查名称常州市中小企业公共服务平台", id="no-separator"),
        pytest.param("/check_name 常州市中小企业公共服务平台", id="english-alias"),
        pytest.param("/名称检查 “常州市中小企业公共服务平台”", id="alias-quoted"),
    ],
)
async def test_private_name_check(app: App, command: str) -> None:
    """A passing name gets the ✅ verdict, each rule and the clause."""
    from plugins.checks import check_name_cmd

    event = fake_private_message_event(command)
    async with app.test_matcher(check_name_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(PASS_NAME), result=None)


async def test_group_name_check_quotes_the_asker(app: App) -> None:
    """In a consultation group the verdict quotes the asker's message."""
    from plugins.checks import check_name_cmd

    event = fake_group_message_event("/检查名称 南京示范科技平台")
    async with app.test_matcher(check_name_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            MessageSegment.reply(event.message_id) + MessageSegment.text(FAIL_NAME),
            result=None,
        )


async def test_bare_check_explains(app: App) -> None:
    """`/检查` alone explains every check with an example."""
    from bot.checks import help_reply
    from plugins.checks import check_cmd

    event = fake_private_message_event("/检查")
    async with app.test_matcher(check_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(help_reply().render()), result=None)


async def test_check_guesses_the_kind(app: App) -> None:
    """`/检查 <名称>` without saying what it is checks it as a name."""
    from plugins.checks import check_cmd

    event = fake_private_message_event("/检查 常州市中小企业公共服务平台")
    async with app.test_matcher(check_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(PASS_NAME), result=None)


async def test_activities_private_has_details(app: App) -> None:
    """In private chat the per-row details follow the verdict."""
    from plugins.checks import check_activities_cmd, check_reply

    paste = row("1") + "\n" + row("2", name="企业沙龙", people="8")
    expected = check_reply(None, paste, Settings()).render()
    assert "逐行明细" in expected
    event = fake_private_message_event("/检查活动\n" + paste)
    async with app.test_matcher(check_activities_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(expected), result=None)


async def test_activities_group_is_short(app: App) -> None:
    """In a group only the verdict is sent, with a hint to ask privately for details."""
    from plugins.checks import GROUP_DETAIL_HINT, check_activities_cmd, check_reply

    paste = row("1") + "\n" + row("2", name="企业沙龙", people="8")
    reply = check_reply(None, paste, Settings())
    expected = reply.render(with_detail=False) + "\n" + GROUP_DETAIL_HINT
    assert "序号2「企业沙龙」8人" in expected
    assert "逐行明细：" not in expected
    event = fake_group_message_event("/检查活动\n" + paste)
    async with app.test_matcher(check_activities_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event, MessageSegment.reply(event.message_id) + MessageSegment.text(expected),
            result=None,
        )


@pytest.mark.parametrize(
    "event_factory",
    [
        pytest.param(fake_private_message_event, id="private"),
        pytest.param(fake_group_message_event, id="group"),
    ],
)
async def test_pasted_at_all_stays_text(app: App, event_factory: object) -> None:
    """A pasted [CQ:at,qq=all] is echoed inside a text segment, never as an @全体."""
    from plugins.checks import check_name_cmd

    event = event_factory("/检查名称 [CQ:at,qq=all]示范平台")  # type: ignore[operator]
    async with app.test_matcher(check_name_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        text = (
            "平台名称检查：❌ 不符合，有1处要改\n名称：[CQ:at,qq=all]示范平台\n"
            "❌ 不得含“国家”“中国”“省级”“示范”等字样：名称里有“示范”，要去掉\n"
            "✅ 须以“平台”结尾\n依据：填报指南（一）1"
        )
        message = (
            MessageSegment.reply(event.message_id) + MessageSegment.text(text)
            if event.message_type == "group"
            else _private(text)
        )
        assert all(seg.type in {"reply", "text"} for seg in message)
        ctx.should_call_send(event, message, result=None)


async def test_too_long_is_refused_clearly(app: App) -> None:
    """A paste longer than the limit gets a clear message, not a crash."""
    from plugins.checks import check_case_cmd

    body = "主" * 20001
    event = fake_private_message_event("/检查案例 " + body)
    async with app.test_matcher(check_case_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            _private("内容太长了（20001字，最多20000字），请分几次发，例如每次贴一部分活动行。"),
            result=None,
        )


async def test_long_private_paste_is_checked(app: App) -> None:
    """A paste of nearly 20,000 characters is checked in private chat."""
    from plugins.checks import check_case_cmd, check_reply

    effect = "\n服务成效：服务企业120家，培训350人，签约5项。"
    body = "主要做法：" + "组织专家上门诊断。" * 2150 + effect
    assert 19000 < len(body) <= 20000
    reply = check_reply(None, body, Settings())
    assert reply.kind is ReplyKind.CHECK
    event = fake_private_message_event("/检查案例 " + body)
    async with app.test_matcher(check_case_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(reply.render()), result=None)


async def test_other_group_is_ignored(app: App) -> None:
    """Groups that are not configured never get an answer to a check."""
    from plugins.checks import check_name_cmd

    async with app.test_matcher(check_name_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_group_message_event("/检查名称 X平台", group_id=123))
        ctx.should_not_pass_rule(check_name_cmd)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        pytest.param(None, "", ReplyKind.HELP, id="help"),
        pytest.param(CheckKind.CASE, "x" * 20000, ReplyKind.CHECK, id="at-the-limit"),
        pytest.param(CheckKind.CASE, "x" * 20001, ReplyKind.HELP, id="over-the-limit"),
    ],
)
def test_check_reply_limit(kind: CheckKind | None, text: str, expected: ReplyKind) -> None:
    """Up to the configured number of characters is read; more is refused."""
    from plugins.checks import check_reply

    assert check_reply(kind, text, Settings()).kind is expected


async def test_natural_check_in_group_when_addressed(app: App) -> None:
    """Through the Q&A plugin, an addressed 检查名称：… in a group gets the quoted verdict."""
    from plugins.assistant import question_matcher

    event = fake_group_message_event("检查名称：南京示范科技平台", to_me=True)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            MessageSegment.reply(event.message_id) + MessageSegment.text(FAIL_NAME),
            result=None,
        )
