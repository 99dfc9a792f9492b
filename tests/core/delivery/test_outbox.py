"""The pure outbox with a scripted transport and a virtual clock: what each send outcome leads
to (never a second copy of what may have been shown), whom a message quotes and mentions, that
callers wait for their own answer, and the answers that must not go at all (recalled questions,
muted groups, people the loop guard muted)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.config import Settings
from bot.delivery.dispatch import FORWARD_FOLLOW_UP
from bot.delivery.loopguard import MAX_STREAK
from bot.delivery.mutes import Mute
from bot.delivery.notices import Target
from bot.delivery.outbox import Outbox
from bot.delivery.sending import Part, SendOutcome, SendStatus
from bot.delivery.splitting import LEFT_OUT
from bot.delivery.throttle import Asker, Chat

GROUP: Chat = ("group", 807645478)
PRIVATE: Chat = ("private", 7)
LONG = "证明材料要整合成一个PDF文档，按活动顺序排好。" * 40


class Clock:
    """Virtual time: `sleep` moves the clock instead of waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class Script:
    """A transport that records every call and answers with scripted outcomes (SENT when the
    script is empty)."""

    def __init__(self, *outcomes: SendStatus) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, object, object]] = []
        self._ids = iter(range(100, 1000))

    def _next(self) -> SendOutcome:
        status = self.outcomes.pop(0) if self.outcomes else SendStatus.SENT
        message_id = next(self._ids) if status is SendStatus.SENT else None
        return SendOutcome(status, message_id, detail=str(status))

    async def send(self, origin: object, chat: Chat, part: Part) -> SendOutcome:
        self.calls.append(("send", origin, part))
        return self._next()

    async def forward(self, origin: object, chat: Chat, nodes: Sequence[str]) -> SendOutcome:
        self.calls.append(("forward", origin, list(nodes)))
        return self._next()

    async def notify(self, origin: object, target: Target, text: str) -> SendOutcome:
        self.calls.append(("notify", origin, text))
        return self._next()


def _outbox(transport: Script, clock: Clock, **fields: object) -> Outbox:
    settings = Settings(**fields)  # type: ignore[arg-type]
    return Outbox(transport, settings, clock=clock, sleep=clock.sleep)


@pytest.mark.parametrize(
    ("outcomes", "calls", "sleeps"),
    [
        pytest.param([SendStatus.FAILED, SendStatus.FAILED], 3, [1.0, 2.0], id="failed-retried"),
        pytest.param([SendStatus.UNCERTAIN], 1, [], id="uncertain-never-repeated"),
        pytest.param([SendStatus.FAILED, SendStatus.UNCERTAIN], 2, [1.0], id="then-uncertain"),
        pytest.param([SendStatus.REFUSED], 1, [], id="refused-never-retried"),
        pytest.param([SendStatus.FAILED] * 4, 4, [1.0, 2.0, 4.0], id="given-up-after-retries"),
    ],
)
async def test_outcome_decides_the_retries(
    outcomes: list[SendStatus], calls: int, sleeps: list[float]
) -> None:
    """Only a send that never reached QQ is tried again, with doubling back-off and at most
    1 + assistant_send_retries times; one that may have been shown, or was refused, never."""
    clock, transport = Clock(), Script(*outcomes)
    outbox = _outbox(transport, clock, assistant_send_retries=3)
    await outbox.reply(PRIVATE, Asker(7, 1, "你好"), "你好", origin="o")
    assert len(transport.calls) == calls
    assert clock.sleeps == sleeps


async def test_by_default_a_send_is_tried_twice_at_most() -> None:
    """The default retries once: a send that twice never reached QQ is given up."""
    clock, transport = Clock(), Script(SendStatus.FAILED, SendStatus.FAILED, SendStatus.FAILED)
    outbox = _outbox(transport, clock)
    await outbox.reply(PRIVATE, Asker(7, 1, "你好"), "你好", origin="o")
    assert len(transport.calls) == 2


@pytest.mark.parametrize("status", [SendStatus.REFUSED, SendStatus.FAILED])
async def test_forward_not_shown_falls_back_to_numbered_parts(status: SendStatus) -> None:
    """A forward that never reached QQ goes as numbered parts, the first quoting the question."""
    clock, transport = Clock(), Script(status, status)
    outbox = _outbox(transport, clock, assistant_forward_threshold=200, assistant_max_parts=9)
    await outbox.reply(GROUP, Asker(1, 55, "证明材料有什么要求"), LONG, origin="o")
    kinds = [kind for kind, _, _ in transport.calls]
    forwards = 2 if status is SendStatus.FAILED else 1  # never reached QQ: once more
    assert kinds[:forwards] == ["forward"] * forwards
    assert set(kinds[forwards:]) == {"send"}
    parts = [part for kind, _, part in transport.calls if kind == "send"]
    assert isinstance(parts[0], Part)
    assert parts[0].quote == 55
    assert parts[0].text.startswith(f"（1/{len(parts)}）")
    assert all(isinstance(p, Part) and p.quote is None for p in parts[1:])


async def test_forward_that_may_have_been_shown_has_no_fallback() -> None:
    """A forward answered ambiguously (QQ may show it) is not followed by the same as text."""
    clock, transport = Clock(), Script(SendStatus.UNCERTAIN)
    outbox = _outbox(transport, clock, assistant_forward_threshold=200)
    await outbox.reply(GROUP, Asker(1, 55, "证明材料有什么要求"), LONG, origin="o")
    assert [kind for kind, _, _ in transport.calls] == ["forward"]


@pytest.mark.parametrize("chat", [PRIVATE, GROUP], ids=["private", "group-fallback"])
async def test_one_message_gets_at_most_max_parts(chat: Chat) -> None:
    """However long the answer, one question gets at most assistant_max_parts messages, the
    last saying how many lines were left out."""
    clock, transport = Clock(), Script(SendStatus.REFUSED)  # the group's forward is refused
    text = "\n".join(f"第{i}行：活动人数不足10人，请核对后再填。" for i in range(1, 400))
    outbox = _outbox(transport, clock, assistant_private_chunk_chars=100,
                     assistant_forward_threshold=100, assistant_max_parts=3)
    await outbox.reply(chat, Asker(7, 1, "检查"), text, origin="o")
    parts = [part for kind, _, part in transport.calls if kind == "send"]
    assert 1 <= len(parts) <= 3
    assert isinstance(parts[-1], Part)
    assert parts[-1].text.endswith(LEFT_OUT.split("{")[-1].split("}")[-1])


async def test_forward_is_headed_by_the_question() -> None:
    """A long group answer is one forward: the question, then the answer in readable nodes."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_forward_threshold=200)
    await outbox.reply(GROUP, Asker(1, 55, "证明材料\n有什么要求"), LONG, origin="o")
    ((kind, origin, nodes),) = transport.calls
    assert (kind, origin) == ("forward", "o")
    assert isinstance(nodes, list)
    assert nodes[0] == "问：证明材料 有什么要求"
    assert "".join(nodes[1:]) == LONG


async def test_merged_askers_are_mentioned_and_told_of_a_forward() -> None:
    """Two askers waiting for the same long answer share one forward; a short follow-up
    quotes the first and @s the second."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_forward_threshold=200,
                     assistant_group_rate_per_minute=1)
    await outbox.reply(GROUP, Asker(9, 50, "活动类别怎么填"), "五类选一", origin="busy")
    first = outbox.reply(GROUP, Asker(1, 51, "证明材料有什么要求"), LONG, origin="a")
    second = outbox.reply(GROUP, Asker(2, 52, "材料要求是什么"), LONG, origin="b")
    await asyncio.gather(first, second)
    kinds = [kind for kind, _, _ in transport.calls]
    assert kinds == ["send", "forward", "send"]
    follow_up = transport.calls[2][2]
    assert follow_up == Part(FORWARD_FOLLOW_UP, quote=51, mentions=(2,))


async def test_failed_answer_is_not_pointed_at() -> None:
    """An answer that never arrived is not remembered: the next asker gets it whole, not a
    "刚回答过" pointing at nothing."""
    clock, transport = Clock(), Script(SendStatus.REFUSED)
    outbox = _outbox(transport, clock)
    await outbox.reply(GROUP, Asker(1, 51, "证明材料什么格式"), "PDF", origin="a")
    await outbox.reply(GROUP, Asker(2, 52, "证明材料什么格式"), "PDF", origin="b")
    assert transport.calls[1] == ("send", "b", Part("PDF", quote=52))


async def test_notice_reports_whether_it_arrived() -> None:
    """`deliver` sends through `notify` with the retries and says whether it arrived."""
    clock, transport = Clock(), Script(SendStatus.FAILED, SendStatus.REFUSED)
    outbox = _outbox(transport, clock)
    assert not await outbox.deliver("bot", Target("private", 1), "通知")
    assert [kind for kind, _, _ in transport.calls] == ["notify", "notify"]
    assert await outbox.deliver("bot", Target("private", 1), "通知")


async def test_recalled_question_in_the_queue_is_not_answered() -> None:
    """Three answers wait behind the group's rate; the second question is recalled: its answer
    never goes, the third still does, and its caller is released."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_group_rate_per_minute=1)
    await outbox.reply(GROUP, Asker(9, 50, "活动类别怎么填"), "五类选一", origin="busy")
    waiting = [
        asyncio.ensure_future(outbox.reply(GROUP, Asker(i, 50 + i, f"问题{i}"), f"回答{i}", "o"))
        for i in (1, 2)
    ]
    await asyncio.sleep(0)
    outbox.recall(GROUP, 52)
    await asyncio.gather(*waiting)
    texts = [part.text for kind, _, part in transport.calls if isinstance(part, Part)]
    assert texts == ["五类选一", "回答1"]


async def test_question_recalled_before_its_answer_is_ready_is_not_answered() -> None:
    """A recall that comes while the answer is still being worked out drops it on arrival."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock)
    outbox.recall(PRIVATE, 61)
    await outbox.reply(PRIVATE, Asker(7, 61, "证明材料什么格式"), "PDF", origin="o")
    await outbox.reply(PRIVATE, Asker(7, 62, "证明材料什么格式"), "PDF", origin="o")
    assert len(transport.calls) == 1


async def test_muted_group_gets_nothing_until_lifted() -> None:
    """While the bot is muted in a group its queued answers are dropped and new ones never
    sent; other chats go on; after the lift the group is answered again."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_group_rate_per_minute=1)
    await outbox.reply(GROUP, Asker(9, 50, "活动类别怎么填"), "五类选一", origin="busy")
    queued = asyncio.ensure_future(outbox.reply(GROUP, Asker(1, 51, "问题"), "回答", "o"))
    await asyncio.sleep(0)
    outbox.mute(GROUP[1], Mute.BOT, 600)
    await queued
    await outbox.reply(GROUP, Asker(2, 52, "问题2"), "回答2", origin="o")
    await outbox.reply(PRIVATE, Asker(7, 53, "问题3"), "回答3", origin="o")
    assert len(transport.calls) == 2  # the first answer and the private one
    outbox.unmute(GROUP[1], Mute.BOT)
    clock.now += 120  # past the group's rate
    await outbox.reply(GROUP, Asker(3, 54, "问题4"), "回答4", origin="o")
    assert len(transport.calls) == 3


async def test_mute_ends_by_itself_when_its_length_is_known() -> None:
    """A mute of 60 s: nothing goes before it ends, an answer goes after."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock)
    outbox.mute(GROUP[1], Mute.BOT, 60)
    await outbox.reply(GROUP, Asker(1, 51, "问题"), "回答", origin="o")
    clock.now += 61
    await outbox.reply(GROUP, Asker(2, 52, "问题2"), "回答2", origin="o")
    assert [part.quote for _, _, part in transport.calls if isinstance(part, Part)] == [52]


async def test_send_refused_as_muted_stops_the_group() -> None:
    """A send refused because the bot is muted is not retried; the rest of the group's queue
    is dropped and later answers are not tried until the probe time has passed."""
    clock, transport = Clock(), Script(SendStatus.MUTED)
    outbox = _outbox(transport, clock, assistant_group_rate_per_minute=1,
                     assistant_mute_probe_minutes=10)
    first = outbox.reply(GROUP, Asker(1, 51, "问题1"), "回答1", origin="o")
    second = outbox.reply(GROUP, Asker(2, 52, "问题2"), "回答2", origin="o")
    await asyncio.gather(first, second)
    await outbox.reply(GROUP, Asker(3, 53, "问题3"), "回答3", origin="o")
    assert len(transport.calls) == 1
    clock.now += 10 * 60 + 1
    await outbox.reply(GROUP, Asker(4, 54, "问题4"), "回答4", origin="o")
    assert len(transport.calls) == 2


async def test_notice_to_a_muted_group_is_not_sent() -> None:
    """Hand-off notices to a muted admin group are not attempted either."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock)
    outbox.mute(555, Mute.GROUP)
    assert not await outbox.deliver("bot", Target("group", 555), "通知")
    assert transport.calls == []


async def test_loop_guard_mute_drops_the_queued_answers() -> None:
    """Someone answering every answer at once is muted by the loop guard, and the answers
    still waiting for them are dropped; another member's are not."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_group_rate_per_minute=30,
                     assistant_user_rate_per_minute=0, assistant_dedup_minutes=0)
    pending = []
    for i in range(MAX_STREAK):
        assert outbox.allows(GROUP, 7, f"问题{i}")
        pending.append(asyncio.ensure_future(
            outbox.reply(GROUP, Asker(7, 100 + i, f"问题{i}"), f"回答{i}", "o")))
        await asyncio.sleep(0)
        clock.now += 0.2
    other = asyncio.ensure_future(outbox.reply(GROUP, Asker(8, 99, "别的问题"), "别的回答", "o"))
    await asyncio.sleep(0)
    assert not outbox.allows(GROUP, 7, "还有问题")
    await asyncio.gather(*pending, other)
    texts = [part.text for _, _, part in transport.calls if isinstance(part, Part)]
    assert "别的回答" in texts
    assert len(texts) < MAX_STREAK


async def test_anonymous_askers_are_neither_merged_nor_mentioned() -> None:
    """Two anonymous members waiting for the same answer get a message each, quoting their
    own question; nobody is @-mentioned as the shared anonymous user id."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock, assistant_group_rate_per_minute=1)
    await outbox.reply(GROUP, Asker(9, 50, "活动类别怎么填"), "五类选一", origin="busy")
    first = outbox.reply(GROUP, Asker(80000000, 51, "问", identity="anonymous:1"), "答", "a")
    second = outbox.reply(GROUP, Asker(80000000, 52, "问", identity="anonymous:2"), "答", "b")
    await asyncio.gather(first, second)
    parts = [part for _, _, part in transport.calls if isinstance(part, Part)]
    assert [(p.quote, p.mentions) for p in parts[1:]] == [(51, ()), (52, ())]


async def test_pasted_answer_leaves_the_follow_up() -> None:
    """The outbox knows what it sent: a pasted copy of it is taken out of the next message."""
    clock, transport = Clock(), Script()
    outbox = _outbox(transport, clock)
    answer = "服务活动证明材料格式限制为PDF，并且要整合成一个文档。"
    await outbox.reply(PRIVATE, Asker(7, 1, "证明材料什么格式"), answer, origin="o")
    assert outbox.follow_up(PRIVATE, f"{answer}\n那扫描件呢") == "那扫描件呢"


async def test_notice_that_may_have_been_shown_is_not_sent_again() -> None:
    """A notice answered ambiguously counts as delivered, so the notifier does not repeat it."""
    clock, transport = Clock(), Script(SendStatus.UNCERTAIN)
    outbox = _outbox(transport, clock)
    assert await outbox.deliver("bot", Target("private", 1), "通知")
    assert len(transport.calls) == 1
