"""The command line: `ask` prints the private-chat reply to one question, `faq export|import`
exports or imports the FAQ as the chat commands do, `stats` prints the admins' usage figures
(and writes them as a spreadsheet), `backup` copies the FAQ database (also while the bot runs)
and `restore` puts a copy back (with the bot stopped); `check-file` prints the report the bot
gives in chat for one file.

They run on the services the bot itself is built from (`bot.app.init_core`: settings, the
`Assistant`) and the same FAQ database through `bot.faq.opened`; no plugin and no chat is
involved. `backup`, `restore` and `check-file` need only NoneBot's settings (where the data dir
is, the file limits), so they work even when a knowledge file is broken.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TypeVar

from bot.app import Services
from bot.faq import (
    Actor,
    FaqError,
    FaqService,
    StorageError,
    backup_database,
    opened,
    restore_database,
)
from bot.faq.render import imported, usage_report

T = TypeVar("T")


def _init_quietly() -> Services:
    from nonebot.log import logger

    # Only the result goes to stdout; start-up chatter below WARNING is dropped.
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    from bot.app import init_core

    return init_core()


def _faq(
    services: Services, path: Path, *, read_only: bool = False
) -> AbstractAsyncContextManager[FaqService]:
    assistant = services.assistant
    return opened(
        path,
        assistant.knowledge,
        assistant.set_entries,
        answer_max_chars=services.settings.assistant_answer_max_chars,
        read_only=read_only,
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
    services: Services,
    path: Path,
    action: Callable[[FaqService], Awaitable[T]],
    *,
    read_only: bool = False,
) -> T:
    async with _faq(services, path, read_only=read_only) as faq:
        return await action(faq)


def stats(days: int, xlsx: str | None) -> int:
    """`stats [--days N] [--xlsx FILE]`: the figures of `/faq stats`; with `--xlsx`, also the
    spreadsheet of missed questions, hits per entry, questions per day and per hour."""
    services = _init_quietly()
    from bot.app.services import faq_database_path

    database = faq_database_path()
    if not database.exists():
        print(f"还没有问答数据库 {database}：机器人启动并回答过问题之后才有统计。", file=sys.stderr)
        return 1

    async def figures(faq: FaqService) -> str:
        if xlsx is not None:
            await faq.usage.export_xlsx(Path(xlsx), days)
        return usage_report(await faq.usage.summary(days, limit=10), f"近{days}天", "/faq")

    try:
        print(asyncio.run(_run(services, database, figures, read_only=True)))
    except (OSError, StorageError, FaqError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if xlsx is not None:
        print(f"表格已写到 {xlsx}（未答问题、问答命中、每日、时段）。")
    return 0


def _database_path() -> Path:
    """Where the FAQ database is, from NoneBot's settings alone (no knowledge is loaded)."""
    from nonebot.log import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    import nonebot

    nonebot.init()
    nonebot.require("nonebot_plugin_localstore")
    from bot.app.services import faq_database_path

    return faq_database_path()


def backup(target: str | None) -> int:
    """`backup [PATH]`: a consistent copy of the FAQ database, made with SQLite's online backup
    API, so the bot may go on running; by default into `backups/` beside the database."""
    database = _database_path()
    try:
        copy = backup_database(database, Path(target) if target else None)
    except (OSError, StorageError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"已备份问答数据库 {database}\n备份文件：{copy}")
    return 0


def restore(copy: str) -> int:
    """`restore FILE`: with the bot stopped, a backup replaces the FAQ database (the file it
    replaces is kept beside it); refused while a bot holds the database."""
    database = _database_path()
    try:
        kept = restore_database(Path(copy), database)
    except (OSError, StorageError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    kept_line = f"\n原来的数据库改名留在 {kept}" if kept is not None else ""
    print(f"已用 {copy} 恢复问答数据库 {database}{kept_line}\n现在可以启动机器人了。")
    return 0


def check_file_path(path: str) -> int:
    """`check-file PATH`: the report the bot gives in chat for this file (`bot.files.check_path`
    with the configured reporting year and file limits); only NoneBot's settings are read."""
    from datetime import date

    from nonebot.log import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    import nonebot
    from nonebot import get_plugin_config

    nonebot.init()
    from bot.app.files import limits_of
    from bot.checks import reporting_year
    from bot.config import Settings
    from bot.files import check_path

    settings = get_plugin_config(Settings)
    year = reporting_year(settings.assistant_reporting_year, date.today())
    print(check_path(path, year=year, limits=limits_of(settings)).render())
    return 0 if Path(path).is_file() else 1
