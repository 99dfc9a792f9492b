"""The files plugin: every file segment and upload notice shape of NapCat and Lagrange.OneBot,
when a file is checked (private, group with @, quoted with @, "我刚传了…", after the bot's
prompt) and when it is not, and the lines for files that are never fetched."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from nonebot.adapters.onebot.v11 import (
    Adapter,
    Message,
    MessageEvent,
    MessageSegment,
    NoticeEvent,
)
from nonebot.adapters.onebot.v11.event import Reply, Sender
from nonebug import App

from bot.checks import NO_FILE
from bot.files.incoming import FETCH_FAILED, IMAGE_HINT, ONLINE, PROGRESS, too_big
from bot.files.limits import MB
from bot.files.sniff import unsupported
from tests.core.files import makers
from tests.fake import GROUP_ID, SELF_ID, expected, make_bot
from tests.plugins.files.conftest import YEAR, Files, report

TABLE = makers.xlsx({"汇总表": makers.template(makers.activities(7, year=YEAR))})
SHORT = makers.csv_bytes(makers.template([makers.activity(1, people=5, year=YEAR)]))
URL = "https://files.example/download/1"
_ids = itertools.count(900_001)


def fresh() -> int:
    return next(_ids)


def message_event(
    segments: list[dict[str, Any]],
    *,
    group: int | None = None,
    user: int | None = None,
    at: bool = False,
    sub_type: str | None = None,
) -> MessageEvent:
    """A message event parsed by the adapter from the JSON a OneBot implementation posts."""
    user = fresh() if user is None else user
    if at:
        segments = [{"type": "at", "data": {"qq": str(SELF_ID)}}, *segments]
    data: dict[str, Any] = {
        "time": int(time.time()),
        "self_id": SELF_ID,
        "post_type": "message",
        "message_id": fresh(),
        "user_id": user,
        "message": segments,
        "raw_message": "",
        "font": 14,
        "sender": {"user_id": user, "nickname": "用户"},
    }
    if group is None:
        data.update(message_type="private", sub_type=sub_type or "friend")
    else:
        data.update(message_type="group", sub_type="normal", group_id=group)
    event = Adapter.json_to_event(data)
    assert isinstance(event, MessageEvent)
    if at:
        event.to_me = True  # what the adapter's at-check does before matchers run
    return event


def notice_event(data: dict[str, Any]) -> NoticeEvent:
    event = Adapter.json_to_event(
        {"time": int(time.time()), "self_id": SELF_ID, "post_type": "notice", **data}
    )
    assert isinstance(event, NoticeEvent)
    return event


def file_seg(**data: Any) -> dict[str, Any]:
    return {"type": "file", "data": data}


def text_seg(text: str) -> dict[str, Any]:
    return {"type": "text", "data": {"text": text}}


async def run(app: App, event: MessageEvent, expect: list[tuple[str, Any, Any]]) -> None:
    """Post `event` to the question matcher (which hands file messages to the plugin) and
    expect these calls in order: ("send", text, None) or (action, params, result)."""
    from plugins.assistant import question_matcher

    async with app.test_matcher(question_matcher) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        for action, data, result in expect:
            if action == "send":
                ctx.should_call_send(event, expected(event, data), result=None)
            else:
                ctx.should_call_api(action, data, result)


NAPCAT_NEW_URL = pytest.param(
    lambda: file_seg(file="汇总表.xlsx", file_id="abc123", file_size=str(len(TABLE)), url=URL),
    [],
    id="napcat-new-with-url",
)
LAGRANGE = pytest.param(
    lambda: file_seg(file_name="汇总表.xlsx", file_hash="h1", file_id="/f-1", url=URL),
    [],
    id="lagrange",
)


@pytest.mark.parametrize(("segment", "calls"), [NAPCAT_NEW_URL, LAGRANGE])
async def test_private_file_with_url_is_checked(
    app: App, files: Files, segment: Any, calls: list[Any]
) -> None:
    """A private file whose segment carries an HTTP link is downloaded from it and checked."""
    files.serve[URL] = TABLE
    expect = [*calls, ("send", report("汇总表.xlsx", TABLE), None)]
    await run(app, message_event([segment()]), expect)
    assert files.requested == [URL]


@pytest.mark.parametrize(
    "segment",
    [
        pytest.param(
            file_seg(file="汇总表.xlsx", file_id="uuid-1", file_size=str(len(TABLE))),
            id="napcat-new-no-url",
        ),
        pytest.param(
            file_seg(file="汇总表.xlsx", path="/root/QQ/nt_data/File/汇总表.xlsx",
                     url="file:///root/QQ/nt_data/File/%E6%B1%87.xlsx",
                     file_id="uuid-1.汇总表.xlsx",
                     file_size=len(TABLE), file_unique="汇总表.xlsx"),
            id="napcat-3x-file-url",
        ),
    ],
)
async def test_private_file_without_link_asks_for_one(
    app: App, files: Files, segment: dict[str, Any]
) -> None:
    """Without an HTTP link (or with NapCat 3.x's file:// path on another host) the bot asks
    get_private_file_url and downloads what it answers."""
    files.serve[URL] = TABLE
    event = message_event([segment])
    params = {"user_id": event.user_id, "file_id": segment["data"]["file_id"]}
    await run(app, event, [
        ("get_private_file_url", params, {"url": URL}),
        ("send", report("汇总表.xlsx", TABLE), None),
    ])


async def test_temp_session_file_is_checked(app: App, files: Files) -> None:
    """A file in a temporary session from a group (private sub_type "group") is checked."""
    files.serve[URL] = SHORT
    event = message_event([file_seg(file="表.csv", file_id="t-1", url=URL)], sub_type="group")
    await run(app, event, [("send", report("表.csv", SHORT), None)])


async def test_local_path_when_on_napcat_host(
    app: App, files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ASSISTANT_FILE_LOCAL_PATHS the file:// path NapCat 3.x reports is read directly."""
    from bot.app.services import services

    monkeypatch.setattr(services().settings, "assistant_file_local_paths", True)
    path = tmp_path / "汇总表.xlsx"
    path.write_bytes(TABLE)
    segment = file_seg(file="汇总表.xlsx", path="", url=path.as_uri(), file_id="x",
                       file_size=len(TABLE))
    await run(app, message_event([segment]), [("send", report("汇总表.xlsx", TABLE), None)])
    assert files.requested == []


async def test_get_file_base64_after_url_actions_fail(app: App, files: Files) -> None:
    """When get_private_file_url fails, get_file's base64 answer is used."""
    import base64

    event = message_event([file_seg(file="表.csv", file_id="f-9", file_size=len(SHORT))])
    await run(app, event, [
        ("get_private_file_url", {"user_id": event.user_id, "file_id": "f-9"},
         {"url": "https://files.example/gone"}),
        ("get_file", {"file_id": "f-9", "file": "f-9"},
         {"file": "/napcat/cache/表.csv", "url": "/napcat/cache/表.csv",
          "base64": base64.b64encode(SHORT).decode()}),
        ("send", report("表.csv", SHORT), None),
    ])
    assert files.requested == ["https://files.example/gone"]  # 404, then base64


async def test_every_way_failing_says_so(app: App, files: Files) -> None:
    """A 404 link, failing actions and a path on another host: one line, no traceback."""
    from nonebot.adapters.onebot.v11 import ActionFailed

    event = message_event([file_seg(file="表.xlsx", file_id="z", url=URL)])
    await run(app, event, [
        ("get_private_file_url", {"user_id": event.user_id, "file_id": "z"},
         ActionFailed(retcode=1200, message="failed")),  # type: ignore[no-untyped-call]
        ("get_file", {"file_id": "z", "file": "z"},
         {"file": "/napcat/表.xlsx", "url": "/napcat/表.xlsx"}),
        ("send", FETCH_FAILED.format(name="表.xlsx"), None),
    ])


@pytest.mark.parametrize(
    ("segment", "line"),
    [
        pytest.param(file_seg(file="现场.jpg", file_id="p", file_size=1000, url=URL),
                     unsupported("现场.jpg", "图片"), id="picture-file"),
        pytest.param(file_seg(file="材料.zip", file_id="p", file_size=1000, url=URL),
                     unsupported("材料.zip", "压缩包"), id="archive"),
        pytest.param(file_seg(file="大表.xlsx", file_id="p", file_size=80 * MB, url=URL),
                     too_big("大表.xlsx", 80 * MB, 50 * MB), id="oversize-advertised"),
        pytest.param({"type": "onlinefile", "data": {"msgId": "1", "elementId": "2",
                                                     "fileName": "表.xlsx", "fileSize": "9"}},
                     ONLINE, id="online-transfer"),
    ],
)
async def test_refused_without_downloading(
    app: App, files: Files, segment: dict[str, Any], line: str
) -> None:
    """Types never read, files over the cap by their advertised size and online transfers get
    one line and nothing is fetched."""
    await run(app, message_event([segment]), [("send", line, None)])
    assert files.requested == []
    assert "50.0MB" in too_big("x", 80 * MB, 50 * MB)  # the cap is said as the user reads it


async def test_group_upload_without_at_is_silent(app: App, files: Files) -> None:
    """An upload in a consultation group nobody asked about is not downloaded or answered."""
    files.serve[URL] = TABLE
    await run(app, message_event([file_seg(file="a.xlsx", file_id="g1", url=URL)],
                                 group=GROUP_ID), [])
    assert files.requested == []


async def test_group_file_with_at_is_checked(app: App, files: Files) -> None:
    """A file sent together with an @ of the bot is checked, the answer quoting it."""
    files.serve[URL] = TABLE
    event = message_event([file_seg(file="a.xlsx", file_id="g2", url=URL)], group=GROUP_ID,
                          at=True)
    await run(app, event, [("send", report("a.xlsx", TABLE), None)])


async def test_other_group_is_never_fetched(app: App, files: Files) -> None:
    """A group the bot does not serve: nothing downloaded, nothing said, even with an @."""
    files.serve[URL] = TABLE
    await run(app, message_event([file_seg(file="a.xlsx", file_id="o", url=URL)], group=123,
                                 at=True), [])
    assert files.requested == []


def quoting(upload_event: MessageEvent, text: str, *, resolved: bool) -> MessageEvent:
    """An @ of the bot quoting `upload_event`, as the adapter leaves it after `get_msg`
    (resolved) or when `get_msg` failed (the reply segment stays in the message)."""
    group = getattr(upload_event, "group_id", None)
    if resolved:
        event = message_event([text_seg(text)], group=group, at=True)
        event.reply = Reply(
            time=upload_event.time, message_type="group", message_id=upload_event.message_id,
            real_id=upload_event.message_id, sender=Sender(user_id=upload_event.user_id),
            message=upload_event.original_message,
        )
        return event
    reply = {"type": "reply", "data": {"id": str(upload_event.message_id)}}
    return message_event([reply, text_seg(text)], group=group, at=True)


@pytest.mark.parametrize("resolved", [True, False], ids=["get-msg-answered", "get-msg-failed"])
async def test_quote_of_upload_with_at_is_checked(
    app: App, files: Files, resolved: bool
) -> None:
    """"@bot 帮我看看" quoting an earlier upload checks that upload via get_group_file_url
    (Lagrange's group segment has no link), whether or not get_msg resolved the quote."""
    upload = message_event([file_seg(file_name="汇总.xlsx", file_hash="h", file_id="/gf-7",
                                     url="")], group=GROUP_ID)
    await run(app, upload, [])
    ask = quoting(upload, "帮我看看", resolved=resolved)
    files.serve[URL] = TABLE
    await run(app, ask, [
        ("get_group_file_url", {"group_id": GROUP_ID, "file_id": "/gf-7"}, {"url": URL}),
        ("send", report("汇总.xlsx", TABLE), None),
    ])


async def test_just_uploaded_mention_checks_the_latest_upload(app: App, files: Files) -> None:
    """"@bot 我刚传了汇总表，帮我看看" checks that user's latest upload in the group."""
    files.serve[URL] = SHORT
    user = fresh()
    await run(app, message_event([file_seg(file="表.csv", file_id="m1", url=URL)],
                                 group=GROUP_ID, user=user), [])
    ask = message_event([text_seg("我刚传了汇总表，帮我看看")], group=GROUP_ID, user=user, at=True)
    await run(app, ask, [("send", report("表.csv", SHORT), None)])
    again = message_event([text_seg("我刚传了汇总表，帮我看看")], group=GROUP_ID, user=user,
                          at=True)
    await run(app, again, [("send", "《表.csv》已经看过了，结果在上面。", None)])


async def test_upload_after_the_bots_prompt_is_checked(app: App, files: Files) -> None:
    """After the bot told a user in the group it got no file, their next upload is checked."""
    files.serve[URL] = SHORT
    user = fresh()
    ask = message_event([text_seg("我刚传了汇总表，帮我看看")], group=GROUP_ID, user=user, at=True)
    await run(app, ask, [("send", NO_FILE, None)])
    upload = message_event([file_seg(file="表.csv", file_id="p1", url=URL)], group=GROUP_ID,
                           user=user)
    await run(app, upload, [("send", report("表.csv", SHORT), None)])


@pytest.mark.parametrize("group", [None, GROUP_ID], ids=["private", "group-at"])
async def test_picture_gets_guidance(app: App, files: Files, group: int | None) -> None:
    """A picture sent to the bot gets the line on what it can read instead."""
    image = {"type": "image", "data": {"file": "a.jpg", "url": "https://img.example/a.jpg"}}
    event = message_event([image], group=group, at=group is not None)
    await run(app, event, [("send", IMAGE_HINT, None)])


async def test_slow_download_is_announced(
    app: App, files: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check still running after the announce delay says "正在查看…" first, then the result."""
    from plugins.files import handlers

    monkeypatch.setattr(handlers, "PROGRESS_AFTER", 0.05)
    files.serve[URL] = SHORT
    files.delay = 0.3
    event = message_event([file_seg(file="表.csv", file_id="s", url=URL)])
    await run(app, event, [
        ("send", PROGRESS.format(name="表.csv"), None),
        ("send", report("表.csv", SHORT), None),
    ])


async def _notice(app: App, event: NoticeEvent, sends: list[str]) -> None:
    from plugins.files import upload_notice

    async with app.test_matcher(upload_notice) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        for text in sends:
            ctx.should_call_send(event, Message(MessageSegment.text(text)), result=None)


def offline_file(user: int, url: str = URL) -> NoticeEvent:
    """Lagrange's private file notice (Core/Entity/Notify/OneBotPrivateFile.cs)."""
    return notice_event({
        "notice_type": "offline_file", "user_id": user,
        "file": {"id": "/lf-1", "name": "表.csv", "size": len(SHORT), "busid": 0, "url": url},
    })


def group_upload(user: int, **file: Any) -> NoticeEvent:
    return notice_event({
        "notice_type": "group_upload", "group_id": GROUP_ID, "user_id": user,
        "file": {"id": "md5-1", "name": "表.csv", "size": len(SHORT), "busid": 102, **file},
    })


@pytest.mark.parametrize("notice_first", [True, False], ids=["notice-first", "message-first"])
async def test_lagrange_private_upload_checked_once(
    app: App, files: Files, notice_first: bool
) -> None:
    """Lagrange posts a private file as a message and an offline_file notice: one check, one
    reply, whichever comes first."""
    files.serve[URL] = SHORT
    user = fresh()
    message = message_event([file_seg(file_name="表.csv", file_hash="h", file_id="/lf-1",
                                      url=URL)], user=user)
    if notice_first:
        from plugins.files import handlers

        # NoneBot handles events concurrently; nonebug would run them one after the other.
        async with app.test_api() as ctx:
            bot = make_bot(ctx)
            ctx.should_call_send(message, expected(message, report("表.csv", SHORT)), result=None)

            async def message_soon() -> None:
                await asyncio.sleep(0.01)
                await handlers.on_message(bot, message)

            await asyncio.gather(handlers.on_notice(bot, offline_file(user)), message_soon())
    else:
        await run(app, message, [("send", report("表.csv", SHORT), None)])
        await _notice(app, offline_file(user), [])
    assert files.requested == [URL]


async def test_offline_file_alone_is_checked(app: App, files: Files) -> None:
    """An offline_file notice with no message for it is checked and answered privately."""
    files.serve[URL] = SHORT
    await _notice(app, offline_file(fresh()), [report("表.csv", SHORT)])


@pytest.mark.parametrize(
    "file",
    [pytest.param({}, id="napcat"), pytest.param({"url": URL}, id="lagrange-with-url")],
)
async def test_group_upload_notice(app: App, files: Files, file: dict[str, Any]) -> None:
    """A group_upload notice is remembered in silence, and checked when the bot asked its
    sender for a file (get_group_file_url with the busid when it has no link)."""
    from bot.app.services import services

    files.serve[URL] = SHORT
    quiet, asked = fresh(), fresh()
    await _notice(app, group_upload(quiet, **file), [])
    services().files.book.expect(GROUP_ID, asked)
    from plugins.files import upload_notice

    event = group_upload(asked, **file)
    async with app.test_matcher(upload_notice) as ctx:
        bot = make_bot(ctx)
        ctx.receive_event(bot, event)
        if not file:
            ctx.should_call_api(
                "get_group_file_url",
                {"group_id": GROUP_ID, "file_id": "md5-1", "busid": 102},
                {"url": URL},
            )
        ctx.should_call_send(event, Message(MessageSegment.text(report("表.csv", SHORT))),
                             result=None)
    assert files.requested == [URL]


@pytest.mark.parametrize(
    ("words", "guided"),
    [
        pytest.param("", True, id="picture-alone"),
        pytest.param("帮我看看对吗？", True, id="look-at-it"),
        pytest.param("我刚发了汇总表，帮我看看", True, id="file-mention"),
        pytest.param("服务功能分类2最多能选几项，8场活动的话", False, id="own-question"),
    ],
)
async def test_words_beside_a_picture(
    app: App, files: Files, words: str, guided: bool
) -> None:
    """A picture with words that only ask to look at it gets the guidance; a question of its
    own is left to the question path."""
    from plugins.files.handlers import wants

    image = {"type": "image", "data": {"file": "a.jpg", "url": "https://img.example/a.jpg"}}
    event = message_event([image, *([text_seg(words)] if words else [])])
    assert wants(event) is guided
    if guided:
        await run(app, event, [("send", IMAGE_HINT, None)])
