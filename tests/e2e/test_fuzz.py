"""Fuzzing the running bot with odd but well-formed OneBot events over the real WebSocket.

Random text (emoji, control characters, CQ look-alikes, 20,000 characters and more), random
segment lists (images, faces, @全体, quotes of unknown messages, empty messages) and senders
missing optional fields. The bot never crashes, never sends a segment the user did not cause,
answers every private message, stays silent in groups it does not serve, and still answers a
normal question afterwards. Hypothesis runs derandomized, so CI sees the same examples.
"""

from __future__ import annotations

import re
import string
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import (
    GROUP_ID,
    OTHER_GROUP_ID,
    SELF_ID,
    BotProcess,
    OneBotPeer,
    segment,
    text_of,
    text_segment,
    unexpected_segments,
)

MAX_INPUT_CHARS = 20_000

_cq_like = st.sampled_from(
    [
        "[CQ:at,qq=all]",
        f"[CQ:at,qq={SELF_ID}]",
        "&#91;CQ:at,qq=all&#93;",
        "[CQ:image,file=a.jpg,url=http://127.0.0.1:9/a.jpg]",
        "[CQ:reply,id=424242]",
        "[CQ:face,id=178]",
        "[CQ:record,file=a.amr]",
        '[CQ:json,data={"app":"x"}]',
        "[CQ:at,qq=all",
        "[CQ:",
        "]",
        "&amp;&#44;",
    ]
)
_guide_words = st.sampled_from(
    ["分类2", "平台名称", "8场活动", "验证码", "PDF", "签到表", "检查名称：", "1101", "？", "吗",
     "填报助手", "/", "@全体成员"]
)
_anything = st.characters(codec="utf-8")  # every code point but lone surrogates
_chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
_control = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
_piece = st.one_of(
    st.text(_anything, max_size=12),
    st.text(_chinese, max_size=12),
    st.text(_emoji, max_size=4),
    st.text(_control, max_size=4),
    _cq_like,
    _guide_words,
)
_short_text = st.lists(_piece, max_size=8).map("".join)
# Long messages repeat a random piece: generating 20,000 random characters is slow and adds
# nothing the piece does not.
_long_text = st.builds(
    lambda unit, size: (unit * (size // len(unit) + 1))[:size],
    st.text(st.one_of(_anything, _chinese), min_size=1, max_size=30),
    st.sampled_from([MAX_INPUT_CHARS - 1, MAX_INPUT_CHARS, MAX_INPUT_CHARS + 1, 50_000]),
)
texts = st.one_of(_short_text, _short_text, _short_text, _long_text)

_ids = st.integers(min_value=-5, max_value=2**31 - 1)
segments_ = st.lists(
    st.one_of(
        texts.map(text_segment),
        st.builds(
            lambda name: segment(
                "image", file=f"{name}.jpg", url=f"http://127.0.0.1:9/{name}.jpg", summary="[图片]"
            ),
            st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8),
        ),
        st.builds(lambda face: segment("face", id=face), st.integers(0, 400)),
        st.just(segment("at", qq="all")),
        st.just(segment("at", qq=SELF_ID)),
        st.builds(lambda qq: segment("at", qq=qq), st.integers(10_000, 9_999_999_999)),
        st.builds(lambda mid: segment("reply", id=mid), _ids),
        st.just(segment("record", file="a.amr")),
    ),
    max_size=6,
)
messages = st.one_of(texts, segments_)


_SENDER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "user_id": st.just(0),  # replaced by the sender's id
    "nickname": st.text(max_size=10),
    "sex": st.sampled_from(["male", "female", "unknown"]),
    "age": st.integers(0, 120),
    "card": st.text(max_size=10),
    "role": st.sampled_from(["owner", "admin", "member"]),
    "title": st.text(max_size=6),
    "level": st.sampled_from(["", "1", "99"]),
    "area": st.just(""),
}
senders = st.fixed_dictionaries({}, optional=_SENDER_FIELDS)
"""Sender objects with any of the optional fields left out."""

chats = st.sampled_from(["private", "group", "group-at", "other-group"])
formats = st.sampled_from(["array", "string"])


def build_event(
    peer: OneBotPeer, chat: str, message: Any, message_format: str, sender: dict[str, Any]
) -> dict[str, Any]:
    """The event for one drawn case, from a user the peer has not used before."""
    user = peer.new_user_id()
    sender = {k: user if k == "user_id" else v for k, v in sender.items()}
    if chat == "private":
        return peer.private_event(
            message, user_id=user, message_format=message_format, sender=sender
        )
    return peer.group_event(
        message,
        user_id=user,
        group_id=OTHER_GROUP_ID if chat == "other-group" else GROUP_ID,
        at=chat == "group-at",
        message_format=message_format,
        sender=sender,
    )


@pytest.fixture(scope="module")
def fuzz_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A bot of its own, so its log holds only what the fuzzing caused."""
    with BotProcess(tmp_path_factory.mktemp("fuzz-bot"), env=E2E_ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
async def fuzz_peer(fuzz_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    async with OneBotPeer.for_bot(fuzz_bot) as peer:
        yield peer


_posted_ids: set[int] = set()
_users: set[int] = set()


_AT_ALL_PASTE = "检查名称：科技[CQ:at,qq=all]服务平台"


@settings(
    max_examples=70,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(chat=chats, message=messages, message_format=formats, sender=senders)
@example(chat="private", message=_AT_ALL_PASTE, message_format="array", sender={})
@example(chat="private", message=_AT_ALL_PASTE, message_format="string", sender={})
@example(chat="group-at", message=_AT_ALL_PASTE, message_format="array", sender={"user_id": 0})
@example(chat="group-at", message=_AT_ALL_PASTE, message_format="string", sender={})
@example(chat="private", message=[], message_format="array", sender={"user_id": 0})
@example(chat="group-at", message="啊" * MAX_INPUT_CHARS, message_format="array", sender={})
async def test_random_events_are_survived(
    fuzz_bot: BotProcess,
    fuzz_peer: OneBotPeer,
    chat: str,
    message: Any,
    message_format: str,
    sender: dict[str, Any],
) -> None:
    """Any event: the bot lives on, answers in private, is silent in other groups and sends
    nothing but text, quotes of users' messages and @ of users."""
    event = build_event(fuzz_peer, chat, message, message_format, sender)
    _users.add(int(event["user_id"]))
    _posted_ids.add(int(event["message_id"]))
    posted = await fuzz_peer.post(event)
    if chat == "private":
        sent = await fuzz_peer.replies(posted, within=15.0, quiet=0.2)
        assert sent, f"no reply in private chat; log tail:\n{fuzz_bot.tail()}"
    else:
        await fuzz_peer.barrier(quiet=0.2)
        sent = fuzz_peer.sent_to(posted.target, posted.at)
    assert fuzz_bot.alive, f"the bot exited; log tail:\n{fuzz_bot.tail()}"
    assert fuzz_peer.connected
    if chat == "other-group":
        assert not sent, f"the bot spoke in a group it does not serve: {text_of(sent)[:200]!r}"
    for reply in sent:
        # Quoting a user's message, or the bot's own earlier answer ("刚回答过"), is fine.
        quotable = _posted_ids | {s.message_id for s in fuzz_peer.sent}
        bad = unexpected_segments(reply, users=_users, quotable=quotable)
        assert not bad, f"the bot sent segments nobody asked for: {bad}"


async def test_bot_answers_after_fuzzing(fuzz_bot: BotProcess, fuzz_peer: OneBotPeer) -> None:
    """After the fuzzing a normal question is still answered, and no handler ever failed."""
    sent = await fuzz_peer.ask_private("网站注册收不到验证码怎么办")
    assert "18652917911" in text_of(sent)
    sent = await fuzz_peer.ask_group("我们办了8场活动，分类2能选几项", at=True)
    assert re.search(r"(?<!\d)2\s*[项个]|两[项个]", text_of(sent)), text_of(sent)
    errors = [line for line in fuzz_bot.log().splitlines() if "[ERROR]" in line]
    assert not errors, "\n".join(errors[:10]) + f"\nlog tail:\n{fuzz_bot.tail()}"
