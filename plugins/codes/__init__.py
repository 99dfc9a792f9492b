"""`/代码` (`/code`): the classification code of 附件2 for a code, a name or an everyday word."""

from __future__ import annotations

from nonebot import on_command
from nonebot.adapters.onebot.v11 import Bot, GroupMessageEvent, Message, MessageEvent
from nonebot.params import CommandArg
from nonebot.plugin import PluginMetadata

from bot.config import Settings
from plugins._common import commands
from plugins._common.commands import COMMAND_PRIORITY
from plugins._common.deps import CodeBookDep
from plugins._common.events import Replied, emit_replied
from plugins._common.replies import send_reply
from plugins._common.scope import IN_SCOPE

__plugin_meta__ = PluginMetadata(
    name="分类代码查询",
    description="查附件2 中小企业专业服务分类代码：输入代码看名称，输入名称或常用说法找代码",
    usage=(
        "/代码 专利（按名称或常用说法找代码）\n"
        "/代码 1403（看代码的名称和所属大类）\n"
        "/代码 14（看大类下的全部中类）\n"
        "/代码（看8个大类）；/code 同样可用"
    ),
    type="application",
    config=Settings,
    supported_adapters={"~onebot.v11"},
)

code_cmd = on_command(
    commands.CODE.name,
    aliases=commands.CODE.alias_set,
    rule=IN_SCOPE,
    priority=COMMAND_PRIORITY,
    block=True,
)


@code_cmd.handle()
async def handle_code(
    bot: Bot, event: MessageEvent, codebook: CodeBookDep, arg: Message = CommandArg()
) -> None:
    reply = codebook.lookup(arg.extract_plain_text())
    await send_reply(bot, event, reply.render(with_detail=not isinstance(event, GroupMessageEvent)))
    await emit_replied(Replied(bot, event, event.get_plaintext(), reply, spoke=True))
