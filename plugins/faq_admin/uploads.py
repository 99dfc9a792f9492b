"""`/faq export` as a file: uploaded to the chat through the OneBot implementation."""

from __future__ import annotations

import base64
import time

from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.exception import ActionFailed, ApiNotAvailable, NetworkError
from nonebot.log import logger


def export_file_name() -> str:
    return f"faq-export-{time.strftime('%Y%m%d-%H%M%S')}.yaml"


async def upload_file(bot: Bot, event: MessageEvent, name: str, text: str) -> bool:
    """Sends `text` as a file to the chat; False when the OneBot side cannot."""
    # base64: NapCat may run on another host or in a container and cannot read our disk.
    file = "base64://" + base64.b64encode(text.encode("utf-8")).decode("ascii")
    try:
        if isinstance(event, GroupMessageEvent):
            await bot.call_api("upload_group_file", group_id=event.group_id, file=file, name=name)
        else:
            await bot.call_api("upload_private_file", user_id=event.user_id, file=file, name=name)
    except (ActionFailed, ApiNotAvailable, NetworkError) as exc:
        logger.warning(f"file upload failed, sending the export as text: {exc!r}")
        return False
    return True
