"""Who may edit the FAQ from chat: `FAQ_ADMIN`, a NoneBot `Permission`.

SUPERUSERS, the QQ numbers in `assistant_admins`, and, when `assistant_allow_group_admins` is
set, owners and admins of the consultation groups (asked in that group).
"""

from __future__ import annotations

from nonebot.adapters.onebot.v11 import GroupMessageEvent, MessageEvent
from nonebot.permission import SUPERUSER, Permission

from plugins._common.deps import SettingsDep


async def _listed_admin(event: MessageEvent, settings: SettingsDep) -> bool:
    return event.user_id in settings.assistant_admins


async def _group_admin(event: GroupMessageEvent, settings: SettingsDep) -> bool:
    return (
        settings.assistant_allow_group_admins
        and event.group_id in settings.assistant_groups
        and event.sender.role in ("owner", "admin")
    )


FAQ_ADMIN = SUPERUSER | Permission(_listed_admin, _group_admin)
