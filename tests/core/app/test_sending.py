"""The outbox over OneBot (`bot.app.sending`) with a recording bot and a virtual clock: order,
rate, merged askers, forwards, retries, and the messages as they go on the wire."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    Message,
    MessageEvent,
    MessageSegment,
    NetworkError,
)

from bot.app.sending import ChatOutbox, build_outbox
from bot.config import Settings
from bot.delivery.notices import Target
from tests.fake import SELF_ID, fake_group_message_event, fake_private_message_event

LONG = "这是很长的一段回答，讲清楚证明材料的要求。" * 30


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


class RecordingBot:
    """Plays the OneBot side: records each call with the virtual time, fails on demand."""

    def __init__(self, clock: Clock) -> None:
        self.self_id = str(SELF_ID)
        self.clock = clock
        self.calls: list[tuple[float, str, Any]] = []
        self.failures: list[Exception] = []
        self.fail_actions: dict[str, list[Exception]] = {}
        self._ids = iter(range(5000, 10_000))

    def _maybe_fail(self, action: str) -> None:
        queue = self.fail_actions.get(action)
        if queue:
            raise queue.pop(0)
        if self.failures:
            raise self.failures.pop(0)

    async def send(self, event: MessageEvent, message: Message) -> dict[str, int]:
        self._maybe_fail("send")
        self.calls.append((self.clock.now, "send", message))
        return {"message_id": next(self._ids)}

    async def call_api(self, api: str, **data: Any) -> dict[str, Any]:
        self._maybe_fail(api)
        self.calls.append((self.clock.now, api, data))
        return {"message_id": next(self._ids)}

    async def send_group_msg(self, *, group_id: int, message: Message) -> dict[str, int]:
        return await self.call_api("send_group_msg", group_id=group_id, message=message)

    async def send_private_msg(self, *, user_id: int, message: Message) -> dict[str, int]:
        return await self.call_api("send_private_msg", user_id=user_id, message=message)

    def texts(self) -> list[str]:
        out = []
        for _, _, payload in self.calls:
            message = payload if isinstance(payload, Message) else payload.get("message")
            out.append(message.extract_plain_text() if message is not None else "<forward>")
        return out


def _outbox(clock: Clock, **fields: Any) -> ChatOutbox:
    settings = Settings(**fields)
    return build_outbox(settings, superusers=["90001"], clock=clock, sleep=clock.sleep)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(clock: Clock) -> RecordingBot:
    return RecordingBot(clock)


async def test_group_answers_go_out_in_order_at_the_group_rate(
    clock: Clock, bot: RecordingBot
) -> None:
    """Six different questions at once: all answered, in order, 3 at once then one every 3 s."""
    outbox = _outbox(clock, assistant_group_rate_per_minute=20)
    events = [fake_group_message_event(f"问题{i}", user_id=100 + i) for i in range(6)]
    await asyncio.gather(*(outbox.reply(bot, e, f"回答{i}") for i, e in enumerate(events)))  # type: ignore[arg-type]
    assert bot.texts() == [f"回答{i}" for i in range(6)]
    times = [t for t, _, _ in bot.calls]
    assert times[:3] == [0, 0, 0]
    assert times[3:] == pytest.approx([3.0, 6.0, 9.0])
    first = bot.calls[0][2]
    assert first[0] == MessageSegment.reply(events[0].message_id)


async def test_same_answer_for_two_askers_is_one_message(clock: Clock, bot: RecordingBot) -> None:
    """Queued answers to the same thing merge: one message quoting the first, @ the second."""
    outbox = _outbox(clock, assistant_group_rate_per_minute=1)
    busy = fake_group_message_event("活动类别怎么填", user_id=9)
    first = fake_group_message_event("证明材料什么格式", user_id=1)
    second = fake_group_message_event("材料要啥格式", user_id=2)
    await asyncio.gather(
        outbox.reply(bot, busy, "五类选一"),  # type: ignore[arg-type]
        outbox.reply(bot, first, "PDF"),  # type: ignore[arg-type]
        outbox.reply(bot, second, "PDF"),  # type: ignore[arg-type]
    )
    assert len(bot.calls) == 2
    merged = bot.calls[1][2]
    assert merged == (
        MessageSegment.reply(first.message_id)
        + MessageSegment.at(2)
        + MessageSegment.text(" PDF")
    )


async def test_later_asker_gets_a_pointer_to_the_answer(clock: Clock, bot: RecordingBot) -> None:
    """The same question within the window: a short 刚回答过 quoting the bot's answer."""
    outbox = _outbox(clock)
    await outbox.reply(bot, fake_group_message_event("证明材料什么格式", user_id=1), LONG[:100])  # type: ignore[arg-type]
    answer_id = 5000
    clock.now += 60
    later = fake_group_message_event("证明材料什么格式？", user_id=2)
    await outbox.reply(bot, later, LONG[:100])  # type: ignore[arg-type]
    pointer = bot.calls[1][2]
    assert pointer[0] == MessageSegment.reply(answer_id)
    assert pointer[1] == MessageSegment.at(2)
    assert pointer.extract_plain_text().startswith(" 刚回答过")
    # The first asker repeating themselves gets nothing more.
    await outbox.reply(bot, fake_group_message_event("证明材料什么格式", user_id=1), LONG[:100])  # type: ignore[arg-type]
    assert len(bot.calls) == 2


async def test_long_group_answer_is_a_merged_forward(clock: Clock, bot: RecordingBot) -> None:
    """Past the threshold a group answer goes out as one forward of readable nodes."""
    outbox = _outbox(clock, assistant_forward_threshold=200)
    event = fake_group_message_event("证明材料有什么要求", user_id=1)
    await outbox.reply(bot, event, LONG)  # type: ignore[arg-type]
    ((_, api, data),) = bot.calls
    assert api == "send_group_forward_msg"
    assert data["group_id"] == event.group_id
    nodes = data["messages"]
    assert all(seg.type == "node" for seg in nodes)
    assert nodes[0].data["content"].extract_plain_text() == "问：证明材料有什么要求"
    body = "".join(n.data["content"].extract_plain_text() for n in nodes[1:])
    assert body == LONG
    assert all(len(n.data["content"].extract_plain_text()) <= 200 for n in nodes)


async def test_refused_forward_falls_back_to_numbered_text(clock: Clock, bot: RecordingBot) -> None:
    """A forward with retcode ≠ 0 is not retried: the answer goes as numbered text parts."""
    outbox = _outbox(clock, assistant_forward_threshold=200)
    bot.fail_actions["send_group_forward_msg"] = [ActionFailed(retcode=1200, status="failed")]
    event = fake_group_message_event("证明材料有什么要求", user_id=1)
    await outbox.reply(bot, event, LONG)  # type: ignore[arg-type]
    assert [api for _, api, _ in bot.calls] == ["send"] * len(bot.calls)
    parts = bot.texts()
    assert len(parts) > 1
    assert parts[0].startswith(f"（1/{len(parts)}）")
    assert all(len(p) <= 200 for p in parts)
    assert bot.calls[0][2][0] == MessageSegment.reply(event.message_id)
    assert "".join(p.split("）", 1)[1] for p in parts) == LONG


async def test_long_private_answer_is_split(clock: Clock, bot: RecordingBot) -> None:
    """In private chat a long answer comes in numbered parts of about the configured size."""
    outbox = _outbox(clock, assistant_private_chunk_chars=300)
    await outbox.reply(bot, fake_private_message_event("要求", user_id=7), LONG)  # type: ignore[arg-type]
    parts = bot.texts()
    assert len(parts) == 3
    assert all(len(p) <= 300 for p in parts)
    assert [p[:5] for p in parts] == ["（1/3）", "（2/3）", "（3/3）"]


async def test_failed_send_is_retried_with_back_off(clock: Clock, bot: RecordingBot) -> None:
    """Retcode 1200 and a timeout are retried after 1 s and 2 s; the third try arrives."""
    outbox = _outbox(clock, assistant_send_retries=3)
    bot.failures = [ActionFailed(retcode=1200), NetworkError("WebSocket call api timeout")]
    await outbox.reply(bot, fake_private_message_event("你好", user_id=7), "你好")  # type: ignore[arg-type]
    assert bot.texts() == ["你好"]
    assert clock.sleeps == [1.0, 2.0]


async def test_hopeless_send_is_given_up_and_the_queue_goes_on(
    clock: Clock, bot: RecordingBot
) -> None:
    """After the last retry the message is dropped with a log; the next one still goes."""
    outbox = _outbox(clock, assistant_send_retries=2, assistant_group_rate_per_minute=0)
    bot.failures = [ActionFailed(retcode=1200)] * 3
    await asyncio.gather(
        outbox.reply(bot, fake_group_message_event("问题一", user_id=1), "回答一"),  # type: ignore[arg-type]
        outbox.reply(bot, fake_group_message_event("问题二", user_id=2), "回答二"),  # type: ignore[arg-type]
    )
    assert bot.texts() == ["回答二"]
    assert clock.sleeps == [1.0, 2.0]


async def test_bad_request_is_not_retried(clock: Clock, bot: RecordingBot) -> None:
    """A retcode the same call will get again (1404) is not retried."""
    outbox = _outbox(clock)
    bot.failures = [ActionFailed(retcode=1404)]
    await outbox.reply(bot, fake_private_message_event("你好", user_id=7), "你好")  # type: ignore[arg-type]
    assert bot.calls == []
    assert clock.sleeps == []


async def test_user_rate_holds_the_fourth_answer(clock: Clock, bot: RecordingBot) -> None:
    """Three answers a minute per user in a group: the fourth waits for its share."""
    outbox = _outbox(clock, assistant_user_rate_per_minute=3)
    events = [fake_group_message_event(f"问题{i}", user_id=7) for i in range(4)]
    await asyncio.gather(*(outbox.reply(bot, e, f"回答{i}") for i, e in enumerate(events)))  # type: ignore[arg-type]
    assert bot.texts() == ["回答0", "回答1", "回答2", "回答3"]
    assert bot.calls[3][0] >= 20


async def test_admin_is_not_rate_limited(clock: Clock, bot: RecordingBot) -> None:
    """An admin's commands are not held back by the per-user rate."""
    outbox = _outbox(clock, assistant_user_rate_per_minute=1)
    events = [fake_group_message_event(f"/faq show {i}", user_id=90001) for i in range(3)]
    await asyncio.gather(*(outbox.reply(bot, e, f"第{i}条") for i, e in enumerate(events)))  # type: ignore[arg-type]
    assert [t for t, _, _ in bot.calls] == [0, 0, 0]


async def test_notice_is_delivered_to_a_group_with_retries(clock: Clock, bot: RecordingBot) -> None:
    """Admin notices use the same retries; a group target counts against the group rate."""
    outbox = _outbox(clock)
    bot.failures = [NetworkError("timeout")]
    assert await outbox.deliver(bot, Target("group", 555), "通知")  # type: ignore[arg-type]
    ((_, api, data),) = bot.calls
    assert (api, data["group_id"], data["message"]) == (
        "send_group_msg", 555, Message(MessageSegment.text("通知"))
    )
    assert outbox.engine.throttle.group_wait(("group", 555), clock.now) == 0  # 1 of 20 used


async def test_close_releases_waiting_handlers(clock: Clock, bot: RecordingBot) -> None:
    """On shutdown nobody waits forever for a message that will not be sent."""
    outbox = _outbox(clock, assistant_user_rate_per_minute=1)

    async def never(seconds: float) -> None:
        await asyncio.Event().wait()

    outbox.engine._sleep = never
    first = fake_group_message_event("问题一", user_id=7)
    second = fake_group_message_event("问题二", user_id=7)
    await outbox.reply(bot, first, "回答一")  # type: ignore[arg-type]
    waiting = asyncio.ensure_future(outbox.reply(bot, second, "回答二"))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    assert not waiting.done()
    await outbox.close()
    await asyncio.wait_for(waiting, 1)
    assert bot.texts() == ["回答一"]


async def test_user_text_with_cq_codes_stays_text(clock: Clock, bot: RecordingBot) -> None:
    """A pasted [CQ:at,qq=all] in an answer is sent as text, never as an @全体."""
    outbox = _outbox(clock)
    await outbox.reply(bot, fake_group_message_event("x", user_id=1), "[CQ:at,qq=all] 你好")  # type: ignore[arg-type]
    segments = bot.calls[0][2]
    assert [s.type for s in segments] == ["reply", "text"]
