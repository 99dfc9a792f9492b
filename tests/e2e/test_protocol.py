"""OneBot v11 over a real WebSocket: the bot as NapCat meets it, start-up to reconnect."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import (
    OTHER_GROUP_ID,
    REPLY_ACTIONS,
    SELF_ID,
    SUPERUSER,
    BotProcess,
    OneBotPeer,
    Posted,
    Sent,
    handshake_status,
    text_of,
    unexpected_segments,
)

TECH_PHONE = "18652917911"
API_TIMEOUT = float(E2E_ENV["API_TIMEOUT"])
FORMATS = [pytest.param("array", id="array"), pytest.param("string", id="cq-string")]
TWO_OPTIONS = re.compile(r"(?<!\d)2\s*[项个]|两[项个]|不超过\s*2")


def assert_quotes(sent: list[Sent], posted: Posted) -> None:
    """A short group answer is one message quoting the asker."""
    assert sent, "no reply"
    first = sent[0]
    assert not first.is_forward, f"a short answer came as a merged forward: {first.params}"
    assert posted.message_id in first.quoted_ids, f"no quote of the question: {first.segments}"


def assert_only_caused_segments(sent: list[Sent], posted: Posted, peer: OneBotPeer) -> None:
    """Nothing but text, a quote of the question (or of the bot's own earlier answer) and an @
    of the asker."""
    quotable = [posted.message_id, *(s.message_id for s in peer.sent)]
    for message in sent:
        bad = unexpected_segments(message, users=[posted.user_id], quotable=quotable)
        assert not bad, f"the bot sent segments nobody asked for: {bad}"


@pytest.mark.parametrize(
    ("token", "auth"),
    [pytest.param("wrong-token", True, id="wrong"), pytest.param(None, False, id="missing")],
)
async def test_bad_token_is_refused(e2e_bot: BotProcess, token: str | None, auth: bool) -> None:
    """A connection with a wrong or no access token is refused at the handshake."""
    # Another account, so the refusal cannot come from the duplicate-connection check.
    headers = OneBotPeer.for_bot(e2e_bot).headers(self_id=SELF_ID + 1, token=token, auth=auth)
    assert await handshake_status(e2e_bot.url, headers) == 403


async def test_right_token_is_accepted(e2e_bot: BotProcess, live_peer: OneBotPeer) -> None:
    """The same handshake with the configured token is accepted, so the refusals above are
    about the token alone."""
    headers = live_peer.headers(self_id=SELF_ID + 1)
    assert await handshake_status(e2e_bot.url, headers) == 101


@pytest.mark.parametrize("message_format", FORMATS)
async def test_private_question_is_answered(live_peer: OneBotPeer, message_format: str) -> None:
    """A private 分类2 question with a Chinese numeral gets the computed limit."""
    sent = await live_peer.ask_private(
        "我们去年办了七场专场活动，服务功能分类2最多能选几个？", message_format=message_format
    )
    assert sent, "no reply"
    assert all(s.target[0] == "private" for s in sent)
    assert TWO_OPTIONS.search(text_of(sent)), text_of(sent)


@pytest.mark.parametrize("message_format", FORMATS)
async def test_group_at_is_answered_with_quote(live_peer: OneBotPeer, message_format: str) -> None:
    """An @ in a consultation group is answered in the group, quoting the question."""
    posted = await live_peer.group(
        "网站登录一直提示密码错误怎么办", at=True, message_format=message_format
    )
    sent = await live_peer.replies(posted)
    assert_quotes(sent, posted)
    assert TECH_PHONE in text_of(sent)
    assert_only_caused_segments(sent, posted, live_peer)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        pytest.param("收到", True, id="at-ack"),
        pytest.param("好的，谢谢老师", False, id="thanks"),
        pytest.param("哈哈哈", False, id="laugh"),
        pytest.param("今天中午去哪吃饭", False, id="lunch"),
    ],
)
async def test_group_chitchat_is_silent(live_peer: OneBotPeer, text: str, at: bool) -> None:
    """Small talk in a consultation group gets no reply, addressed or not."""
    assert await live_peer.silent(await live_peer.group(text, at=at))


async def test_other_group_is_silent(live_peer: OneBotPeer) -> None:
    """Even an @ with a real question stays unanswered in a group the bot does not serve."""
    posted = await live_peer.group("网站注册收不到验证码", at=True, group_id=OTHER_GROUP_ID)
    assert await live_peer.silent(posted)


async def test_reply_to_bot_is_followed_up(live_peer: OneBotPeer) -> None:
    """Quoting the bot's answer addresses it: the follow-up is answered, while the same text
    without the quote is not."""
    first = await live_peer.ask_group("填报网站打不开怎么办", at=True)
    assert first, "no reply to the first question"
    follow_up = "那账号被锁定了呢"
    assert await live_peer.silent(await live_peer.group(follow_up))

    posted = await live_peer.group(follow_up, reply_to=first[-1].message_id)
    sent = await live_peer.replies(posted)
    assert TECH_PHONE in text_of(sent)
    assert any(c.action == "get_msg" and c.outcome == "ok" for c in live_peer.calls)
    assert_only_caused_segments(sent, posted, live_peer)


async def test_quote_of_unknown_message_is_survived(
    live_peer: OneBotPeer, e2e_bot: BotProcess
) -> None:
    """`get_msg` answered with retcode 1404 is logged and the @ question still answered."""
    mark = e2e_bot.log_mark()
    posted = await live_peer.group("网站注册收不到验证码", at=True, reply_to=987654321)
    sent = await live_peer.replies(posted)
    assert TECH_PHONE in text_of(sent)
    assert any(c.action == "get_msg" and c.outcome == "failed:1404" for c in live_peer.calls)
    assert await e2e_bot.wait_log(r"1404", mark), e2e_bot.tail()


async def test_unanswered_get_msg_is_survived(live_peer: OneBotPeer, e2e_bot: BotProcess) -> None:
    """`get_msg` never answered times out, is logged, and the @ question is still answered."""
    earlier = await live_peer.ask_group("页面一直白屏", at=True)
    assert earlier, "no reply to the first question"
    mark = e2e_bot.log_mark()
    live_peer.fail("get_msg", retcode=None)
    posted = await live_peer.group(
        "上传失败怎么办", at=True, reply_to=earlier[-1].message_id
    )
    sent = await live_peer.replies(posted, within=API_TIMEOUT + 10)
    assert TECH_PHONE in text_of(sent)
    assert await e2e_bot.wait_log(r"(?i)timeout", mark), e2e_bot.tail()


@pytest.mark.parametrize(
    "retcode",
    [
        pytest.param(1200, id="retcode-1200"),
        pytest.param(1404, id="retcode-1404"),
        pytest.param(None, id="no-answer"),
    ],
)
async def test_failed_send_is_logged_and_survived(
    live_peer: OneBotPeer, e2e_bot: BotProcess, retcode: int | None
) -> None:
    """A send that NapCat refuses or never answers is logged, and the next user is answered."""
    mark = e2e_bot.log_mark()
    live_peer.fail(*REPLY_ACTIONS, retcode=retcode, times=1)
    await live_peer.private("网站注册收不到验证码")
    expected = r"(?i)timeout|NetworkError" if retcode is None else rf"{retcode}|ActionFailed"
    assert await e2e_bot.wait_log(expected, mark, within=API_TIMEOUT + 10), e2e_bot.tail()

    sent = await live_peer.ask_private("网站登录不上去怎么办")
    assert TECH_PHONE in text_of(sent)
    assert e2e_bot.alive


@pytest.mark.parametrize("how", ["close", "drop", "drop-in-flight"])
async def test_peer_reconnects(live_peer: OneBotPeer, e2e_bot: BotProcess, how: str) -> None:
    """After NapCat closes, loses the connection (even with a question in flight) and comes
    back, the bot accepts it again and answers."""
    if how == "drop-in-flight":
        await live_peer.private("8场活动能选几个分类2")
    if how == "close":
        await live_peer.close()
    else:
        await live_peer.drop()
    assert not live_peer.connected

    await live_peer.connect()
    sent = await live_peer.ask_private("我们做了十场活动，分类2可以选3项吗")
    assert sent, f"no reply after reconnecting; log tail:\n{e2e_bot.tail()}"
    assert e2e_bot.alive


@pytest.mark.parametrize("message_format", FORMATS)
@pytest.mark.parametrize("group", [False, True], ids=["private", "group-at"])
async def test_pasted_cq_code_stays_text(
    live_peer: OneBotPeer, message_format: str, group: bool
) -> None:
    """A pasted `[CQ:at,qq=all]` is answered as text and never turns into an @全体."""
    text = "检查名称：科技[CQ:at,qq=all]服务平台"
    if group:
        posted = await live_peer.group(text, at=True, message_format=message_format)
    else:
        posted = await live_peer.private(text, message_format=message_format)
    sent = await live_peer.replies(posted)
    assert sent, "no reply"
    assert_only_caused_segments(sent, posted, live_peer)


@pytest.mark.parametrize("group", [False, True], ids=["private", "group-at"])
async def test_command_is_answered(live_peer: OneBotPeer, group: bool) -> None:
    """A command still reaches its matcher over the socket (commands are gated cheaply)."""
    if group:
        sent = await live_peer.ask_group("/代码 1203", at=True)
    else:
        sent = await live_peer.ask_private("/代码 1101")
    assert ("创业培训" if group else "银行信贷服务") in text_of(sent), text_of(sent)


async def test_faq_change_reaches_a_question_asked_before(live_peer: OneBotPeer) -> None:
    """Replies to repeated questions are kept; an admin's `/faq add` replaces the kept reply
    at once, over the socket as in chat."""
    question = "签到表可以用铅笔签吗"
    answer = "端到端测试写入的答案：请用签字笔。"
    assert answer not in text_of(await live_peer.ask_private(question))
    assert answer not in text_of(await live_peer.ask_private(question))  # now from the cache
    added = await live_peer.ask_private(f"/faq add {question}\n{answer}", user_id=SUPERUSER)
    assert "已添加问答" in text_of(added), text_of(added)
    assert answer in text_of(await live_peer.ask_private(question))
