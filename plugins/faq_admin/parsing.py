"""Parsing `/faq …` (`/问答 …`) messages into one sub-command with its arguments.

The first line holds the sub-command and its short arguments; the lines after it are the body
(an answer, or an exported file for `import`). Nothing here talks to QQ or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.faq import InvalidInputError

# Canonical name -> accepted spellings; the first Chinese one is shown in the help.
SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "add": ("add", "添加", "新增"),
    "edit": ("edit", "修改", "改"),
    "alias": ("alias", "问法", "别名"),
    "del": ("del", "delete", "删除"),
    "restore": ("restore", "恢复"),
    "show": ("show", "查看"),
    "list": ("list", "列表"),
    "search": ("search", "搜索", "查找"),
    "history": ("history", "历史"),
    "rollback": ("rollback", "回滚"),
    "missed": ("missed", "未答"),
    "adopt": ("adopt", "采纳"),
    "ignore": ("ignore", "忽略"),
    "export": ("export", "导出"),
    "import": ("import", "导入"),
    "stats": ("stats", "统计"),
    "help": ("help", "帮助"),
}
_LOOKUP = {alias.lower(): name for name, aliases in SUBCOMMANDS.items() for alias in aliases}
# Longest first, so "删除" is not read as "删" plus "除…" if a shorter alias is ever added.
_CHINESE = sorted((a for a in _LOOKUP if not a.isascii()), key=len, reverse=True)

CANCEL_WORDS = frozenset({"取消", "算了", "cancel"})


@dataclass(frozen=True, slots=True)
class FaqCommand:
    name: str
    """Canonical sub-command name (a key of SUBCOMMANDS)."""
    args: str
    """The rest of the first line, stripped."""
    body: str
    """The lines after the first, stripped."""

    @property
    def first_arg(self) -> str:
        return self.args.split(maxsplit=1)[0] if self.args else ""

    @property
    def rest_args(self) -> str:
        parts = self.args.split(maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""


class UnknownSubcommandError(InvalidInputError):
    pass


def parse(text: str) -> FaqCommand:
    """`add 问题\\n答案` -> FaqCommand("add", "问题", "答案"); empty text is `help`."""
    first, _, body = text.strip().partition("\n")
    first = first.strip()
    if not first:
        return FaqCommand("help", "", body.strip())
    word, _, args = first.partition(" ")
    name = _LOOKUP.get(word.lower())
    if name is None:
        # Chinese users often leave out the space: "/问答 添加平台名称能带省字吗".
        prefix = next((a for a in _CHINESE if first.startswith(a)), None)
        if prefix is None:
            raise UnknownSubcommandError(f"没有“{word[:20]}”这个命令。")
        name, args = _LOOKUP[prefix], first[len(prefix) :]
    return FaqCommand(name, args.strip(), body.strip())


def parse_number(text: str, what: str) -> int:
    """`3`, `#3`, `v3` or `版本3` -> 3."""
    match = re.fullmatch(r"(?:#|＃|v|V|版本|第)?\s*(\d{1,9})\s*(?:页|号)?", text.strip())
    if match is None:
        raise InvalidInputError(f"{what}要写数字，例如 3。")
    return int(match.group(1))


def is_cancel(text: str) -> bool:
    return text.strip().strip("。.！!") in CANCEL_WORDS
