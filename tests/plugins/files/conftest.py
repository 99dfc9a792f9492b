"""A fresh file desk per test: downloads served from a dict of URLs, checks run in process,
replies sent inside the handler (where a failed nonebug expectation fails the test)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from nonebot.adapters.onebot.v11 import Bot, Message, MessageEvent, NoticeEvent

from bot.files import FileLimits, check_file
from bot.files.incoming import Upload
from bot.reply import Reply
from tests.fake import expected

YEAR = 2024


def in_process(
    name: str, data: bytes, *, year: int, limits: FileLimits, memory_mb: int
) -> Reply:
    """The worker's check without the worker process (the e2e tests run the real one)."""
    return check_file(name, data, year=year, limits=limits)


def report(name: str, data: bytes) -> str:
    """What the bot must answer for this file: the core's own report."""
    return check_file(name, data, year=YEAR).render()


@dataclass
class Files:
    """The HTTP side of the test: `serve[url] = bytes`; `delay` slows every response."""

    serve: dict[str, bytes] = field(default_factory=dict)
    delay: float = 0.0
    requested: list[str] = field(default_factory=list)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        if self.delay:
            await asyncio.sleep(self.delay)
        if url not in self.serve:
            return httpx.Response(404)
        data = self.serve[url]
        # Streamed in pieces, as a server sends it (bytes content would arrive pre-read).
        return httpx.Response(
            200, headers={"Content-Length": str(len(data))}, content=_pieces(data)
        )


async def _pieces(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 65536):
        yield data[start : start + 65536]


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> Iterator[Files]:
    """A fresh desk on a mock network, the reporting year pinned, replies sent at once."""
    from bot.app.files import FileDesk
    from bot.app.services import services
    from plugins.files import handlers

    served = Files()
    desk = FileDesk()
    desk.checker = in_process
    desk.http_transport = httpx.MockTransport(served.handle)
    app = services()
    previous, app.files = app.files, desk
    monkeypatch.setattr(services().settings, "assistant_reporting_year", YEAR)

    async def send_now(bot: Bot, event: MessageEvent, text: str) -> None:
        await bot.send(event, expected(event, text))

    async def notice_now(bot: Bot, notice: NoticeEvent, upload: Upload, text: str) -> None:
        await bot.send(notice, Message(text))

    monkeypatch.setattr(handlers, "send_reply", send_now)
    monkeypatch.setattr(handlers, "answer_notice", notice_now)
    monkeypatch.setattr(handlers, "NOTICE_GRACE", 0.05)
    try:
        yield served
    finally:
        app.files = previous
