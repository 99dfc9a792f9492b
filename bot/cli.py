"""The `ask` sub-command: one question through the same code path as private chat."""

from __future__ import annotations

import sys


def ask_once(question: str) -> str:
    from nonebot.log import logger

    # Only the reply goes to stdout; start-up chatter below WARNING is dropped.
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    from bot.app import init

    init()
    from plugins._common.deps import get_assistant

    return get_assistant().reply(question).render()
