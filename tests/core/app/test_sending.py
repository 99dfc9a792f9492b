"""The outbox over OneBot (`bot.app.sending`) with a recording bot and a virtual clock: order,
rate, merged askers, forwards, retries, what each answer of NapCat / Lagrange means, temporary
sessions, anonymous askers, recalls and mutes, and the messages as they go on the wire."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    ApiNotAvailable,
    FriendRecallNoticeEvent,
    GroupBanNoticeEvent,
    GroupRecallNoticeEvent,
    Message,
    MessageEvent,
    MessageSegment,
    NetworkError,
)
from nonebot.adapters.onebot.v11.event import Anonymous, Sender

from bot.app.sending import ChatOutbox, build_outbox, outcome_of, temp_group
from bot.config import Settings
from bot.delivery.notices import Target
from bot.delivery.sending import SendStatus
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
    """A forward refused before sending (no such API) is not retried: the answer goes as
    numbered text parts."""
    outbox = _outbox(clock, assistant_forward_threshold=200, assistant_max_parts=9)
    bot.fail_actions["send_group_forward_msg"] = [ActionFailed(retcode=1404, status="failed")]
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
    """Sends that never reached QQ (NapCat could not resolve the user; no connection) are
    retried after 1 s and 2 s; the third try arrives."""
    outbox = _outbox(clock, assistant_send_retries=3)
    bot.failures = [ActionFailed(retcode=1200, message="无法获取用户信息"), ApiNotAvailable()]
    await outbox.reply(bot, fake_private_message_event("你好", user_id=7), "你好")  # type: ignore[arg-type]
    assert bot.texts() == ["你好"]
    assert clock.sleeps == [1.0, 2.0]


async def test_hopeless_send_is_given_up_and_the_queue_goes_on(
    clock: Clock, bot: RecordingBot
) -> None:
    """After the last retry the message is dropped with a log; the next one still goes."""
    outbox = _outbox(clock, assistant_send_retries=2, assistant_group_rate_per_minute=0)
    bot.failures = [ActionFailed(retcode=1200, message="无法获取用户信息")] * 3
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
    bot.failures = [ApiNotAvailable()]
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


NAPCAT_TIMEOUT = (
    "Timeout: NTEvent serviceAndMethod:NodeIKernelMsgService/sendMsg ListenerName:"
    "NodeIKernelMsgListener/onMsgInfoListUpdate EventRet:\n"
    '{\n    "result": 0,\n    "errMsg": ""\n}\n'
)


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        pytest.param(ActionFailed(retcode=1200, message=NAPCAT_TIMEOUT), SendStatus.UNCERTAIN,
                     id="napcat-1200-timeout-shown"),
        pytest.param(ActionFailed(retcode=1200, message="发送转发消息失败"), SendStatus.UNCERTAIN,
                     id="napcat-1200-other"),
        pytest.param(ActionFailed(retcode=200, message="failed"), SendStatus.UNCERTAIN,
                     id="lagrange-exception"),
        pytest.param(NetworkError("WebSocket call api send_msg timeout"), SendStatus.UNCERTAIN,
                     id="no-answer-or-lost-echo"),
        pytest.param(ActionFailed(retcode=1200, message=NAPCAT_TIMEOUT.replace(": 0", ": 120")),
                     SendStatus.MUTED, id="napcat-result-120"),
        pytest.param(ActionFailed(retcode=120, message="failed"), SendStatus.MUTED,
                     id="lagrange-result-120"),
        pytest.param(ActionFailed(retcode=1200, message="无法获取用户信息"), SendStatus.FAILED,
                     id="napcat-before-sending"),
        pytest.param(ApiNotAvailable(), SendStatus.FAILED, id="no-connection"),
        pytest.param(ConnectionResetError(), SendStatus.FAILED, id="frame-not-sent"),
        pytest.param(ActionFailed(retcode=1400, message="Key: message"), SendStatus.REFUSED,
                     id="napcat-bad-request"),
        pytest.param(ActionFailed(retcode=1404, message="API_NOT_FOUND"), SendStatus.REFUSED,
                     id="napcat-no-such-api"),
        pytest.param(ActionFailed(retcode=404, message="failed"), SendStatus.REFUSED,
                     id="lagrange-no-such-api"),
        pytest.param(ActionFailed(retcode=100, message="failed"), SendStatus.REFUSED,
                     id="gocq-bad-params"),
    ],
)
def test_what_an_answer_means(exc: Exception, status: SendStatus) -> None:
    """Each failure NapCat, Lagrange or NoneBot reports maps to what may happen next: only what
    clearly never reached QQ may be tried again."""
    assert outcome_of(exc).status is status


@pytest.mark.parametrize(
    ("fields", "group"),
    [
        pytest.param({"group_id": 207935293, "temp_source": 0}, 207935293, id="napcat"),
        pytest.param({"temp_source": 0, "sender": Sender(user_id=7, group_id=207935293)},
                     207935293, id="llonebot-sender-group"),
        pytest.param({"temp_source": 207935293}, 207935293, id="old-napcat-temp-source"),
        pytest.param({"group_id": 284840486, "temp_source": 0}, None, id="napcat-stand-in"),
        pytest.param({}, None, id="no-group-given"),
    ],
)
async def test_temporary_session_is_answered_through_it(
    clock: Clock, bot: RecordingBot, fields: dict[str, Any], group: int | None
) -> None:
    """A temporary-session message is answered with send_private_msg naming its group, from
    wherever the implementation put it; NapCat's stand-in group is left out."""
    event = fake_private_message_event("证明材料什么格式", user_id=7, sub_type="group", **fields)
    assert temp_group(event) == group
    await _outbox(clock).reply(bot, event, "PDF")  # type: ignore[arg-type]
    ((_, api, data),) = bot.calls
    assert api == "send_private_msg"
    assert data["user_id"] == 7
    assert data.get("group_id") == group


async def test_friend_message_still_goes_through_send(clock: Clock, bot: RecordingBot) -> None:
    """A friend's message is answered as before (the adapter's send), without a group."""
    event = fake_private_message_event("证明材料什么格式", user_id=7)
    assert temp_group(event) is None
    await _outbox(clock).reply(bot, event, "PDF")  # type: ignore[arg-type]
    assert [api for _, api, _ in bot.calls] == ["send"]


def _anonymous_event(anonymous_id: int, text: str = "证明材料什么格式") -> MessageEvent:
    return fake_group_message_event(
        text,
        user_id=80000000,
        sub_type="anonymous",
        anonymous=Anonymous(id=anonymous_id, name=f"匿名{anonymous_id}", flag=f"f{anonymous_id}"),
    )


async def test_anonymous_members_are_two_askers(clock: Clock, bot: RecordingBot) -> None:
    """Two anonymous members asking the same thing each get their own answer, quoted, with
    no @ of the shared anonymous user id."""
    outbox = _outbox(clock, assistant_group_rate_per_minute=1)
    busy = fake_group_message_event("活动类别怎么填", user_id=9)
    first, second = _anonymous_event(1), _anonymous_event(2)
    assert outbox.asker_of(first).who != outbox.asker_of(second).who
    await asyncio.gather(
        outbox.reply(bot, busy, "五类选一"),  # type: ignore[arg-type]
        outbox.reply(bot, first, "PDF"),  # type: ignore[arg-type]
        outbox.reply(bot, second, "PDF"),  # type: ignore[arg-type]
    )
    sent = [message for _, _, message in bot.calls[1:]]
    assert sent == [
        MessageSegment.reply(first.message_id) + MessageSegment.text("PDF"),
        MessageSegment.reply(second.message_id) + MessageSegment.text("PDF"),
    ]


def _notice(cls: type, **fields: Any) -> Any:
    return cls(time=0, self_id=SELF_ID, post_type="notice", **fields)


async def test_recall_notices_drop_the_answer(clock: Clock, bot: RecordingBot) -> None:
    """A group or friend recall notice drops the recalled question's answer."""
    outbox = _outbox(clock)
    group_question = fake_group_message_event("问题", user_id=1)
    private_question = fake_private_message_event("问题", user_id=7)
    outbox.on_notice(_notice(
        GroupRecallNoticeEvent, notice_type="group_recall", user_id=1, operator_id=1,
        group_id=group_question.group_id, message_id=group_question.message_id,
    ))
    outbox.on_notice(_notice(
        FriendRecallNoticeEvent, notice_type="friend_recall", user_id=7,
        message_id=private_question.message_id,
    ))
    await outbox.reply(bot, group_question, "回答")  # type: ignore[arg-type]
    await outbox.reply(bot, private_question, "回答")  # type: ignore[arg-type]
    assert bot.calls == []


@pytest.mark.parametrize(
    ("user_id", "duration", "muted"),
    [
        pytest.param(SELF_ID, 600, True, id="bot-muted"),
        pytest.param(0, -1, True, id="whole-group"),
        pytest.param(12345, 600, False, id="someone-else"),
    ],
)
async def test_ban_notices_stop_and_resume_the_group(
    clock: Clock, bot: RecordingBot, user_id: int, duration: int, muted: bool
) -> None:
    """group_ban about the bot or the whole group stops sending there; its lift resumes it;
    a ban of another member changes nothing."""
    outbox = _outbox(clock)
    group = fake_group_message_event("问题").group_id

    def ban(sub_type: str, seconds: int) -> GroupBanNoticeEvent:
        return _notice(
            GroupBanNoticeEvent, notice_type="group_ban", sub_type=sub_type, group_id=group,
            operator_id=1, user_id=user_id, duration=seconds,
        )

    outbox.on_notice(ban("ban", duration))
    await outbox.reply(bot, fake_group_message_event("问题一", user_id=1), "回答一")  # type: ignore[arg-type]
    assert len(bot.calls) == (0 if muted else 1)
    outbox.on_notice(ban("lift_ban", 0))
    await outbox.reply(bot, fake_group_message_event("问题二", user_id=2), "回答二")  # type: ignore[arg-type]
    assert bot.texts()[-1] == "回答二"
