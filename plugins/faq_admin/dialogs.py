"""Short dialogs: the bot asked an admin for an answer and waits for the next message.

One dialog per admin per chat. A dialog ends with the admin's next message, with "取消", with a
new `/faq` command, or after the timeout, when the admin is told politely that nothing changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.log import logger

from bot.faq import Actor

DialogKind = Literal["add", "edit", "adopt"]
DialogKey = tuple[str, int]


@dataclass(eq=False)
class Dialog:
    key: DialogKey
    token: int
    bot: Bot
    event: MessageEvent
    actor: Actor
    kind: DialogKind
    subject: str
    """The question (add), entry id (edit) or missed-question number (adopt) waiting for text."""
    on_timeout: Callable[[Dialog], Awaitable[None]] = field(repr=False)
    timer: asyncio.Task[None] | None = field(default=None, repr=False)


def dialog_key(event: MessageEvent) -> DialogKey:
    chat = f"group:{event.group_id}" if isinstance(event, GroupMessageEvent) else "private"
    return chat, event.user_id


class Dialogs:
    def __init__(self) -> None:
        self._open: dict[DialogKey, Dialog] = {}
        self._tokens = itertools.count(1)

    def start(
        self,
        bot: Bot,
        event: MessageEvent,
        actor: Actor,
        kind: DialogKind,
        subject: str,
        *,
        timeout: float,
        on_timeout: Callable[[Dialog], Awaitable[None]],
    ) -> Dialog:
        """Opens a dialog (replacing one the admin had open in this chat) with its timer."""
        self.drop(event)
        dialog = Dialog(
            dialog_key(event), next(self._tokens), bot, event, actor, kind, subject, on_timeout
        )
        self._open[dialog.key] = dialog
        dialog.timer = asyncio.create_task(self._expire_later(dialog, timeout))
        return dialog

    def peek(self, event: MessageEvent) -> Dialog | None:
        return self._open.get(dialog_key(event))

    def take(self, event: MessageEvent) -> Dialog | None:
        """Ends and returns the dialog of this admin in this chat, if one is open."""
        dialog = self._open.pop(dialog_key(event), None)
        if dialog is not None and dialog.timer is not None:
            dialog.timer.cancel()
        return dialog

    def drop(self, event: MessageEvent) -> None:
        self.take(event)

    async def expire(self, dialog: Dialog) -> bool:
        """Ends `dialog` if it is still open and tells the admin; False if it was already over."""
        if self._open.get(dialog.key) is not dialog:
            return False
        del self._open[dialog.key]
        try:
            await dialog.on_timeout(dialog)
        except Exception:  # the admin is gone or the socket is down: nothing else to do
            logger.exception("could not send the dialog time-out notice")
        return True

    async def _expire_later(self, dialog: Dialog, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.expire(dialog)

    def cancel_all(self) -> None:
        for dialog in list(self._open.values()):
            if dialog.timer is not None:
                dialog.timer.cancel()
        self._open.clear()

    async def aclose(self) -> None:
        timers = [d.timer for d in self._open.values() if d.timer is not None]
        self.cancel_all()
        for timer in timers:
            with contextlib.suppress(asyncio.CancelledError):
                await timer

    def __len__(self) -> int:
        return len(self._open)
