"""The pure outbox with a scripted transport and a virtual clock: what each send outcome leads
to, whom a message quotes and mentions, and that callers wait for their own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.config import Settings
from bot.delivery.notices import Target
from bot.delivery.outbox import FORWARD_FOLLOW_UP, Outbox
from bot.delivery.sending import Part, SendOutcome, SendStatus
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
        pytest.param([SendStatus.REJECTED], 2, [1.0], id="rejected-answer-retried"),
        pytest.param([SendStatus.REFUSED], 1, [], id="refused-never-retried"),
        pytest.param([SendStatus.FAILED] * 4, 4, [1.0, 2.0, 4.0], id="given-up-after-retries"),
    ],
)
async def test_outcome_decides_the_retries(
    outcomes: list[SendStatus], calls: int, sleeps: list[float]
) -> None:
    """Failures are tried again with doubling back-off, refusals never, and at most
    1 + assistant_send_retries times."""
    clock, transport = Clock(), Script(*outcomes)
    outbox = _outbox(transport, clock, assistant_send_retries=3)
    await outbox.reply(PRIVATE, Asker(7, 1, "你好"), "你好", origin="o")
    assert len(transport.calls) == calls
    assert clock.sleeps == sleeps


async def test_rejected_forward_falls_back_to_numbered_parts() -> None:
    """A forward the platform rejects is not retried: the answer goes as numbered parts, the
    first quoting the question."""
    clock, transport = Clock(), Script(SendStatus.REJECTED)
    outbox = _outbox(transport, clock, assistant_forward_threshold=200)
    await outbox.reply(GROUP, Asker(1, 55, "证明材料有什么要求"), LONG, origin="o")
    kinds = [kind for kind, _, _ in transport.calls]
    assert kinds[0] == "forward"
    assert set(kinds[1:]) == {"send"}
    parts = [part for kind, _, part in transport.calls if kind == "send"]
    assert isinstance(parts[0], Part)
    assert parts[0].quote == 55
    assert parts[0].text.startswith(f"（1/{len(parts)}）")
    assert all(isinstance(p, Part) and p.quote is None for p in parts[1:])


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
