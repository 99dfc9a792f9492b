"""Every command word of the bot, declared once: the plugins register their `on_command`
matchers from these, and the question path leaves a message alone when `is_command` says a
command matcher will take it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nonebot import get_driver
from nonebot.adapters.onebot.v11 import MessageEvent

COMMAND_PRIORITY = 10
"""NoneBot priority of the command matchers: after the question matcher, which lets them
through (see plugins/assistant)."""


@dataclass(frozen=True, slots=True)
class Words:
    """A command's name and its other spellings, as `on_command` takes them."""

    name: str
    aliases: frozenset[str] = frozenset()

    @property
    def alias_set(self) -> set[str | tuple[str, ...]]:
        return set(self.aliases)


CODE = Words("代码", frozenset({"code"}))
CHECK = Words("检查", frozenset({"check", "自查", "草稿检查"}))
CHECK_NAME = Words("检查名称", frozenset({"check_name", "检查名字", "名称检查"}))
CHECK_CATEGORY = Words("检查分类", frozenset({"check_category", "检查服务功能分类"}))
CHECK_ACTIVITIES = Words(
    "检查活动", frozenset({"check_activities", "检查活动表", "检查汇总表", "检查活动汇总表"})
)
CHECK_CASE = Words("检查案例", frozenset({"check_case", "检查典型案例"}))
CHECK_SUMMARY = Words("检查总结", frozenset({"check_summary", "检查年度总结", "检查年报"}))
FAQ = Words("faq", frozenset({"问答"}))

ALL = (CODE, CHECK, CHECK_NAME, CHECK_CATEGORY, CHECK_ACTIVITIES, CHECK_CASE, CHECK_SUMMARY, FAQ)


@lru_cache(maxsize=4)
def _prefixes(starts: frozenset[str]) -> tuple[str, ...]:
    words = {word for command in ALL for word in (command.name, *command.aliases)}
    return tuple(start + word for start in sorted(starts) for word in words)


def is_command(event: MessageEvent) -> bool:
    """Whether a command matcher will take this message ("/代码 1403", "/faq add …").

    A superset of NoneBot's own test (the first text segment starts with a command start and a
    command word), so no command is lost; "/帮助" and other slash-words that no command knows
    are left to the question path.
    """
    text = event.get_plaintext().lstrip()
    return text.startswith(_prefixes(frozenset(get_driver().config.command_start)))


def command_word(words: Words) -> str:
    """How the command is typed with this bot's COMMAND_START ("/faq"), for help and hints."""
    starts = get_driver().config.command_start
    prefix = "/" if "/" in starts else next(iter(sorted(s for s in starts if s)), "")
    return prefix + words.name
