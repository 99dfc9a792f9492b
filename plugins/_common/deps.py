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


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
