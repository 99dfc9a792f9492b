"""Getting a file users send from the OneBot side, and checking it off the event loop.

`FileDesk` is the chat side's one file service: the `UploadBook` of recent uploads
(`bot.files.uploads`), `fetch` (the OneBot actions and the HTTP download), and `check`, which
runs `bot.files.check_file_isolated` in a worker thread, one file at a time (the machine has two
cores and the bot answers questions on one of them). `fetch_and_check` never raises: whatever
goes wrong, the user gets one line.

The download follows `bot.files.incoming.plan`: each way to the bytes is tried in turn until one
gives them; a file over the size cap is refused by its advertised size before anything is
fetched, by Content-Length before the body, and as soon as the bytes streamed pass it; the
whole fetch has a time limit. Bytes stay in memory and go to the checking process on its stdin:
nothing is written to disk. Content-Encoding is refused (identity only) so that a compressed
response cannot expand in this process. httpx is imported on the first download, so a bot that
is never sent a file never loads it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

from nonebot.adapters.onebot.v11 import (
    ActionFailed,
    ApiNotAvailable,
    Bot,
    MessageEvent,
    NetworkError,
    NoticeEvent,
)

from bot.app.sending import Origin
from bot.app.services import services
from bot.checks import reporting_year
from bot.config import Settings
from bot.delivery.throttle import Asker
from bot.files import FileLimits, check_file_isolated
from bot.files.incoming import (
    FETCH_FAILED,
    FETCH_TIMEOUT,
    ActionStep,
    Base64Step,
    HttpStep,
    LocalStep,
    Step,
    Upload,
    base64_size,
    followups,
    plan,
    too_big,
)
from bot.files.limits import MB
from bot.files.uploads import UploadBook
from bot.reply import Reply, ReplyKind

log = logging.getLogger(__name__)

DOWNLOADS_AT_ONCE = 2
"""Files fetched (and held in memory) at the same time; more wait their turn."""
CHUNK = 256 * 1024

Checker = Callable[..., Reply]


class FetchError(Exception):
    """The file could not be fetched; `message` is the one line the user gets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Missing(Exception):
    """This way to the bytes gave nothing; the next is tried."""


class _OverCap(Exception):
    """The file is larger than the cap; `size` as declared, None when the download was
    stopped at the cap."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def limits_of(settings: Settings) -> FileLimits:
    return FileLimits(
        max_bytes=settings.assistant_file_max_mb * MB,
        seconds=settings.assistant_file_check_seconds,
    )


class FileDesk:
    """See the module docstring."""

    def __init__(self) -> None:
        self.book = UploadBook()
        self.checker: Checker = check_file_isolated
        """What checks the bytes (tests put the in-process check here)."""
        self.http_transport: Any = None
        """An httpx transport to download through (tests); None: the network."""
        self._downloads = asyncio.Semaphore(DOWNLOADS_AT_ONCE)
        self._checks = asyncio.Lock()

    async def fetch_and_check(self, bot: Bot, upload: Upload, settings: Settings) -> Reply:
        """The reply for `upload`: its check, or the line saying why there is none."""
        try:
            async with self._downloads:
                data = await self.fetch(bot, upload, settings)
                return await self.check(upload.name, data, settings)
        except FetchError as exc:
            return Reply(ReplyKind.CHECK, exc.message)
        except Exception:
            log.exception("file %r could not be fetched or checked", upload.name)
            return Reply(ReplyKind.CHECK, FETCH_FAILED.format(name=upload.name))

    async def check(self, name: str, data: bytes, settings: Settings) -> Reply:
        """`data` checked in the worker process, one file at a time."""
        year = reporting_year(settings.assistant_reporting_year, date.today())
        async with self._checks:
            return await asyncio.to_thread(
                self.checker,
                name,
                data,
                year=year,
                limits=limits_of(settings),
                memory_mb=settings.assistant_file_worker_memory_mb,
            )

    async def fetch(self, bot: Bot, upload: Upload, settings: Settings) -> bytes:
        """The bytes of `upload`; `FetchError` says why there are none."""
        seconds = settings.assistant_file_download_seconds
        max_bytes = settings.assistant_file_max_mb * MB
        if upload.size is not None and upload.size > max_bytes:
            raise FetchError(too_big(upload.name, upload.size, max_bytes))
        try:
            async with asyncio.timeout(seconds):
                return await self._fetch(bot, upload, max_bytes, settings)
        except TimeoutError:
            raise FetchError(FETCH_TIMEOUT.format(name=upload.name, seconds=seconds)) from None

    async def _fetch(
        self, bot: Bot, upload: Upload, max_bytes: int, settings: Settings
    ) -> bytes:
        local = settings.assistant_file_local_paths
        steps: deque[Step] = deque(plan(upload, local_paths=local))
        tried: set[str] = set()
        while steps:
            step = steps.popleft()
            if repr(step) in tried:
                continue
            tried.add(repr(step))
            try:
                if isinstance(step, ActionStep):
                    answer = await bot.call_api(step.action, **step.params)
                    # What an action answered comes before the remaining ways.
                    steps.extendleft(reversed(followups(answer, local_paths=local)))
                    continue
                data = await self._take(step, max_bytes)
            except _Missing as exc:
                log.info("file %r: %s gave nothing (%s)", upload.name, _kind(step), exc)
                continue
            except (ActionFailed, ApiNotAvailable, NetworkError) as exc:
                log.info("file %r: %s failed (%r)", upload.name, _kind(step), exc)
                continue
            except _OverCap as exc:
                raise FetchError(too_big(upload.name, exc.size, max_bytes)) from None
            if len(data) > max_bytes:
                raise FetchError(too_big(upload.name, None, max_bytes))
            return data
        raise FetchError(FETCH_FAILED.format(name=upload.name))

    async def _take(self, step: Step, max_bytes: int) -> bytes:
        if isinstance(step, HttpStep):
            return await self._download(step.url, max_bytes)
        if isinstance(step, LocalStep):
            return await asyncio.to_thread(_read_local, step.path, max_bytes)
        if isinstance(step, Base64Step):
            if base64_size(step.data) > max_bytes + 3:
                raise _OverCap(base64_size(step.data))
            try:
                return await asyncio.to_thread(base64.b64decode, step.data, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise _Missing("bad base64") from exc
        raise _Missing(f"unknown step {step!r}")

    async def _download(self, url: str, max_bytes: int) -> bytes:
        import httpx

        timeout = httpx.Timeout(30.0, connect=10.0)
        try:
            async with (
                httpx.AsyncClient(
                    transport=self.http_transport, timeout=timeout, follow_redirects=True
                ) as client,
                client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as response,
            ):
                if response.status_code != 200:
                    raise _Missing(f"HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise _OverCap(int(declared))
                body = bytearray()
                async for chunk in response.aiter_raw(CHUNK):
                    body += chunk
                    if len(body) > max_bytes:
                        raise _OverCap(None)
                return bytes(body)
        except httpx.HTTPError as exc:
            raise _Missing(repr(exc)) from exc


def _read_local(path: str, max_bytes: int) -> bytes:
    file = Path(path)
    try:
        if not file.is_file():
            raise _Missing("no such file")
        size = file.stat().st_size
        if size > max_bytes:
            raise _OverCap(size)
        with file.open("rb") as stream:
            return stream.read(max_bytes + 1)
    except OSError as exc:
        raise _Missing(repr(exc)) from exc


def _kind(step: Step) -> str:
    if isinstance(step, ActionStep):
        return step.action
    return type(step).__name__


async def answer_notice(bot: Bot, notice: NoticeEvent, upload: Upload, text: str) -> None:
    """Send `text` about an upload known only from its notice, through the outbox.

    `Bot.send` addresses any event with a `user_id` (and `group_id`), so the notice itself is
    the origin; with no message to quote, the asker has no message id."""
    outbox = services().outbox
    origin = Origin(bot, cast(MessageEvent, notice))
    await outbox.engine.reply((upload.chat, upload.chat_id), Asker(upload.user_id), text, origin)

