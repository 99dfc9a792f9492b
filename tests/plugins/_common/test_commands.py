"""The one table of command words: every word is a command for the question path, and the
question matcher leaves commands to the command matchers."""

from __future__ import annotations

import pytest
from nonebug import App

from tests.fake import fake_group_message_event, fake_private_message_event, make_bot


def test_every_word_of_the_table_is_a_command() -> None:
    """`/word` and `/word argument` are commands, in private chat and in a group."""
    from plugins._common.commands import ALL, is_command

    words = [word for command in ALL for word in (command.name, *command.aliases)]
    assert len(words) > len(ALL)
    for word in words:
        assert is_command(fake_private_message_event(f"/{word}")), word
        assert is_command(fake_group_message_event(f"  /{word} 1403", to_me=True)), word


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("/帮助", id="unknown-slash-word"),
        pytest.param("代码 1403", id="no-command-start"),
        pytest.param("怎么用 /代码 查", id="command-inside"),
    ],
)
def test_other_text_is_no_command(text: str) -> None:
    """Slash-words no command knows, and command words without a leading "/", are questions."""
    from plugins._common.commands import is_command

    assert not is_command(fake_private_message_event(text))


async def test_question_matcher_leaves_commands_alone(app: App) -> None:
    """A command reaches the question matcher first, which sends nothing and lets it pass."""
    from plugins.assistant import question_matcher

    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_private_message_event("/代码 1403"))
        # nonebug fails the test on any API call that was not expected: silence is checked.
