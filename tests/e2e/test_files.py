"""Files over the real socket: the bot as a subprocess, the peer posting NapCat's and
Lagrange's file segments and upload notices and answering the file actions, and a loopback
HTTP server serving generated files (slow, missing, oversize, fake, a decompression bomb)."""

from __future__ import annotations

import asyncio
import base64
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.checks import NO_FILE
from bot.files import check_file
from bot.files.incoming import FETCH_FAILED, FETCH_TIMEOUT, IMAGE_HINT, ONLINE, too_big
from bot.files.limits import MB
from tests.core.files import makers
from tests.e2e.conftest import E2E_ENV
from tests.e2e.fileserver import FileServer, Route
from tests.e2e.peer import (
    GROUP_ID,
    OTHER_GROUP_ID,
    SELF_ID,
    BotProcess,
    OneBotPeer,
    Posted,
    Sent,
    rss_mb,
    rss_peak_mb,
    segment,
    text_of,
)

YEAR = 2024
CAP_MB = 2
DOWNLOAD_SECONDS = 5.0
ENV = {
    **E2E_ENV,
    "ASSISTANT_FILE_MAX_MB": str(CAP_MB),
    "ASSISTANT_FILE_DOWNLOAD_SECONDS": str(DOWNLOAD_SECONDS),
    "ASSISTANT_REPORTING_YEAR": str(YEAR),
}
TABLE = makers.xlsx({"汇总表": makers.template(makers.activities(7, year=YEAR))})
CSV = makers.csv_bytes(makers.template([makers.activity(1, people=5, year=YEAR)]), bom=True)
WITHIN = 20.0
_names = itertools.count(1)


def report(name: str, data: bytes) -> str:
    return check_file(name, data, year=YEAR).render()


def assert_report(sent: list[Sent], name: str, data: bytes) -> None:
    """Every line of the core's report for this file is in what the bot sent."""
    got = text_of(sent)
    missing = [line for line in report(name, data).splitlines() if line and line not in got]
    assert not missing, f"report lines missing: {missing}\ngot:\n{got}"


async def replies(peer: OneBotPeer, posted: Posted, count: int) -> list[Sent]:
    """The first `count` messages sent to the chat of `posted` (fewer after `WITHIN` s)."""
    deadline = time.monotonic() + WITHIN
    sent: list[Sent] = []
    while True:
        sent = peer.sent_to(posted.target, posted.at)
        if len(sent) >= count or time.monotonic() > deadline:
            return sent
        await asyncio.sleep(0.1)


class Actions:
    """The peer's answers to the file actions, by file id."""

    def __init__(self) -> None:
        self.links: dict[str, str] = {}
        self.files: dict[str, dict[str, Any]] = {}

    def link(self, params: dict[str, Any]) -> Any:
        url = self.links.get(str(params.get("file_id")))
        return {"url": url} if url else None

    def get_file(self, params: dict[str, Any]) -> Any:
        return self.files.get(str(params.get("file_id") or params.get("file")))


@pytest.fixture(scope="module")
def file_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    with BotProcess(tmp_path_factory.mktemp("files-bot"), env=ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with FileServer() as files:
        yield files


@pytest.fixture(scope="module")
def actions() -> Actions:
    return Actions()


@pytest.fixture(scope="module")
async def onebot(
    file_bot: BotProcess, actions: Actions
) -> AsyncIterator[OneBotPeer]:
    async with OneBotPeer.for_bot(file_bot) as peer:
        peer.on_action("get_group_file_url", actions.link)
        peer.on_action("get_private_file_url", actions.link)
        peer.on_action("get_file", actions.get_file)
        yield peer


@pytest.fixture
async def peer(onebot: OneBotPeer, file_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    yield onebot
    onebot.clear_failures()
    assert file_bot.alive, f"the bot exited; log tail:\n{file_bot.tail()}"


def unique(name: str) -> tuple[str, str]:
    """A file name and a URL path of its own, so tests never share a download."""
    n = next(_names)
    return name, f"/f/{n}"


def napcat_file(
    name: str, file_id: str, size: int | None, url: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"file": name, "file_id": file_id}
    if size is not None:
        data["file_size"] = str(size)
    if url is not None:
        data["url"] = url
    return segment("file", **data)


def lagrange_file(name: str, file_id: str, url: str = "") -> dict[str, Any]:
    return segment("file", file_name=name, file_hash="0" * 32, file_id=file_id, url=url)


def notice(kind: str, user: int, file: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"time": int(time.time()), "self_id": SELF_ID, "post_type": "notice",
            "notice_type": kind, "user_id": user, "file": file, **fields}


@pytest.mark.parametrize("message_format", ["array", "string"])
async def test_private_napcat_file_with_link(
    peer: OneBotPeer, server: FileServer, message_format: str
) -> None:
    """NapCat's newest segment with an HTTP link: downloaded and checked, CQ string or array."""
    name, path = unique("汇总表.xlsx")
    url = server.serve(path, Route(TABLE))
    sent = await peer.ask_private(
        [napcat_file(name, f"n{path}", len(TABLE), url)], message_format=message_format,
        within=WITHIN,
    )
    assert_report(sent, name, TABLE)
    assert server.hits[path] == 1


@pytest.mark.parametrize(
    "shape", ["napcat-no-link", "napcat-3x-file-url"],
)
async def test_private_file_link_from_action(
    peer: OneBotPeer, server: FileServer, actions: Actions, shape: str
) -> None:
    """Without an HTTP link (NapCat 3.x's file:// path is on another host) the bot asks
    get_private_file_url and downloads its answer."""
    name, path = unique("表.csv")
    actions.links[f"p{path}"] = server.serve(path, Route(CSV))
    seg = napcat_file(name, f"p{path}", len(CSV))
    if shape == "napcat-3x-file-url":
        seg["data"].update(path=f"/root/QQ/{name}", url=f"file:///root/QQ/{name}",
                           file_unique=name)
    sent = await peer.ask_private([seg], within=WITHIN)
    assert_report(sent, name, CSV)


async def test_lagrange_private_file_and_notice_one_reply(
    peer: OneBotPeer, server: FileServer
) -> None:
    """Lagrange posts the message and an offline_file notice for one upload: one check, one
    reply, one download."""
    name, path = unique("表.csv")
    url = server.serve(path, Route(CSV))
    user = peer.new_user_id()
    await peer.post(notice("offline_file", user, {"id": f"l{path}", "name": name,
                                                  "size": len(CSV), "busid": 0, "url": url}))
    posted = await peer.private([lagrange_file(name, f"l{path}", url)], user_id=user)
    sent = await peer.replies(posted, within=WITHIN, quiet=3.0)
    assert len(sent) == 1, text_of(sent)
    assert_report(sent, name, CSV)
    assert server.hits[path] == 1


async def test_get_file_base64_when_url_action_fails(
    peer: OneBotPeer, actions: Actions
) -> None:
    """get_private_file_url refused, get_file answers base64 (NapCat's enableLocalFile2Url)."""
    name, path = unique("表.csv")
    actions.files[f"b{path}"] = {"file": f"/napcat/{name}", "url": f"/napcat/{name}",
                                 "file_size": str(len(CSV)), "file_name": name,
                                 "base64": base64.b64encode(CSV).decode()}
    peer.fail("get_private_file_url", retcode=1200)
    sent = await peer.ask_private([napcat_file(name, f"b{path}", len(CSV))], within=WITHIN)
    assert_report(sent, name, CSV)


async def test_api_failures_and_404_say_so(peer: OneBotPeer, server: FileServer) -> None:
    """A dead link, refused actions and a path on another host: one clear line."""
    name, path = unique("表.xlsx")
    peer.fail("get_private_file_url", "get_file", retcode=1200, times=2)
    sent = await peer.ask_private([napcat_file(name, "dead", 1000, server.url(path))],
                                  within=WITHIN)
    assert text_of(sent) == FETCH_FAILED.format(name=name)
    assert server.hits[path] == 1


async def test_oversize_by_advertised_size_is_not_fetched(
    peer: OneBotPeer, server: FileServer
) -> None:
    """A file whose segment says it is over the cap is refused before any download."""
    name, path = unique("大表.xlsx")
    url = server.serve(path, Route(TABLE))
    size = (CAP_MB + 3) * MB
    sent = await peer.ask_private([napcat_file(name, "big", size, url)], within=WITHIN)
    assert text_of(sent) == too_big(name, size, CAP_MB * MB)
    assert server.hits[path] == 0


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "streamed"])
async def test_oversize_in_fact_is_cut(
    peer: OneBotPeer, server: FileServer, declare_length: bool
) -> None:
    """A file that turns out larger (Lagrange gives no size) is refused by Content-Length or
    as soon as the streamed bytes pass the cap."""
    name, path = unique("表.xlsx")
    body = b"PK" + b"\0" * ((CAP_MB + 1) * MB)
    url = server.serve(path, Route(body, declare_length=declare_length))
    sent = await peer.ask_private([lagrange_file(name, "big2", url)], within=WITHIN)
    size = len(body) if declare_length else None
    assert text_of(sent) == too_big(name, size, CAP_MB * MB)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        pytest.param(b"MZ" + b"\x90" * 4000, "但内容是程序文件", id="program-as-xlsx"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\0" * 4000, "但内容是图片", id="picture-as-xlsx"),
    ],
)
async def test_fake_types_are_named(
    peer: OneBotPeer, server: FileServer, body: bytes, said: str
) -> None:
    """A file whose name lies about its content is named for what it is."""
    name, path = unique("汇总表.xlsx")
    url = server.serve(path, Route(body))
    sent = await peer.ask_private([napcat_file(name, "fake", len(body), url)], within=WITHIN)
    assert said in text_of(sent), text_of(sent)


async def test_online_transfer_and_picture(peer: OneBotPeer) -> None:
    """An online transfer gets its line; a picture gets the guidance on what the bot reads."""
    online = segment("onlinefile", msgId="1", elementId="2", fileName="表.xlsx", fileSize="9",
                     isDir=False)
    assert text_of(await peer.ask_private([online], within=WITHIN)) == ONLINE
    picture = segment("image", file="a.jpg", url="https://127.0.0.1:9/a.jpg")
    assert text_of(await peer.ask_private([picture], within=WITHIN)) == IMAGE_HINT


async def test_slow_download_is_announced_then_checked(
    peer: OneBotPeer, server: FileServer
) -> None:
    """A download that takes seconds: "正在查看…" within a few seconds, then the result; a
    question from someone else meanwhile is answered at once."""
    name, path = unique("表.csv")
    url = server.serve(path, Route(CSV, delay=DOWNLOAD_SECONDS - 1.5))
    posted = await peer.private([napcat_file(name, "slow", len(CSV), url)])
    await asyncio.sleep(0.5)
    asked = time.monotonic()
    answer = await peer.ask_private("分类2最多能选几项", within=WITHIN)
    assert answer, "the question was not answered"
    assert time.monotonic() - asked < 2.5, "a question waited for the file"
    first = await peer.first_reply(posted, within=5.0)
    assert first is not None
    assert first.text.startswith("正在查看"), first.text
    assert first.at - posted.at < 4.5
    sent = await replies(peer, posted, 2)
    assert_report(sent[1:], name, CSV)


async def test_download_past_its_time_is_given_up(peer: OneBotPeer, server: FileServer) -> None:
    """A download slower than its time limit: "正在查看…", then the line to send it again."""
    name, path = unique("表.csv")
    body = CSV + b"\r\n" * (320 * 1024)  # eleven 64 KB pieces, one a second
    url = server.serve(path, Route(body, trickle=1.0))
    posted = await peer.private([napcat_file(name, "crawl", len(body), url)])
    sent = await replies(peer, posted, 2)
    assert [s.text for s in sent] == [
        f"正在查看《{name}》…",
        FETCH_TIMEOUT.format(name=name, seconds=DOWNLOAD_SECONDS),
    ]


async def test_decompression_bomb_keeps_the_bot_small(
    peer: OneBotPeer, server: FileServer, file_bot: BotProcess
) -> None:
    """An xlsx declaring 300 MB of zeros is refused by size; the bot's resident memory stays
    within 300 MB of idle (the reading happens in the worker process)."""
    idle = rss_mb(file_bot.pid)
    bomb = makers.zip_bomb(300)
    assert len(bomb) < CAP_MB * MB
    name, path = unique("汇总表.xlsx")
    url = server.serve(path, Route(bomb))
    sent = await peer.ask_private([napcat_file(name, "bomb", len(bomb), url)], within=WITHIN)
    assert text_of(sent) == report(name, bomb)
    assert rss_peak_mb(file_bot.pid) - idle < 300


async def test_group_upload_silent_until_quoted_with_at(
    peer: OneBotPeer, server: FileServer, actions: Actions
) -> None:
    """NapCat group upload (message and group_upload notice): silent; quoted with @: fetched
    through get_group_file_url and answered in the group."""
    name, path = unique("汇总表.xlsx")
    actions.links[f"g{path}"] = server.serve(path, Route(TABLE))
    user = peer.new_user_id()
    upload = await peer.group([napcat_file(name, f"g{path}", len(TABLE))], user_id=user)
    await peer.post(notice("group_upload", user, {"id": "md5x", "name": name,
                                                  "size": len(TABLE), "busid": 102},
                           group_id=GROUP_ID))
    assert await peer.silent(upload)
    assert server.hits[path] == 0
    sent = await peer.ask_group("帮我看看这个表", at=True, reply_to=upload.message_id,
                                user_id=user, within=WITHIN)
    assert_report(sent, name, TABLE)


async def test_lagrange_group_just_uploaded(
    peer: OneBotPeer, server: FileServer, actions: Actions
) -> None:
    """Lagrange group upload (no link in the segment, one in the notice): "@bot 我刚传了汇总表，
    帮我看看" checks it."""
    name, path = unique("表.csv")
    url = server.serve(path, Route(CSV))
    # The notice's link, or get_group_file_url's if the question overtakes the notice.
    actions.links[f"lg{path}"] = url
    user = peer.new_user_id()
    await peer.group([lagrange_file(name, f"lg{path}")], user_id=user)
    await peer.post(notice("group_upload", user, {"id": f"lg{path}", "name": name,
                                                  "size": len(CSV), "busid": 0, "url": url},
                           group_id=GROUP_ID))
    sent = await peer.ask_group("我刚传了汇总表，帮我看看", at=True, user_id=user, within=WITHIN)
    assert_report(sent, name, CSV)
    assert server.hits[path] == 1


async def test_group_upload_after_prompt(peer: OneBotPeer, server: FileServer) -> None:
    """"我刚传了汇总表" with no upload gets the prompt; the upload that follows is checked."""
    user = peer.new_user_id()
    prompt = await peer.ask_group("我刚传了汇总表，帮我看看", at=True, user_id=user)
    assert text_of(prompt) == NO_FILE
    name, path = unique("表.csv")
    url = server.serve(path, Route(CSV))
    sent = await peer.ask_group([napcat_file(name, "after", len(CSV), url)], user_id=user,
                                within=WITHIN)
    assert_report(sent, name, CSV)


async def test_group_not_served_downloads_nothing(peer: OneBotPeer, server: FileServer) -> None:
    """A group the bot does not serve: nothing downloaded, nothing said, even with an @."""
    name, path = unique("表.csv")
    url = server.serve(path, Route(CSV))
    posted = await peer.group([napcat_file(name, "other", len(CSV), url)], at=True,
                              group_id=OTHER_GROUP_ID)
    assert await peer.silent(posted)
    assert server.hits[path] == 0
