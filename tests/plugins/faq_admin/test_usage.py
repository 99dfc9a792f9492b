"""Usage figures for the admins: what the question path counts (in memory, no database write per
message), `/faq stats` (`/问答 统计`), and the weekly digest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import Message, MessageSegment
from nonebug import App

from bot.faq import FaqRepository, UsageRecorder, render
from bot.reply import Reply, ReplyKind
from tests.fake import expected, fake_group_message_event, fake_private_message_event, make_bot

ADMIN = 90001
NOW = time.mktime((2025, 3, 14, 10, 30, 0, 0, 0, -1))
GAP_QUESTION = "演练横幅用什么颜色"


@pytest.fixture
def usage(faq_repo: FaqRepository, monkeypatch: pytest.MonkeyPatch) -> UsageRecorder:
    """The FAQ service's counter, on a fixed clock (14 March 2025, 10:30 local time)."""
    from bot.app.services import services

    recorder = UsageRecorder(faq_repo, clock=lambda: NOW)
    monkeypatch.setattr(services().faq_service(), "usage", recorder)
    return recorder


def _entries(n: int) -> list[tuple[str, str]]:
    """The first `n` shipped entries as (id, question)."""
    from bot.app.services import services

    entries = services().assistant.knowledge.entries
    return [(entry_id, entries[entry_id].question) for entry_id in list(entries)[:n]]


async def _replied(app: App, *replies: tuple[Reply, bool], group: bool = False) -> None:
    """Each (reply, spoke) handled for a user's message, as the question path reports it."""
    from plugins._common.events import Replied, emit_replied

    async with app.test_api() as ctx:
        bot = make_bot(ctx)
        for reply, spoke in replies:
            event = (
                fake_group_message_event("随便问问", user_id=30001)
                if group
                else fake_private_message_event("随便问问", user_id=30001)
            )
            await emit_replied(Replied(bot, event, "随便问问", reply, spoke))


async def _say(app: App, text: str, reply: str, *, user_id: int = ADMIN) -> None:
    event = fake_private_message_event(text, user_id=user_id)
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, expected(event, reply), result=None)


async def _question_rows(repo: FaqRepository) -> int:
    async with repo.storage.read() as conn, conn.execute(
        "SELECT count(*) FROM question_hour"
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def test_questions_are_counted_in_memory_and_listed_after_a_flush(
    app: App, faq_repo: FaqRepository, usage: UsageRecorder
) -> None:
    """Answered and missed questions cost no database write when they happen; `/faq missed`
    writes them first and lists the missed one."""
    [(entry_id, _)] = _entries(1)
    await _replied(
        app,
        (Reply(ReplyKind.ANSWER, "…", 0.9, entry_id=entry_id), True),
        (Reply(ReplyKind.GAP, "…"), True),
    )
    assert await _question_rows(faq_repo) == 0
    assert await faq_repo.missed() == []
    from bot.app.services import services

    groups = await services().faq_service().missed()
    assert [(g.sample, g.count) for g in groups] == [("随便问问", 1)]
    assert await _question_rows(faq_repo) == 2  # answered and missed, one hour


@pytest.mark.parametrize(
    ("reply", "spoke", "answered", "missed"),
    [
        pytest.param(Reply(ReplyKind.ANSWER, "…", 0.9), True, 1, 0, id="answer"),
        pytest.param(Reply(ReplyKind.COMPUTED, "…"), True, 1, 0, id="computed"),
        pytest.param(Reply(ReplyKind.CODE, "…"), True, 1, 0, id="code"),
        pytest.param(Reply(ReplyKind.CHECK, "…"), True, 1, 0, id="check"),
        pytest.param(Reply(ReplyKind.TECH, "…"), True, 1, 0, id="tech-phone"),
        pytest.param(Reply(ReplyKind.GAP, "…"), True, 0, 1, id="gap"),
        pytest.param(Reply(ReplyKind.OUT_OF_SCOPE, "…", 0.4), True, 0, 1, id="near-miss"),
        pytest.param(Reply(ReplyKind.OUT_OF_SCOPE, "…", 0.1), True, 0, 0, id="off-topic"),
        pytest.param(Reply(ReplyKind.CHITCHAT, "…"), True, 0, 0, id="chitchat"),
        pytest.param(Reply(ReplyKind.HELP, "…"), True, 0, 0, id="greeting"),
        pytest.param(Reply(ReplyKind.ANSWER, "…", 0.9), False, 0, 0, id="silent-in-group"),
        pytest.param(Reply(ReplyKind.GAP, "…"), False, 0, 0, id="silent-gap"),
    ],
)
async def test_what_counts_as_answered_or_missed(
    app: App, usage: UsageRecorder, reply: Reply, spoke: bool, answered: int, missed: int
) -> None:
    """Each reply kind counts as answered, missed, or not a question; silence never counts."""
    await _replied(app, (reply, spoke), group=not spoke)
    summary = await usage.summary(7)
    assert (summary.answered, summary.missed) == (answered, missed)


async def test_each_question_of_a_compound_message_counts(
    app: App, usage: UsageRecorder
) -> None:
    """A message of two questions: the answered part is a hit of its entry, the other part is
    missed under its own question, not the whole message."""
    [(entry_id, _)] = _entries(1)
    compound = Reply.compound((
        Reply(ReplyKind.ANSWER, "一", 0.9, entry_id=entry_id, question="分类2能选几项"),
        Reply(ReplyKind.GAP, "二", question=GAP_QUESTION),
    ))
    await _replied(app, (compound, True))
    summary = await usage.summary(7)
    assert (summary.answered, summary.missed) == (1, 1)
    assert [(u.entry_id, u.hits) for u in summary.most_asked] == [(entry_id, 1)]
    assert [m.text for m in await usage.missed_questions()] == [GAP_QUESTION]


async def test_stats_command_reports_the_week(app: App, usage: UsageRecorder) -> None:
    """`/faq stats`: the week's totals, the entries used most with their counts, entries never
    used, the busiest hour and where to find the missed questions."""
    (first, first_q), (second, second_q) = _entries(2)
    hit = Reply(ReplyKind.ANSWER, "…", 0.9, entry_id=first)
    await _replied(
        app,
        (hit, True), (hit, True), (hit, True),
        (Reply(ReplyKind.ANSWER, "…", 0.9, entry_id=second), True),
        (Reply(ReplyKind.GAP, "…"), True),
        (Reply(ReplyKind.OUT_OF_SCOPE, "…", 0.1), True),
    )
    event = fake_private_message_event("/faq stats", user_id=ADMIN)
    async with app.test_matcher() as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        ctx.should_call_send(event, _StatsText(first, first_q, second, second_q), result=None)


class _StatsText(Message):
    """The `/faq stats` reply, checked line by line (the never-used examples by shape only:
    which five shipped entries come first is the knowledge's order, not this test's)."""

    def __init__(self, first: str, first_q: str, second: str, second_q: str) -> None:
        super().__init__(MessageSegment.text(""))
        self.expected_head = [
            "近7天（03-07至03-14）：共5个问题，答上4个，没答上1个。",
            "用得最多的问答：",
            f"1. {first}：{render.snippet(first_q, 24)}（3次）",
            f"2. {second}：{render.snippet(second_q, 24)}（1次）",
            "这段时间一次也没用上的问答（举例）：",
        ]
        self.expected_tail = [
            "提问最多的时段：10点至11点 5个",
            "没答上的问题发 /faq missed 查看，可以采纳进问答库。",
        ]
        self.used = {first, second}

    def __eq__(self, other: object) -> bool:
        lines = str(other).split("\n")
        head, examples, tail = lines[:5], lines[5:-2], lines[-2:]
        return (
            head == self.expected_head
            and tail == self.expected_tail
            and len(examples) == 5
            and all(
                line.partition("：")[0] not in self.used and line.endswith("（从未用上）")
                for line in examples
            )
        )

    def __ne__(self, other: object) -> bool:  # nonebug compares sends with !=
        return not self.__eq__(other)

    __hash__ = Message.__hash__


async def test_stats_in_chinese_with_days(app: App, usage: UsageRecorder) -> None:
    """`/问答 统计 30` (and without the space) covers 30 days; nothing asked says so."""
    await _say(app, "/问答 统计 30", "近30天（02-12至03-14）：没有人提问。")
    await _say(app, "/问答 统计30", "近30天（02-12至03-14）：没有人提问。")


async def test_stats_is_for_admins_only(app: App, usage: UsageRecorder) -> None:
    """Anyone else gets the polite refusal, no figures."""
    await _say(app, "/faq stats", render.REFUSAL, user_id=30001)


def test_help_lists_stats() -> None:
    """The sub-command table and the help both know stats and 统计."""
    from plugins.faq_admin.parsing import parse

    assert parse("统计 14").name == "stats"
    assert parse("stats").first_arg == ""
    assert "/faq stats" in render.usage("/faq")


@pytest.fixture
def restore_schedule() -> Iterator[None]:
    """The digest's job as the process's settings have it, after the test."""
    yield
    from bot.app.services import services
    from plugins.faq_admin import digest

    digest.schedule(services().settings.assistant_weekly_digest)


@pytest.mark.parametrize(
    ("setting", "cron"),
    [
        pytest.param("mon 09:00", "day_of_week='mon', hour='9', minute='0'", id="default"),
        pytest.param("周五 17:30", "day_of_week='fri', hour='17', minute='30'", id="chinese"),
        pytest.param("off", None, id="off"),
    ],
)
def test_digest_is_scheduled_at_the_setting(
    restore_schedule: None, setting: str, cron: str | None
) -> None:
    """ASSISTANT_WEEKLY_DIGEST becomes one weekly cron job (Beijing time), or none for off."""
    from nonebot_plugin_apscheduler import scheduler

    from plugins.faq_admin import digest

    assert digest.schedule(setting) is (cron is not None)
    job = scheduler.get_job(digest.JOB_ID)
    if cron is None:
        assert job is None
    else:
        assert job is not None
        assert cron in str(job.trigger)
        assert str(job.trigger.timezone) == "Asia/Shanghai"


async def test_digest_goes_to_the_admins(app: App, usage: UsageRecorder) -> None:
    """The digest is the week's figures, sent privately to each of the notifier's targets
    (here the one SUPERUSER) from a connected account."""
    from plugins.faq_admin import digest

    [(entry_id, question)] = _entries(1)
    await _replied(app, (Reply(ReplyKind.ANSWER, "…", 0.9, entry_id=entry_id), True))
    async with app.test_api() as ctx:
        make_bot(ctx)
        sent: list[Any] = []

        class Digest(Message):
            def __eq__(self, other: object) -> bool:
                sent.append(str(other))
                return str(other).startswith(
                    "填报助手近7天使用情况（03-07至03-14）：共1个问题，答上1个，没答上0个。\n"
                    f"用得最多的问答：\n1. {entry_id}：{render.snippet(question, 24)}（1次）\n"
                )

            __hash__ = Message.__hash__

        ctx.should_call_api(
            "send_private_msg",
            {"user_id": ADMIN, "message": Digest(MessageSegment.text(""))},
            result={"message_id": 1},
        )
        assert await digest.send_digest() == 1
    assert sent


async def test_digest_without_a_connection_sends_nothing(usage: UsageRecorder) -> None:
    """With no QQ side connected the digest is skipped (and logged), not queued forever."""
    from plugins.faq_admin import digest

    assert await digest.send_digest() == 0
