"""Injected dependencies: the settings and the one `Assistant` of the process."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from nonebot import get_plugin_config
from nonebot.params import Depends

from bot.assistant import Assistant
from bot.config import Settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return get_plugin_config(Settings)


@lru_cache(maxsize=1)
def get_assistant() -> Assistant:
    """Loaded once; a broken knowledge file raises here, at plugin import, and stops start-up."""
    return Assistant.load(get_settings())


# NoneBot runs a plain function dependency in a worker thread; every rule and handler of every
# plugin asks for these, so a thread hop each cost about half the bot's throughput under load.
async def _settings() -> Settings:
    return get_settings()


async def _assistant() -> Assistant:
    return get_assistant()


SettingsDep = Annotated[Settings, Depends(_settings)]
AssistantDep = Annotated[Assistant, Depends(_assistant)]
