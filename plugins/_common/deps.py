"""The services as NoneBot dependencies: handlers take what they need by these aliases.

The services are built once by `bot.app`; each alias looks up the current ones at every call,
so services a test installs are used at once.
"""

from __future__ import annotations

from typing import Annotated

from nonebot.params import Depends

from bot.app.sending import ChatOutbox
from bot.app.services import Services, services
from bot.assistant import Assistant
from bot.codes import CodeBook
from bot.config import Settings
from bot.delivery.notifier import Notifier
from bot.faq import FaqService


# Async on purpose: NoneBot runs a plain function dependency in a worker thread.
async def _services() -> Services:
    return services()


async def _settings() -> Settings:
    return services().settings


async def _assistant() -> Assistant:
    return services().assistant


async def _codebook() -> CodeBook:
    return services().codebook


async def _outbox() -> ChatOutbox:
    return services().outbox


async def _notifier() -> Notifier:
    return services().notifier


async def _faq() -> FaqService:
    return services().faq_service()


ServicesDep = Annotated[Services, Depends(_services)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AssistantDep = Annotated[Assistant, Depends(_assistant)]
CodeBookDep = Annotated[CodeBook, Depends(_codebook)]
OutboxDep = Annotated[ChatOutbox, Depends(_outbox)]
NotifierDep = Annotated[Notifier, Depends(_notifier)]
FaqServiceDep = Annotated[FaqService, Depends(_faq)]
