"""The Q&A plugin in private chat and in groups."""

from __future__ import annotations

import pytest
from nonebot.adapters.onebot.v11 import Message, MessageSegment
from nonebug import App

from tests.fake import (
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)


async def test_private_question_is_answered_with_clause(app: App) -> None:
    """A private numeric 分类2 question gets the computed limit and its clause."""
    from plugins.assistant import question_matcher

    event = fake_private_message_event("8场活动能选几个分类2")
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, Message(MessageSegment.text(
            "开展8场活动，服务功能分类2最多选2项（不超过2项）。\n"
            "条件：每选1项服务功能，上年度都要有至少3场与该功能相关的专场活动，"
            "且每场服务对象参与人数不少于10人（不足10人的活动不计入）；分类2最多选3项。\n"
            "依据：填报指南（一）3"
        )), result=None)


@pytest.mark.parametrize("text", ["收到", "好的", "谢谢", "哈哈"])
async def test_group_chitchat_is_silent(app: App, text: str) -> None:
    """Acknowledgements in a group get no reply, even when addressed."""
    from plugins.assistant import question_matcher

    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_group_message_event(text, to_me=True))
        # nonebug fails the test on any API call that was not expected: silence is checked.


async def test_group_at_is_answered_with_quote(app: App) -> None:
    """An @ in a consultation group gets a reply that quotes the asker."""
    from plugins.assistant import question_matcher

    event = fake_group_message_event("注册账号收不到验证码", to_me=True)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            MessageSegment.reply(event.message_id)
            + MessageSegment.text(
                "这是填报网站的技术问题，请打技术咨询电话 18652917911"
                "（网站注册等技术问题咨询）。\n"
                "依据：填报指南（四）\n"
                "我已通知管理员。"  # SUPERUSERS are notified when ASSISTANT_ADMINS is empty
            ),
            result=None,
        )


async def test_other_group_is_ignored(app: App) -> None:
    """Groups that are not configured never get a reply."""
    from plugins.assistant import question_matcher

    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_group_message_event("注册账号收不到验证码", to_me=True,
                                                        group_id=123))
        # nonebug fails the test on any API call that was not expected: silence is checked.


async def test_unasked_group_question_gets_only_its_guide_answer(app: App) -> None:
    """Nobody asked the bot: of a two-part message it answers the part the guide answers, and
    neither hands the other part off nor notifies anyone."""
    from plugins.assistant import question_matcher

    event = fake_group_message_event("证明材料是什么格式？还有填报截止到什么时候")
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            MessageSegment.reply(event.message_id)
            + MessageSegment.text(
                "服务活动证明材料格式限制为PDF，并且要整合成一个文档。\n依据：填报指南（二）"
            ),
            result=None,
        )
