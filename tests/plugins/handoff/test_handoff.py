"""Hand-off to humans through the Q&A plugin: the user's note, the admins' batched notices,
and the messages the bot never answers (other bots, itself, an echo loop)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import ActionFailed, Message, MessageSegment
from nonebug import App

from bot.config import Settings
from bot.delivery.notices import FIRST_DELAY_SECONDS, Handoff, Target, notify_targets
from bot.delivery.notifier import Notifier
from tests.fake import (
    SELF_ID,
    fake_group_message_event,
    fake_private_message_event,
    make_bot,
)

AT = datetime(2025, 3, 14, 20, 5)
TECH = (
    "这是填报网站的技术问题，请打技术咨询电话 18652917911（网站注册等技术问题咨询）。\n"
    "依据：填报指南（四）"
)


class Clock:
    """Virtual time the test moves by hand; sleeping never ends (flushes are explicit)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.Event().wait()


class FakeChannel:
    """Records notices; fails the first `failures` deliveries."""

    def __init__(self, failures: int = 0) -> None:
        self.delivered: list[tuple[Target, str]] = []
        self.failures = failures

    def ready(self) -> bool:
        return True

    async def deliver(self, target: Target, text: str) -> bool:
        if self.failures:
            self.failures -= 1
            return False
        self.delivered.append((target, text))
        return True


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def notifier_factory(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """Installs a notifier on the virtual clock (the process's settings and admin channel
    unless given); closed after the test."""
    from bot.app.services import services

    app = services()
    made: list[Notifier] = []

    def make(settings: Settings | None = None, channel: Any = None) -> Notifier:
        settings = settings or app.settings
        notifier = Notifier(
            notify_targets(settings, app.superusers),
            settings.assistant_notify_interval_minutes * 60,
            channel if channel is not None else app.admins,
            clock=clock,
            wallclock=lambda: AT,
            sleep=clock.sleep,
        )
        monkeypatch.setattr(app, "notifier", notifier)
        made.append(notifier)
        return notifier

    yield make
    for notifier in made:
        await notifier.close()


async def test_tech_question_tells_user_and_queues_notice(
    app: App, notifier_factory: Any, clock: Clock
) -> None:
    """A tech question gets the phone and "我已通知管理员"; the SUPERUSER gets a notice."""
    from plugins.assistant import question_matcher

    notifier = notifier_factory()
    event = fake_private_message_event("网站进不去", user_id=10001)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(
            event, Message(MessageSegment.text(TECH + "\n我已通知管理员。")), result=None
        )
    assert [h.question for h in notifier.batcher.pending(Target("private", 90001))] == [
        "网站进不去"
    ]
    clock.now += FIRST_DELAY_SECONDS
    async with app.test_api() as ctx:
        make_bot(ctx)
        ctx.should_call_api(
            "send_private_msg",
            {
                "user_id": 90001,
                "message": Message(MessageSegment.text(
                    "填报助手转人工（1条）：\n"
                    "1. [网站技术问题] 03-14 20:05 私聊 测试用户（10001）：网站进不去\n"
                    "技术问题已请提问人打 18652917911。"
                )),
            },
            result={"message_id": 1},
        )
        assert await notifier.flush() == 1


async def test_group_policy_gap_names_the_group(
    app: App, notifier_factory: Any
) -> None:
    """A gap question @ the bot in a group is reported with the group number."""
    from plugins.assistant import question_matcher

    notifier = notifier_factory(channel=FakeChannel())
    event = fake_group_message_event("填报截止时间是什么时候", to_me=True, user_id=10002)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _AnyMessageEndingWith("我已通知管理员。"), result=None)
    (handoff,) = notifier.batcher.pending(Target("private", 90001))
    assert (handoff.line, handoff.group_id, handoff.user_id) == ("consult", 807645478, 10002)


class _AnyMessageEndingWith:
    """Equal to any message whose text ends with `tail` (the answer text is the FAQ's)."""

    def __init__(self, tail: str) -> None:
        self.tail = tail

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.extract_plain_text().endswith(self.tail)

    def __hash__(self) -> int:
        return hash(self.tail)


@pytest.mark.parametrize(
    ("text", "to_me"),
    [
        pytest.param("证明材料是什么格式", True, id="answered"),
        pytest.param("验证码收不到", False, id="unaddressed-group-chatter"),
    ],
)
async def test_no_notice_without_a_spoken_hand_off(
    app: App, notifier_factory: Any, text: str, to_me: bool
) -> None:
    """Answered questions and group chatter the bot stays out of notify nobody."""
    from plugins.assistant import question_matcher

    notifier = notifier_factory()
    event = fake_group_message_event(text, to_me=to_me, user_id=10003)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        if to_me:
            ctx.should_call_send(event, _NotEndingWith("我已通知管理员。"), result=None)
    assert notifier.batcher.next_due_at() is None


class _NotEndingWith(_AnyMessageEndingWith):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and not other.extract_plain_text().endswith(self.tail)

    def __hash__(self) -> int:
        return hash(self.tail)


async def test_no_admin_no_promise(app: App, notifier_factory: Any) -> None:
    """With no admin and no SUPERUSER, the user is not told anyone was notified."""
    from plugins.assistant import question_matcher

    notifier = notifier_factory(Settings(), FakeChannel())
    notifier.targets = []  # no admin, no SUPERUSER
    event = fake_private_message_event("网站进不去", user_id=10004)
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, Message(MessageSegment.text(TECH)), result=None)
    assert notifier.batcher.next_due_at() is None


async def test_no_connected_bot_keeps_notices(notifier_factory: Any, clock: Clock) -> None:
    """Without a connected bot nothing is lost: the notice waits."""
    from bot.app.services import services

    notifier = notifier_factory(Settings(assistant_admins=[1]))
    services().admins.use(SimpleNamespace(self_id="2854196310"))  # type: ignore[arg-type]
    notifier.add(Handoff("tech", 1, "", None, "密码忘了", AT))
    clock.now = FIRST_DELAY_SECONDS
    assert await notifier.flush() == 0
    assert len(notifier.batcher.pending(Target("private", 1))) == 1


async def test_configured_bot_account_is_ignored(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages from a configured bot account never reach the Q&A matcher."""
    from bot.app.services import services
    from plugins.assistant import question_matcher

    monkeypatch.setattr(services().settings, "assistant_bot_accounts", [4242])
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_group_message_event("验证码收不到", to_me=True, user_id=4242))
        # nonebug fails the test on any API call that was not expected: silence is checked.


async def test_own_messages_are_ignored(app: App) -> None:
    """The bot's own account, reported back as a message, is never answered."""
    from plugins.assistant import question_matcher

    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, fake_private_message_event("网站进不去", user_id=SELF_ID))
        # Silence: any send would be an unexpected API call.


async def test_echo_of_the_bots_answer_is_ignored(app: App) -> None:
    """Another bot repeating the assistant's answer word for word gets no answer back (no
    ping-pong); a person who pastes it with a question is answered (tests/e2e/test_askers.py)."""
    from bot.app.services import services
    from plugins.assistant import question_matcher

    outbox = services().outbox.engine
    outbox.guard.outgoing(("group", 807645478), [10001], TECH, outbox.clock())
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        event = fake_group_message_event(TECH, to_me=True, user_id=31337)
        ctx.receive_event(bot, event)
        # Silence: any send would be an unexpected API call.


async def test_refused_send_does_not_break_the_handler(app: App, notifier_factory: Any) -> None:
    """A send that keeps failing before it reaches QQ (NapCat cannot resolve the user) is
    tried twice and given up; the handler ends normally."""
    from bot.app.services import services
    from plugins.assistant import question_matcher

    notifier_factory()
    services().outbox.engine.backoff = 0.0
    event = fake_private_message_event("8场活动能选几个分类2", user_id=10005)
    failure = ActionFailed(retcode=1200, status="failed", message="无法获取用户信息")
    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        for _ in range(2):  # the first try and one retry
            ctx.should_call_send(event, _AnyMessageEndingWith("依据：填报指南（一）3"),
                                 exception=failure)
