"""The application: NoneBot start-up (opening the FAQ database: `bot.app.startup`), the services
built once (`bot.app.services`), the connection's health and `/healthz` (`bot.app.health`) and
the OneBot glue of the outbox (`bot.app.sending`).

`init` is the whole start-up of the bot (`python -m bot`): NoneBot from the environment and
`.env`, the OneBot v11 adapter, the services, the FAQ database opened when the driver starts, and
the plugins. `init_core` stops before the adapter and the plugins: the command line (`bot.cli`)
answers and edits the FAQ with the same services and no chat.
"""

from __future__ import annotations

from typing import Any

from bot.app.services import Services, install, services

__all__ = [
    "DEFAULT_NICKNAME",
    "PLUGINS",
    "Services",
    "ensure_services",
    "init",
    "init_core",
    "run",
    "services",
    "setup",
]

DEFAULT_NICKNAME = "填报助手"
PLUGINS = (
    "plugins.assistant",
    "plugins.checks",
    "plugins.codes",
    "plugins.delivery_notices",
    "plugins.faq_admin",
    "plugins.files",
    "plugins.handoff",
    "plugins.health",
)
"""Loaded by module name, not by folder: an installed package has no folder NoneBot can name."""


def init(**overrides: Any) -> Services:
    """Initialise NoneBot and everything the bot runs on; nothing is fetched from the network."""
    _init_nonebot(**overrides)
    return setup()


def init_core(**overrides: Any) -> Services:
    """NoneBot's configuration and the services, without the adapter and the plugins."""
    _init_nonebot(**overrides)
    return _build_services()


def setup() -> Services:
    """Everything after `nonebot.init` (tests call it once NoneBot is initialised for them):
    the adapter, the services and their hooks, and the plugins."""
    import nonebot

    from bot.app.onebot import OneBotAdapter

    nonebot.get_driver().register_adapter(OneBotAdapter)
    built = ensure_services()
    for plugin in PLUGINS:
        nonebot.load_plugin(plugin)
    return built


def ensure_services() -> Services:
    """The process's services; built, and hooked to the driver's start and stop, on the first
    call. The plugins call it as they are imported, so that an app that loads them without
    `init` (`nb run` with `[tool.nonebot]`) runs on the same services."""
    global _hooked
    try:
        return services()
    except RuntimeError:
        pass
    built = _build_services()
    if not _hooked:
        _hooked = True
        _hook_to_driver()
    return built


_hooked = False


def _hook_to_driver() -> None:
    import nonebot

    from bot.app import startup
    from bot.app.health import serve_healthz

    driver = nonebot.get_driver()
    serve_healthz(driver, lambda: startup.access_token())

    @driver.on_startup
    async def _open_faq() -> None:
        # Before the first question is answered: the adapter accepts connections after start-up.
        # A database that cannot be used ends the process here, with its one-line message.
        await startup.open_faq(services())

    @driver.on_shutdown
    async def _close() -> None:
        await services().close()


def _init_nonebot(**overrides: Any) -> None:
    import nonebot

    # DRIVER and every other NoneBot setting come from the environment and .env (the default
    # driver is ~fastapi); `overrides` win over both, so none is passed here.
    nonebot.init(**overrides)
    _log_at_configured_level(nonebot.get_driver().config.log_level)


def _build_services() -> Services:
    """The services from NoneBot's configuration, installed as the process's own."""
    import nonebot
    from nonebot import get_plugin_config

    from bot.app.services import build
    from bot.config import Settings

    # Loaded as a plugin before any plain import of it: it reads its settings as it loads.
    nonebot.require("nonebot_plugin_localstore")
    config = nonebot.get_driver().config
    if not config.nickname:
        # Users write "填报助手，…" to address the bot; NICKNAME in the environment overrides it.
        # Here, not in `init`, so that `nb run` (which never calls `init`) gets it too.
        config.nickname = {DEFAULT_NICKNAME}
    built = build(
        get_plugin_config(Settings),
        superusers=config.superusers,
        command_starts=config.command_start,
        nickname=next(iter(sorted(config.nickname)), DEFAULT_NICKNAME),
    )
    install(built)
    return built


def _log_at_configured_level(level: int | str) -> None:
    """NoneBot's handler takes every level and filters afterwards, so each debug and trace line
    of every message was built in full (a tenth of the CPU under load); at the configured level
    loguru drops them before building anything. The core logs through the standard `logging`
    module under "bot"; those lines join NoneBot's log at the same level."""
    import logging
    import sys

    from nonebot.log import LoguruHandler, default_filter, default_format, logger, logger_id

    core = logging.getLogger("bot")
    if not any(isinstance(h, LoguruHandler) for h in core.handlers):
        core.addHandler(LoguruHandler())
    core.setLevel(logger.level(level).no if isinstance(level, str) else level)
    try:
        logger.remove(logger_id)
    except ValueError:  # someone (`python -m bot ask`) already replaced it
        return
    logger.add(
        sys.stdout, level=level, diagnose=False, filter=default_filter, format=default_format
    )


def run() -> None:
    import gc

    import nonebot

    init()
    # What start-up made lives as long as the process: frozen, no collection scans it again
    # (each full one would, some 80,000 objects), and collecting resumes (`python -m bot`
    # starts without it).
    gc.freeze()
    gc.enable()
    nonebot.run()
