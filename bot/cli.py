"""The command line: `ask` prints the private-chat reply to one question, `faq export|import`
exports or imports the FAQ as the chat commands do.

Both run on the services the bot itself is built from (`bot.app.init_core`: settings, the
`Assistant`) and the same FAQ database through `bot.faq.opened`; no plugin and no chat is
involved.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TypeVar

from bot.app import Services
from bot.faq import Actor, FaqError, FaqService, opened
from bot.faq.render import imported

T = TypeVar("T")


def _init_quietly() -> Services:
    from nonebot.log import logger

    # Only the result goes to stdout; start-up chatter below WARNING is dropped.
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    from bot.app import init_core

    return init_core()


def _faq(services: Services, path: Path) -> AbstractAsyncContextManager[FaqService]:
    assistant = services.assistant
    return opened(
        path,
        assistant.knowledge,
        assistant.set_entries,
        answer_max_chars=services.settings.assistant_answer_max_chars,
    )


def ask_once(question: str) -> str:
    services = _init_quietly()
    from bot.app.services import faq_database_path

    path = faq_database_path()
    # Admin changes from chat live in SQLite; answer with them, as the running bot does, but
    # never create a database just to ask.
    if path.exists():
        asyncio.run(_apply_stored(services, path))
    return services.assistant.reply(question).render()


async def _apply_stored(services: Services, path: Path) -> None:
    async with _faq(services, path):
        pass  # opening the service applies the stored changes


def faq_file(action: str, path: str | None) -> int:
    """`faq export [FILE]` / `faq import FILE`: the chat commands' export and import, offline.

    A running bot sees an import after its next restart (or its next change from chat)."""
    services = _init_quietly()
    from bot.app.services import faq_database_path

    database = faq_database_path()
    if action == "export":
        text = asyncio.run(_run(services, database, lambda faq: faq.export_yaml()))
        if path is None:
            sys.stdout.write(text)
        else:
            Path(path).write_text(text, encoding="utf-8")
        return 0
    if path is None:
        print("导入需要文件名：python -m bot faq import 文件.yaml", file=sys.stderr)
        return 2
    try:
        content = Path(path).read_text(encoding="utf-8")
        result = asyncio.run(
            _run(services, database, lambda faq: faq.import_yaml(content, Actor("cli", "命令行")))
        )
    except (OSError, UnicodeDecodeError, FaqError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(imported(result))
    return 0


async def _run(
    services: Services, path: Path, action: Callable[[FaqService], Awaitable[T]]
) -> T:
    async with _faq(services, path) as faq:
        return await action(faq)
