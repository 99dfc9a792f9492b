"""`/faq import` over the real socket: a malformed file gets a reply saying what is wrong and
changes nothing; an imported entry with the longest id allowed does not break later adds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import SUPERUSER, BotProcess, OneBotPeer

GENERIC_FAILURE = "处理时出错了"


@pytest.fixture(scope="module")
def import_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A bot of this module's own: imports replace the whole FAQ of the bot they reach."""
    with BotProcess(tmp_path_factory.mktemp("import-bot"), env=E2E_ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def import_peer(import_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    async with OneBotPeer.for_bot(import_bot) as peer:
        yield peer


async def _admin(peer: OneBotPeer, text: str) -> str:
    sent = await peer.ask_private(text, user_id=SUPERUSER, within=20)
    return "\n".join(s.text for s in sent)


async def _ask(peer: OneBotPeer, question: str) -> str:
    return "\n".join(s.text for s in await peer.ask_private(question))


def _entry(entry_id: str, question: str, answer: str) -> str:
    return (
        "topic: 全部问答（导出）\nentries:\n"
        f"  - id: {entry_id}\n    origin: admin\n    question: {question}\n    answer: {answer}\n"
    )


DEPTH = 5000


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("[" * DEPTH + "]" * DEPTH, "嵌套", id="deeply-nested-lists"),
        pytest.param("{a: " * DEPTH + "1" + "}" * DEPTH, "嵌套", id="deeply-nested-maps"),
        pytest.param(
            "topic: t\nentries:\n  - id: x\n    question: " + "[" * DEPTH + "]" * DEPTH
            + "\n    answer: a\n",
            "嵌套", id="nested-inside-an-entry",
        ),
        pytest.param("topic: [\n", "YAML", id="not-yaml"),
        pytest.param("- 一\n- 二\n", "topic", id="a-list-not-an-export"),
        pytest.param("topic: t\nentries: 全部\n", "entries", id="entries-not-a-list"),
        pytest.param("topic: t\nentries:\n  - [一, 二]\n", "第1条", id="entry-not-a-mapping"),
        pytest.param(
            "topic: t\nentries:\n  - {id: X Y, origin: admin, question: 问, answer: 答}\n",
            "编号", id="bad-id",
        ),
        pytest.param(
            "topic: t\nentries:\n  - {id: x, origin: admin, question: 问, answer: "
            + "9" * 5000 + "}\n",
            "读不了", id="answer-a-huge-number",
        ),
        pytest.param(_entry("x", "问" * 500, "答"), "太长", id="question-too-long"),
    ],
)
async def test_malformed_import_is_refused_with_a_reason(
    import_peer: OneBotPeer, import_bot: BotProcess, text: str, words: str
) -> None:
    """A malformed file gets "导入失败" with what is wrong (not the generic failure, no ERROR
    in the log), and the FAQ stays as it was."""
    before = await _admin(import_peer, "/faq list")
    mark = import_bot.log_mark()
    reply = await _admin(import_peer, f"/faq import\n{text}")
    assert "导入失败" in reply, reply
    assert words in reply, reply
    assert GENERIC_FAILURE not in reply
    log = import_bot.log_since(mark)
    assert "[ERROR]" not in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert await _admin(import_peer, "/faq list") == before


async def test_longest_id_import_leaves_add_working(import_peer: OneBotPeer) -> None:
    """After importing an admin entry whose id has the full 64 characters, `/faq add` still
    stores and answers new entries."""
    long_id = "admin-" + "9" * 58
    assert len(long_id) == 64
    imported = _entry(long_id, "演练横幅挂在哪里", "挂在正门。")
    reply = await _admin(import_peer, f"/faq import\n{imported}")
    assert "导入完成" in reply, reply
    added = [("演练桌牌放在哪里", "放在门口。"), ("演练签到表交给谁", "交给会务组。")]
    for question, answer in added:
        reply = await _admin(import_peer, f"/faq add {question}\n{answer}")
        assert "已添加问答" in reply, reply
        assert answer in await _ask(import_peer, question)
    assert "挂在正门。" in await _ask(import_peer, "演练横幅挂在哪里")
