"""10,000 randomly mutated events over the real WebSocket (issue 13, section 4, last item).

Each event starts as a plain private or group message and gets one to four mutations: fields
left out or replaced by junk (nulls, wrong types, huge and negative numbers, nested lists and
objects), text segments whose `text` is a number, a list or missing, segments that are not
objects, unknown segment types, lone surrogates (sent as JSON escapes, as a JSON encoder
does), broken CQ codes, odd post types. The bot must log no traceback from bot/ or plugins/
code, stay up, and answer normally afterwards. Seeded, so CI sees the same events each run.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import (
    GROUP_ID,
    OTHER_GROUP_ID,
    SELF_ID,
    BotProcess,
    OneBotPeer,
    Sent,
    text_of,
)

EVENTS = 10_000
BATCH = 500
"""Events posted before waiting for the bot to catch up: a flood is tested elsewhere."""
SEED = 20240613
OWN_FRAME = re.compile(r'File "[^"]*[/\\](?:bot|plugins)[/\\][^"]*", line \d+')

TEXTS = [
    "网站注册收不到验证码怎么办",
    "8场活动分类2能选几项",
    "检查名称：江苏省科技服务平台",
    "/代码 1101",
    "/faq add 问题\n答案",
    "/faq",
    "填报助手，证明材料要什么格式",
    "",
    " ",
    "[CQ:at,qq=all]",
    "[CQ:",
    "活动\t日期\t人数\n培训\t2024-03-01\t30",
    "😀" * 30,
]
JUNK: list[Any] = [
    None,
    "",
    "字符串",
    "12x",
    "-1",
    -1,
    0,
    1.5,
    True,
    [],
    {},
    [None],
    {"a": None},
    2**31,
    2**63,
    2**64 + 7,
    -(2**63) - 1,
    10**30,
    "\ud800",
    "a\udc80b",
    float("1e308"),
]


def nested(rng: random.Random, depth: int) -> Any:
    """Lists and objects nested up to `depth` deep, with junk leaves."""
    if depth <= 0 or rng.random() < 0.2:
        return rng.choice(JUNK)
    if rng.random() < 0.5:
        return [nested(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {f"k{i}": nested(rng, depth - 1) for i in range(rng.randint(0, 3))}


def junk(rng: random.Random) -> Any:
    if rng.random() < 0.15:
        return nested(rng, rng.randint(1, 12))
    return copy.deepcopy(rng.choice(JUNK))  # never two places holding one list


def own_tracebacks(log: str) -> list[str]:
    """The tracebacks in `log` that passed through bot/ or plugins/ code: frames from where
    the exception was caught (loguru marks that frame with ">") down to where it was raised.
    Frames above the mark only show who started the event loop (`python -m bot`)."""
    found = []
    lines = log.splitlines()
    for start, line in enumerate(lines):
        if not line.lstrip(" +|").endswith("Traceback (most recent call last):"):
            continue
        frames: list[str] = []
        end = start + 1
        while end < len(lines) and lines[end][:1] in (" ", ">", "|", "+"):
            frames.append(lines[end])
            end += 1
        marked = [i for i, frame in enumerate(frames) if frame.startswith(">")]
        below = frames[marked[0] :] if marked else frames
        own = [m.group(0) for frame in below if (m := OWN_FRAME.search(frame))]
        if own:
            raised = lines[end] if end < len(lines) else "?"
            found.append(f"{raised}\n    " + "\n    ".join(own))
    return found


def _segments(event: dict[str, Any]) -> list[Any]:
    message = event.get("message")
    if not isinstance(message, list):
        message = [{"type": "text", "data": {"text": str(message)}}]
        event["message"] = message
    if not message:
        message.append({"type": "text", "data": {"text": "你好"}})
    return message


def _any_segment(rng: random.Random, event: dict[str, Any]) -> dict[str, Any]:
    segments = _segments(event)
    index = rng.randrange(len(segments))
    if not isinstance(segments[index], dict):
        segments[index] = {"type": "text", "data": {"text": "x"}}
    return segments[index]


def drop_field(rng: random.Random, event: dict[str, Any]) -> None:
    if event:
        event.pop(rng.choice(sorted(event)), None)


def junk_field(rng: random.Random, event: dict[str, Any]) -> None:
    key = rng.choice(
        [
            "time",
            "self_id",
            "message_id",
            "user_id",
            "group_id",
            "message",
            "raw_message",
            "font",
            "sender",
            "sub_type",
            "message_type",
            "anonymous",
            "post_type",
            "real_id",
            "message_format",
            "to_me",
            "reply",
            "original_message",
        ]
    )
    event[key] = junk(rng)


def junk_text(rng: random.Random, event: dict[str, Any]) -> None:
    segment = _any_segment(rng, event)
    segment["type"] = "text"
    data = segment.setdefault("data", {})
    if not isinstance(data, dict):
        segment["data"] = data = {}
    if rng.random() < 0.3:
        data.pop("text", None)
    else:
        data["text"] = rng.choice([5, 1.5, None, True, ["a"], {"t": "x"}, 2**70, nested(rng, 4)])


def junk_segment(rng: random.Random, event: dict[str, Any]) -> None:
    segments = _segments(event)
    segments.insert(
        rng.randrange(len(segments) + 1),
        rng.choice(
            [
                None,
                "文字",
                5,
                [],
                {"type": None},
                {"type": 5, "data": {}},
                {"data": {"text": "x"}},
                {"type": "text"},
                {"type": "text", "data": None},
                {"type": "text", "data": "x"},
                {"type": "x-unknown", "data": {"blob": nested(rng, 6)}},
                {"type": "reply", "data": {"id": junk(rng)}},
                {"type": "at", "data": {"qq": junk(rng)}},
                {"type": "at", "data": {}},
                {"type": "image", "data": {"file": junk(rng), "url": junk(rng)}},
                {"type": "node", "data": {"content": nested(rng, 5)}},
                {"type": "forward", "data": {"id": junk(rng)}},
            ]
        ),
    )


def lone_surrogates(rng: random.Random, event: dict[str, Any]) -> None:
    bad = rng.choice(["\ud800", "\udfff", "问\udc80题", "\ud83d", "x\ud800\ud800y"])
    where = rng.random()
    if where < 0.5:
        segment = _any_segment(rng, event)
        segment.update(type="text", data={"text": f"网站打不开{bad}怎么办"})
    elif where < 0.7:
        event["raw_message"] = bad
    elif where < 0.85 and isinstance(event.get("sender"), dict):
        event["sender"]["nickname"] = bad
        event["sender"]["card"] = bad
    else:
        event["message"] = f"填报{bad}问题"


def huge_ids(rng: random.Random, event: dict[str, Any]) -> None:
    for key in rng.sample(["message_id", "user_id", "group_id", "self_id"], rng.randint(1, 2)):
        event[key] = rng.choice([2**64, -(2**63) - 1, 10**30, -1, 0, "9" * 40, 2**53 + 1])


def junk_sender(rng: random.Random, event: dict[str, Any]) -> None:
    if rng.random() < 0.3:
        event["sender"] = junk(rng)
        return
    sender = event.get("sender")
    if not isinstance(sender, dict):
        sender = event["sender"] = {}
    for key in rng.sample(["user_id", "nickname", "role", "age", "card", "level", "sex"], 2):
        sender[key] = junk(rng)


def junk_anonymous(rng: random.Random, event: dict[str, Any]) -> None:
    event["sub_type"] = "anonymous"
    event["anonymous"] = rng.choice(
        [{}, "x", {"id": "x"}, {"id": 1, "name": None, "flag": 5}, nested(rng, 3), None]
    )


def cq_string(rng: random.Random, event: dict[str, Any]) -> None:
    event["message"] = rng.choice(
        [
            "[CQ:at,qq=",
            "[CQ:]",
            "[CQ:reply,id=abc]问题",
            "[CQ:at,qq=all][CQ:at,qq=all]",
            f"[CQ:at,qq={SELF_ID}]网站打不开",
            "&#91;CQ:face&#93;",
            "[CQ:image,file=]" * 50,
            "[[[[CQ:at]]]]",
            "[CQ:text,text=证明材料]",
        ]
    )
    event["message_format"] = "string"


def odd_post_type(rng: random.Random, event: dict[str, Any]) -> None:
    event["post_type"] = rng.choice(["message_sent", "notice", "request", "meta_event", "x", ""])
    event.setdefault("notice_type", rng.choice(["group_recall", "friend_recall", "x", None]))
    event.setdefault("meta_event_type", rng.choice(["heartbeat", "lifecycle", None]))


MUTATIONS: list[Callable[[random.Random, dict[str, Any]], None]] = [
    drop_field,
    drop_field,
    junk_field,
    junk_field,
    junk_text,
    junk_text,
    junk_segment,
    junk_segment,
    lone_surrogates,
    huge_ids,
    junk_sender,
    junk_anonymous,
    cq_string,
    odd_post_type,
]


def mutated_events(peer: OneBotPeer, count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(TEXTS)
        kind = rng.random()
        if kind < 0.5:
            event = peer.private_event(text)
        else:
            group = GROUP_ID if kind < 0.9 else OTHER_GROUP_ID
            event = peer.group_event(text, group_id=group, at=rng.random() < 0.6)
        for _ in range(rng.randint(1, 4)):
            rng.choice(MUTATIONS)(rng, event)
        yield event


async def quiet(peer: OneBotPeer, *, still: float = 0.5, within: float = 60.0) -> None:
    """Wait until the bot has made no API call for `still` seconds (it caught up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    seen = -1
    while seen != len(peer.calls) and loop.time() < deadline:
        seen = len(peer.calls)
        await asyncio.sleep(still)


class RawPeer(OneBotPeer):
    """The peer, able to send a frame as any JSON encoder would write it (lone surrogates as
    `\\ud800` escapes: they cannot be sent as UTF-8 text)."""

    async def post_raw(self, frame: str) -> None:
        await self._ws.send(frame)


@pytest.fixture(scope="module")
def mutation_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A bot of its own, so its log holds only what the mutated events caused."""
    with BotProcess(tmp_path_factory.mktemp("mutation-bot"), env=E2E_ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def mutation_peer(mutation_bot: BotProcess) -> AsyncIterator[RawPeer]:
    peer = RawPeer(mutation_bot.url, mutation_bot.token)
    async with peer:
        yield peer


async def test_mutated_events_leave_no_traceback(
    mutation_bot: BotProcess, mutation_peer: RawPeer
) -> None:
    """10,000 mutated events: no traceback from bot/ or plugins/, the bot stays up and still
    answers a plain question in private and in the group."""
    for n, event in enumerate(mutated_events(mutation_peer, EVENTS, SEED), start=1):
        await mutation_peer.post_raw(json.dumps(event))
        if n % 50 == 0:
            await asyncio.sleep(0.005)  # let the peer answer the bot's API calls meanwhile
        if n % BATCH == 0:
            await quiet(mutation_peer)
    await quiet(mutation_peer)
    await mutation_peer.barrier(within=60.0)
    assert mutation_bot.alive, mutation_bot.tail()
    assert mutation_peer.connected, mutation_bot.tail()

    sent = await mutation_peer.ask_private("网站注册收不到验证码怎么办", within=30.0)
    assert "18652917911" in text_of(sent), mutation_bot.tail()
    posted = await mutation_peer.group("我们办了8场活动，分类2能选几项", at=True)
    answer: list[Sent] = []
    for _ in range(300):  # the group's queue may still hold answers to mutated events
        replies = mutation_peer.sent_to(posted.target)
        answer = [s for s in replies if posted.message_id in s.quoted_ids]
        if answer:
            break
        await asyncio.sleep(0.1)
    assert re.search(r"(?<!\d)2\s*[项个]|两[项个]", text_of(answer)), mutation_bot.tail()

    own = own_tracebacks(mutation_bot.log())
    assert not own, f"{len(own)} tracebacks through our code, e.g.:\n" + "\n".join(
        sorted(set(own))[:10]
    )
