"""Test set-up: NoneBot (for nonebug) with every data dir under a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from nonebug import NONEBOT_INIT_KWARGS

PLUGINS_DIR = Path(__file__).resolve().parent.parent / "plugins"

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
    }


@pytest.fixture(scope="session", autouse=True)
async def after_nonebot_init(after_nonebot_init: None) -> None:
    """Register the adapter and load the plugins before NoneBot's lifespan starts."""
    import nonebot
    from nonebot.adapters.onebot.v11 import Adapter

    nonebot.get_driver().register_adapter(Adapter)
    nonebot.load_plugin("nonebot_plugin_localstore")
    nonebot.load_plugins(str(PLUGINS_DIR))
