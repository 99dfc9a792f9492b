"""The `/代码` command and code questions in chat."""

from __future__ import annotations

import pytest
from nonebot.adapters.onebot.v11 import Message, MessageSegment
from nonebug import App

from tests.fake import (
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)

MINOR_1403 = "1403 知识产权（大类 14 技术创新和质量服务）\n依据：填报指南附件2"



def _private(text: str) -> Message:
    return Message(MessageSegment.text(text))


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        pytest.param("/代码 1403", MINOR_1403, id="code"),
        pytest.param("/code 1403", MINOR_1403, id="alias"),
        pytest.param("/代码1403", MINOR_1403, id="no-space"),
        pytest.param(
            "/代码 知识产全",
            "“知识产全”按“知识产权”理解，对应的代码：" + MINOR_1403,
            id="typo",
        ),
        pytest.param(
            "/代码 9999",
            "附件2里没有 9999 这个代码。大类代码只有 10–17。最接近的有效代码是："
            "1799 其他法律服务、1708 风险规避、1707 债务清偿。\n依据：填报指南附件2",
            id="unknown",
        ),
    ],
)
async def test_private_command(app: App, command: str, expected: str) -> None:
    """`/代码` and `/code` answer in private chat with the code, its class and the clause."""
    from plugins.codes import code_cmd

    event = fake_private_message_event(command)
    async with app.test_matcher(code_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(expected), result=None)


async def test_empty_command_lists_the_classes(app: App) -> None:
    """A bare `/代码` lists the 8 classes with a hint on how to go on."""
    from bot.app.services import services
    from plugins.codes import code_cmd

    event = fake_private_message_event("/代码")
    async with app.test_matcher(code_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _private(services().codebook.overview().render()), result=None)


async def test_group_command_quotes_the_asker(app: App) -> None:
    """In a consultation group the command answers without an @, quoting the asker."""
    from plugins.codes import code_cmd

    event = fake_group_message_event("/代码 1403")
    async with app.test_matcher(code_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event, MessageSegment.reply(event.message_id) + MessageSegment.text(MINOR_1403),
            result=None,
        )


async def test_other_group_is_ignored(app: App) -> None:
    """Groups that are not configured never get an answer to the command."""
    from plugins.codes import code_cmd

    async with app.test_matcher(code_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_group_message_event("/代码 1403", group_id=123))
        ctx.should_not_pass_rule(code_cmd)


async def test_pasted_cq_code_stays_text(app: App) -> None:
    """A pasted [CQ:at,qq=all] is looked up as text; the reply is one text segment, no @."""
    from plugins.codes import code_cmd

    event = fake_private_message_event("/代码 [CQ:at,qq=all]")
    async with app.test_matcher(code_cmd) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            _private(
                "附件2里没找到和“cqatqqall”对应的代码。可以换个说法再问，"
                "或发 /代码 看8个大类、发 /代码 14 这样的大类代码看它的全部中类。\n"
                "依据：填报指南附件2"
            ),
            result=None,
        )


async def test_addressed_group_question_gets_the_code(app: App) -> None:
    """“注册公司是哪个代码” with an @ in a group gets the code, not the technical hand-off."""
    from plugins.assistant import question_matcher

    event = fake_group_message_event("注册公司是哪个代码", to_me=True)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            MessageSegment.reply(event.message_id)
            + MessageSegment.text(
                "“注册公司”对应的代码：1204 工商登记等政务代理（大类 12 创业服务）\n"
                "依据：填报指南附件2"
            ),
            result=None,
        )


async def test_private_natural_question(app: App) -> None:
    """A plain private question “1305是什么” is a code look-up."""
    from plugins.assistant import question_matcher

    event = fake_private_message_event("1305是什么")
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event,
            _private("1305 职称评审（大类 13 人才与培训服务）\n依据：填报指南附件2"),
            result=None,
        )
