"""Test set-up: NoneBot (for nonebug) with every data dir under a temporary folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nonebug import NONEBOT_INIT_KWARGS

# Before NoneBot or localstore read their settings: never touch a real data dir in tests.
_TMP = Path(tempfile.mkdtemp(prefix="tianbao-test-"))
for _name in ("DATA", "CACHE", "CONFIG"):
    os.environ[f"LOCALSTORE_{_name}_DIR"] = str(_TMP / _name.lower())


def pytest_configure(config: pytest.Config) -> None:
    config.stash[NONEBOT_INIT_KWARGS] = {
        "driver": "~fastapi",
        "superusers": {"90001"},
        "nickname": {"填报助手"},
        "command_start": {"/"},
        "log_level": "WARNING",
        # Rate limits and de-duplication are tested where they are built (tests/core/delivery,
        # tests/core/app); elsewhere they must not hold up or swallow the replies a test
        # expects. 0 means no limit and no de-duplication.
        "assistant_user_rate_per_minute": 0,
        "assistant_group_rate_per_minute": 0,
        "assistant_dedup_minutes": 0,
        # No weekly digest firing in the middle of a test; tests/plugins/faq_admin schedules
        # and sends it themselves.
        "assistant_weekly_digest": "off",
    }


@pytest.fixture(scope="session", autouse=True)
async def after_nonebot_init(after_nonebot_init: None) -> None:
    """Build the services and load the plugins before NoneBot's lifespan starts."""
    from bot.app import setup

    setup()


@pytest.fixture(autouse=True)
async def _fresh_delivery() -> AsyncIterator[None]:
    """Send queues, rate state and pending hand-off notices never leak into the next test."""
    yield
    from bot.app.services import services

    await services().renew_delivery()
