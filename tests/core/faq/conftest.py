"""A repository per test on a database under tmp_path, over the sample shipped entries."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.faq.repository import FaqRepository
from bot.faq.storage import Storage
from bot.guide.knowledge import KnowledgeBase
from tests.core.faq.sample import SHIPPED

Opener = Callable[..., Awaitable[FaqRepository]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "faq.sqlite3"


@pytest.fixture
async def open_repo(db: Path) -> AsyncIterator[Opener]:
    """Opens repositories on the test's database file; closes them all afterwards."""
    opened: list[Storage] = []
    ticks = itertools.count(1_700_000_000)

    async def _open(shipped: KnowledgeBase = SHIPPED, max_chars: int = 200) -> FaqRepository:
        storage = await Storage.open(db, lock=False)
        opened.append(storage)
        return FaqRepository(
            storage, shipped, answer_max_chars=max_chars, clock=lambda: float(next(ticks))
        )

    yield _open
    for storage in opened:
        await storage.close()


@pytest.fixture
async def repo(open_repo: Opener) -> FaqRepository:
    return await open_repo()

