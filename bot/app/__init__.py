"""Builds the NoneBot application: driver, OneBot v11 adapter and the project's plugins."""

from __future__ import annotations

from typing import Any

DEFAULT_NICKNAME = "填报助手"
PLUGINS = (
    "plugins.assistant",
    "plugins.checks",
    "plugins.codes",
    "plugins.faq_admin",
    "plugins.handoff",
)
"""Loaded by module name, not by folder: an installed package has no folder NoneBot can name."""


def init(**overrides: Any) -> None:
    """Initialise NoneBot from the environment and `.env`; nothing is fetched from the network."""
    import nonebot
    from nonebot.adapters.onebot.v11 import Adapter

    overrides.setdefault("driver", "~fastapi")
    nonebot.init(**overrides)
    driver = nonebot.get_driver()
    _log_at_configured_level(driver.config.log_level)
    if not driver.config.nickname:
        # Users write "填报助手，…" to address the bot; NICKNAME in the environment overrides it.
        driver.config.nickname = {DEFAULT_NICKNAME}
    driver.register_adapter(Adapter)
    # Load the knowledge here, outside NoneBot's plugin loader (which only logs import errors),
    # so a broken knowledge file stops start-up with the file and entry named.
    from plugins._common.deps import get_assistant

    get_assistant()
    nonebot.load_plugin("nonebot_plugin_localstore")
    for plugin in PLUGINS:
        nonebot.load_plugin(plugin)


def _log_at_configured_level(level: int | str) -> None:
    """NoneBot's handler takes every level and filters afterwards, so each debug and trace line
    of every message was built in full (a tenth of the CPU under load); at the configured level
    loguru drops them before building anything."""
    import sys

    from nonebot.log import default_filter, default_format, logger, logger_id

    try:
        logger.remove(logger_id)
    except ValueError:  # someone (`python -m bot ask`) already replaced it
        return
    logger.add(
        sys.stdout, level=level, diagnose=False, filter=default_filter, format=default_format
    )


def run() -> None:
    import nonebot

    init()
    nonebot.run()
