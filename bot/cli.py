"""The `ask` sub-command: one question through the same code path as private chat."""

from __future__ import annotations

import sys


def _init_quietly() -> None:
    from nonebot.log import logger

    # Only the result goes to stdout; start-up chatter below WARNING is dropped.
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    from bot.app import init

    init()


def ask_once(question: str) -> str:
    _init_quietly()
    import asyncio

    from plugins._common.deps import get_assistant
    from plugins.faq_admin import load_saved_changes

    assistant = get_assistant()
    # Admin changes from chat live in SQLite; answer with them, as the running bot does.
    asyncio.run(load_saved_changes(assistant))
    return assistant.reply(question).render()


def faq_file(action: str, path: str | None) -> int:
    """`faq export [FILE]` / `faq import FILE`: the chat commands' export and import, offline.

    A running bot sees an import after its next restart (or its next change from chat)."""
    _init_quietly()
    import asyncio
    from pathlib import Path

    from bot.faq.repository import Actor, FaqError
    from plugins._common.deps import get_assistant
    from plugins.faq_admin import render, run_offline

    assistant = get_assistant()
    if action == "export":
        text = asyncio.run(run_offline(assistant, lambda repo: repo.export_yaml()))
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
            run_offline(assistant, lambda repo: repo.import_yaml(content, Actor("cli", "命令行")))
        )
    except (OSError, UnicodeDecodeError, FaqError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(render.imported(result))
    return 0
