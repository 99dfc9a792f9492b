"""What the serving bot does as the driver starts: say where its data lives and where the QQ
side connects, open the FAQ database, and stop at once when that database cannot be used.

A `StorageError` (damaged file, a second bot on the data dir, a newer schema…) carries a
Chinese message naming the file and what to do; it is logged as that one line and the process
exits with `STORAGE_EXIT_CODE`. Raised out of the start-up hook it would reach the ASGI server,
which prints a traceback around it and goes on shutting down.
"""

from __future__ import annotations

import os
import sys
from ipaddress import ip_address
from typing import TYPE_CHECKING, NoReturn

from bot.faq import StorageError
from bot.faq.backup import BACKUP_DIR

if TYPE_CHECKING:
    from nonebot.config import Config

    from bot.app.services import Services

STORAGE_EXIT_CODE = 78
"""Exit status when the FAQ database cannot be used (EX_CONFIG: the operator must act)."""


def access_token() -> str | None:
    """The OneBot v11 access token (ONEBOT_ACCESS_TOKEN or ONEBOT_V11_ACCESS_TOKEN)."""
    from nonebot import get_plugin_config
    from nonebot.adapters.onebot.v11.config import Config as OneBotConfig

    return get_plugin_config(OneBotConfig).onebot_access_token or None


def connection_line(config: Config, token: str | None) -> str:
    """Where NapCat / Lagrange connect, and whether a token guards it (one log line)."""
    host = str(config.host)
    shown = f"[{host}]" if ":" in host else host
    line = f"QQ 端（NapCat / Lagrange）的反向 WebSocket 地址：ws://{shown}:{config.port}/onebot/v11/ws"
    if ip_address(host).is_unspecified:
        line += "（监听所有地址：QQ 端填这台机器的地址，Docker Compose 里填 ws://bot:端口/onebot/v11/ws）"
    if token:
        return line + "；已设置 ONEBOT_ACCESS_TOKEN，QQ 端要填同一个 token"
    return line + "；没有设置 ONEBOT_ACCESS_TOKEN：能连到这个端口的任何程序都能冒充 QQ 端"


async def open_faq(app: Services) -> None:
    """The driver's start-up hook: open the FAQ database, or exit with its one-line message."""
    import nonebot
    from nonebot.drivers import ASGIMixin
    from nonebot.log import logger

    from bot.app.services import faq_database_path

    path = faq_database_path()
    logger.info(f"问答数据库：{path}；备份目录：{path.parent / BACKUP_DIR}")
    try:
        await app.open_faq(path)
    except StorageError as exc:
        logger.error(str(exc))
        exit_now(STORAGE_EXIT_CODE)
    driver = nonebot.get_driver()
    if isinstance(driver, ASGIMixin):
        logger.info(connection_line(driver.config, access_token()))


def exit_now(code: int) -> NoReturn:
    """Ends the process before the server starts: nothing is open yet that needs closing."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)
