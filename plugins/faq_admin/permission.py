"""Who may edit the FAQ from chat: `FAQ_ADMIN`, a NoneBot `Permission`.

SUPERUSERS, the QQ numbers in `assistant_admins`, and, when `assistant_allow_group_admins` is
set, owners and admins of the consultation groups (asked in that group). An anonymous group
message is never an admin: its `sender.role` is whatever the message claims, and every
anonymous member shares one user id (80000000).
"""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, MessageEvent
from nonebot.permission import SUPERUSER, Permission

from plugins._common.deps import SettingsDep

ANONYMOUS_USER_ID = 80000000
"""The user id QQ gives every anonymous group member."""


def is_anonymous(event: MessageEvent) -> bool:
    """Whether `event` is an anonymous group message, however the implementation marks it."""
    return isinstance(event, GroupMessageEvent) and (
        event.anonymous is not None
        or event.sub_type == "anonymous"
        or event.user_id == ANONYMOUS_USER_ID
    )


async def _listed_admin(event: MessageEvent, settings: SettingsDep) -> bool:
    return event.user_id in settings.assistant_admins


async def _group_admin(event: GroupMessageEvent, settings: SettingsDep) -> bool:
    return (
        settings.assistant_allow_group_admins
        and event.group_id in settings.assistant_groups
        and event.sender.role in ("owner", "admin")
    )


_NAMED_ADMIN = SUPERUSER | Permission(_listed_admin, _group_admin)


async def _faq_admin(bot: Bot, event: MessageEvent) -> bool:
    return not is_anonymous(event) and await _NAMED_ADMIN(bot, event)


FAQ_ADMIN = Permission(_faq_admin)
