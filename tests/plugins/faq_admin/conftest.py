"""A fresh FAQ database per test, installed as the process's FAQ service; the assistant's
entries restored afterwards."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nonebot.adapters.onebot.v11 import Bot, MessageEvent

from bot.faq import FaqRepository, FaqService, Storage
from tests.fake import expected


@pytest.fixture(autouse=True)
def _send_in_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replies go to `bot.send` inside the handler, where a failed nonebug check fails the test.

    The real `send_reply` may send from the outbox's worker task, where pytest's failure (a
    BaseException) only ends the worker: a wrong reply would pass unnoticed. Throttling and
    splitting are the outbox's own tests' business; the e2e tests use the real path.
    """
    import plugins.faq_admin as plugin

    async def send_now(bot: Bot, event: MessageEvent, text: str) -> None:
        await bot.send(event, expected(event, text))

    monkeypatch.setattr(plugin, "send_reply", send_now)


@pytest.fixture
async def faq_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FaqRepository]:
    """The repository behind the /faq commands in this test, on a database under tmp_path."""
    from bot.app.services import services
    from plugins.faq_admin import open_dialogs

    app = services()
    assistant = app.assistant
    shipped_entries = dict(assistant.entries)
    storage = await Storage.open(tmp_path / "faq.sqlite3")
    ticks = itertools.count(1_750_000_000)
    repo = FaqRepository(
        storage,
        assistant.knowledge,
        answer_max_chars=app.settings.assistant_answer_max_chars,
        clock=lambda: float(next(ticks)),
    )
    monkeypatch.setattr(app, "faq", FaqService(storage, repo, assistant.set_entries))
    try:
        yield repo
    finally:
        await open_dialogs.aclose()
        assistant.set_entries(shipped_entries)
        await storage.close()
