"""Session fixtures: one real bot process and one connected NapCat-like peer for the e2e suite.

Throttles are opened wide here so that tests sharing the bot cannot hold up each other's
replies; the flood tests start their own bot with the real limits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e.peer import BotProcess, OneBotPeer

E2E_ENV = {
    "ASSISTANT_USER_RATE_PER_MINUTE": "10000",
    "ASSISTANT_GROUP_RATE_PER_MINUTE": "10000",
    "ASSISTANT_DEDUP_MINUTES": "0",
    # A call NapCat never answers costs this long; the default 30 s would stall the suite.
    "API_TIMEOUT": "2",
}


@pytest.fixture(scope="session")
def e2e_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """`python -m bot` on a free port, all data under a temporary folder."""
    with BotProcess(tmp_path_factory.mktemp("e2e-bot"), env=E2E_ENV) as bot:
        bot.wait_listening()
        yield bot


@pytest.fixture(scope="session")
async def peer(e2e_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    """The connected peer; tests that disconnect it must leave it connected again."""
    async with OneBotPeer.for_bot(e2e_bot) as onebot:
        yield onebot


@pytest.fixture
async def live_peer(peer: OneBotPeer, e2e_bot: BotProcess) -> AsyncIterator[OneBotPeer]:
    """The session peer, reconnected if an earlier test left it down, without failure rules."""
    if not peer.connected:
        await peer.connect()
    yield peer
    peer.clear_failures()
    assert e2e_bot.alive, f"the bot exited; log tail:\n{e2e_bot.tail()}"
