"""The texts of code replies: a code with its class, a class with its minor codes, the nearest
valid codes for a wrong number, candidates for a keyword (with the class's 99 code as the way out
when nothing specific fits), and the answers about 附件1's 活动类别 and 服务功能分类1/2, which are
lists of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.codes.index import GENERIC, MAX_CANDIDATES, Candidate, CodeIndex
from bot.codes.table import CodeTable, MajorClass, MinorCode
from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_CATEGORY_CHOICES,
    CATEGORY1_CHOICES,
    CATEGORY1_OPTIONS,
    COMPREHENSIVE,
    MAX_CATEGORY2,
    SERVICE_CENTER,
    Clause,
)
from bot.reply import Reply, ReplyKind
from bot.text.normalize import normalize

MAX_KEYWORD_CHARS = 40
"""Longer input is not a keyword; the command asks for a shorter one."""
CLOSE_MARGIN = 0.06
"""Candidates this close to the best one are offered alongside it."""
MIN_SCORE = 0.5
"""Below this nothing is offered as a match."""
SPECIFIC_SCORE = 0.75
"""Below this a match is offered as a guess, with the class's 99 code as the way out."""

_ACTIVITY_LIST = re.compile(r"活动类别|活动类型|活动分类")
_CATEGORY1 = re.compile(r"(?:服务)?功能分类[1一]|分类[1一]")
_CATEGORY2 = re.compile(r"(?:服务)?功能分类[2二]|分类[2二]")


class CodeReplies:
    """Reply texts over one code table; `index` tells names from phrases."""

    def __init__(
        self,
        table: CodeTable,
        majors: dict[str, MajorClass],
        minors: dict[str, MinorCode],
        index: CodeIndex,
    ) -> None:
        self.table = table
        self.majors = majors
        self.minors = minors
        self._index = index
        self._activity = {normalize(a): a for a in ACTIVITY_CATEGORIES}
        self._category1 = {normalize(c): c for c in CATEGORY1_OPTIONS}

    def too_long(self) -> Reply:
        return Reply(
            ReplyKind.CODE,
            f"关键词太长了（超过{MAX_KEYWORD_CHARS}字）。请只发要查的服务名称或代码，"
            "例如：/代码 专利、/代码 1403。",
            confidence=0.0,
        )

    def overview(self) -> Reply:
        lines = [f"{Clause.CODE_TABLE} 中小企业专业服务分类代码表共{len(self.majors)}个大类："]
        for major in self.table.majors:
            suffix = f"（{len(major.minors)}个中类）" if major.minors else "（没有中类代码）"
            lines.append(f"{major.code} {major.name}{suffix}")
        lines.append(
            "发“/代码 大类代码”看这一类的全部中类，例如 /代码 14；也可以问“专利是哪个代码”。"
        )
        return Reply(ReplyKind.CODE, "\n".join(lines), clause=Clause.CODE_TABLE)

    def major_text(self, major: MajorClass) -> str:
        if not major.minors:
            return (
                f"{major.code} {major.name}：这一大类没有中类代码。指南的说明：{major.definition}。"
            )
        lines = [f"{major.code} {major.name}，共{len(major.minors)}个中类："]
        lines += [f"{m.code} {m.name}" for m in major.minors]
        return "\n".join(lines)

    def minor_text(self, minor: MinorCode) -> str:
        major = self.majors[minor.major_code]
        return f"{minor.code} {minor.name}（大类 {major.code} {major.name}）"

    def numbers(self, numbers: Iterable[str]) -> Reply:
        parts: list[str] = []
        found_all = True
        for number in numbers:
            if number in self.minors:
                parts.append(self.minor_text(self.minors[number]))
            elif number in self.majors:
                parts.append(self.major_text(self.majors[number]))
            else:
                found_all = False
                parts.append(self._unknown_code_text(number))
        return Reply(
            ReplyKind.CODE, "\n\n".join(parts), confidence=1.0 if found_all else 0.9,
            clause=Clause.CODE_TABLE,
        )

    def _unknown_code_text(self, number: str) -> str:
        span = f"{min(self.majors)}–{max(self.majors)}"
        if len(number) == 2:
            majors = "、".join(f"{m.code} {m.name}" for m in self.table.majors)
            return f"{Clause.CODE_TABLE}里没有 {number} 这个大类。大类代码只有 {span}：{majors}。"
        prefix = number[:2]
        if prefix in self.majors:
            major = self.majors[prefix]
            if not major.minors:
                return (
                    f"{Clause.CODE_TABLE}里没有 {number} 这个代码："
                    f"{major.code} {major.name}没有中类代码，只有大类 {major.code}。"
                )
            pool = [m.code for m in major.minors]
            where = f"{major.code} {major.name}下最接近的是"
            nearest = sorted(pool, key=lambda c: (abs(int(c) - int(number)), c))[:2]
            # The class's 99 code is the usual way out when no specific code fits.
            nearest += [c for c in pool if c.endswith("99") and c not in nearest]
        else:
            pool = list(self.minors)
            where = f"大类代码只有 {span}。最接近的有效代码是"
            nearest = sorted(pool, key=lambda c: (abs(int(c) - int(number)), c))[:3]
        listed = "、".join(f"{c} {self.minors[c].short_name}" for c in nearest)
        return f"{Clause.CODE_TABLE}里没有 {number} 这个代码。{where}：{listed}。"

    def bad_number(self, digits: str) -> Reply:
        prefixed = [c for c in self.minors if c.startswith(digits)] if len(digits) == 3 else []
        span = f"{min(self.majors)}–{max(self.majors)}"
        text = (
            f"“{digits}”不是{Clause.CODE_TABLE}的代码：大类代码是2位（{span}），"
            "中类代码是4位（如 1403）。"
        )
        if prefixed:
            text += "以这几位开头的有：" + "、".join(
                f"{c} {self.minors[c].short_name}" for c in prefixed
            )
            text += "。"
        return Reply(ReplyKind.CODE, text, confidence=0.5, clause=Clause.CODE_TABLE)

    def other_list(self, norm: str) -> Reply | None:
        """Answers about 活动类别 (附件1) or 服务功能分类1/2 (（一）2/3): lists of their own."""
        if _ACTIVITY_LIST.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"活动类别是{Clause.ACTIVITY_TABLE} 服务活动汇总表里的一栏，"
                f"从这{len(ACTIVITY_CATEGORIES)}项中选填{ACTIVITY_CATEGORY_CHOICES}项："
                f"{'、'.join(ACTIVITY_CATEGORIES)}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码，两张表不要混用。",
                clause=Clause.ACTIVITY_CATEGORY,
            )
        options = "、".join(
            f"{c}（仅限{SERVICE_CENTER}选择）" if c == COMPREHENSIVE else c
            for c in CATEGORY1_OPTIONS
        )
        if _CATEGORY2.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"服务功能分类2 根据主要服务内容选择不超过{MAX_CATEGORY2}项。"
                "指南没有另列分类2的选项，"
                f"一般理解为和分类1 相同的{len(CATEGORY1_OPTIONS)}项：{options}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码。",
                clause=Clause.CATEGORY2,
            )
        if _CATEGORY1.search(norm):
            return Reply(
                ReplyKind.CODE,
                f"服务功能分类1 根据主要业务从这{len(CATEGORY1_OPTIONS)}项中"
                f"选择{CATEGORY1_CHOICES}项：{options}。"
                f"它不是{Clause.CODE_TABLE} 的分类代码，两张表不要混用。",
                clause=Clause.CATEGORY1,
            )
        return None

    def keyword(self, keyword: str, found: list[Candidate]) -> Reply:
        top = found[0] if found and found[0].score >= MIN_SCORE else None
        lists = self._lists_of(keyword)
        exact_name = top is not None and top.how == "exact" and self._index.is_name(top)
        # A name from another list (技术服务, 技术支持) is answered as that list's option first.
        lead = ""
        if lists and not exact_name:
            lead = f"“{keyword}”是{'和'.join(lists)}的选项名，不是{Clause.CODE_TABLE} 的代码名称。"
        if top is None:
            text = (
                f"{lead}{Clause.CODE_TABLE}里没找到和“{keyword}”对应的代码。可以换个说法再问，"
                f"或发 /代码 看{len(self.majors)}个大类、发 /代码 14 这样的大类代码看它的全部中类。"
            )
            return Reply(ReplyKind.CODE, text, confidence=0.2, clause=Clause.CODE_TABLE)
        if top.is_major:
            text = self._major_match_text(keyword, top)
        elif top.score < SPECIFIC_SCORE:
            text = self._guess_text(keyword, found)
        else:
            close = [
                c for c in found if top.score - c.score <= CLOSE_MARGIN and not c.is_major
            ][:MAX_CANDIDATES]
            if len(close) > 1 and not self._is_other_phrase(top):
                lines = [f"“{keyword}”可能对应这几个代码（最接近的在前）："]
                lines += [f"{i}. {self._candidate_text(c)}" for i, c in enumerate(close, 1)]
                text = "\n".join(lines)
            else:
                text = self._single_text(keyword, top, lead_in=not lead)
        if lead:
            text = f"{lead}{Clause.CODE_TABLE} 里相近的是：\n{text}"
        elif lists:
            text += (
                f"\n注意：“{keyword}”也是{'和'.join(lists)}的选项名；"
                f"上面是{Clause.CODE_TABLE} 分类代码表的代码。"
            )
        return Reply(ReplyKind.CODE, text, confidence=top.score, clause=Clause.CODE_TABLE)

    def _is_other_phrase(self, candidate: Candidate) -> bool:
        """A phrase listed under an xx99 code: the class has nothing specific for it."""
        return (
            not candidate.is_major
            and self.minors[candidate.code].is_other
            and not self._index.is_name(candidate)
        )

    def _candidate_text(self, candidate: Candidate) -> str:
        if candidate.is_major:
            major = self.majors[candidate.code]
            return f"{major.code} {major.name}（大类）"
        return self.minor_text(self.minors[candidate.code])

    def _single_text(self, keyword: str, top: Candidate, *, lead_in: bool = True) -> str:
        minor = self.minors[top.code]
        if self._is_other_phrase(top):
            major = self.majors[minor.major_code]
            return (
                f"{Clause.CODE_TABLE}的 {major.code} {major.name}下没有专门对应“{keyword}”的中类，"
                f"可选 {minor.code} {minor.name}（各大类的99代码用于没有更具体中类的服务）。"
            )
        if not lead_in:
            return self.minor_text(minor)
        if top.how in ("pinyin", "initials", "fuzzy") or (
            top.how == "partial" and top.score < 0.9
        ):
            understood = self._index.display(top)
            return f"“{keyword}”按“{understood}”理解，对应的代码：{self.minor_text(minor)}"
        return f"“{keyword}”对应的代码：{self.minor_text(minor)}"

    def _major_match_text(self, keyword: str, top: Candidate) -> str:
        major = self.majors[top.code]
        residue = keyword.replace(top.matched, "", 1) if top.how == "contains" else ""
        residue = GENERIC.sub("", residue)
        if len(residue) >= 2 and major.minors:
            other = next(m for m in major.minors if m.is_other)
            return (
                f"{Clause.CODE_TABLE}的 {major.code} {major.name}下没有专门对应“{keyword}”的中类，"
                f"可选 {other.code} {other.name}（各大类的99代码用于没有更具体中类的服务）。"
                f"发 /代码 {major.code} 可看这一类的全部中类。"
            )
        return self.major_text(major)

    def _guess_text(self, keyword: str, found: list[Candidate]) -> str:
        guesses = [c for c in found if c.score >= MIN_SCORE][:MAX_CANDIDATES]
        lines = [f"{Clause.CODE_TABLE}里没有和“{keyword}”完全对上的代码，最接近的是："]
        lines += [f"{i}. {self._candidate_text(c)}" for i, c in enumerate(guesses, 1)]
        top = guesses[0]
        major = self.majors[top.code[:2]]
        other = next((m for m in major.minors if m.is_other), None)
        if other is not None and other.code != top.code:
            lines.append(
                f"如果都不合适，可选 {other.code} {other.name}（没有更具体中类时用99代码）。"
            )
        return "\n".join(lines)

    def _lists_of(self, keyword: str) -> list[str]:
        """The other lists of the guide that hold `keyword` as an option name."""
        lists = []
        if keyword in self._activity:
            lists.append(
                f"{Clause.ACTIVITY_TABLE}“活动类别”"
                f"（从{'、'.join(ACTIVITY_CATEGORIES)}中选{ACTIVITY_CATEGORY_CHOICES}项）"
            )
        if keyword in self._category1:
            lists.append(f"服务功能分类1（指南{Clause.CATEGORY1} 的{len(CATEGORY1_OPTIONS)}项）")
        return lists

