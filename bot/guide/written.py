"""Answers about what the asker says they have written: the 服务成效 of a typical case
(（一）7: the number of enterprises, of people, and the results) and the parts of an annual
summary (附件3's outline: "只写了服务成效和工作计划，还缺啥").

Like `bot.guide.facts`, each answer needs the asker's own statement, else None and the
knowledge base answers. The words by which people name each part of the outline are data
(knowledge/lexicon.yaml `outline_words`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.guide.rules import (
    CASE_FIGURES,
    CASE_PARTS,
    SUMMARY_ASPECTS,
    SUMMARY_PARTS,
    Clause,
)
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

_RESULTS = re.compile(r"服务成效|成效|典型案例|案例")
_ENOUGH_ASK = re.compile(r"够|行|可以|全|齐|缺|少|漏|还要|还需要|还差|符合|达标|合格|对吗")
# How each figure of CASE_FIGURES (企业数, 人数, 成果) shows in a description.
_CASE_FIGURES: dict[str, re.Pattern[str]] = dict(
    zip(
        CASE_FIGURES,
        (
            re.compile(r"\d+\s*多?\s*(?:家|户)|企业数|企业\d+"),
            re.compile(r"\d+\s*多?\s*(?:人|名|位)|人数|人次"),
            re.compile(
                r"成果|签约|融资\d|\d+\s*(?:万|亿)|专利|获得|达成|帮助.{0,8}(?:解决|实现|获得)"
            ),
        ),
        strict=True,
    )
)
# The asker says what they wrote ("只写了效果很好", "写的是主要做法").
_WROTE = re.compile(r"只写了|就写了|只写|仅写|写了|写的是|只有|只说了|只提了|只放了")
_CASE = re.compile(r"典型案例|案例")
_SUMMARY = re.compile(r"年度总结|年终总结|总结报告|年报|总结|提纲")
_NO_RESULTS = re.compile(r"(?:没|没有|未|缺|还没)写?(?:服务)?成效")
_CASE_RULE = (
    f"典型案例的服务成效要包含服务的{'、'.join(CASE_FIGURES)}等信息"
    f"（案例介绍按“{'+'.join(CASE_PARTS)}”格式填写）"
)


def answer_case_results(query: Query) -> Reply | None:
    """Whether what the asker put in a case's 服务成效 is what （一）7 asks for: the number of
    enterprises, of people, and the results."""
    text = query.numeric
    if not _RESULTS.search(text) or not _ENOUGH_ASK.search(text):
        return None
    present = [name for name, pattern in _CASE_FIGURES.items() if pattern.search(text)]
    if not present:
        return _case_without_figures(text)
    if not re.search(r"\d", text):
        return None
    missing = [name for name in _CASE_FIGURES if name not in present]
    if missing:
        verdict = f"还不够：{_CASE_RULE}。你写了{'、'.join(present)}，还缺{'、'.join(missing)}。"
    else:
        verdict = f"{'、'.join(present)}都有了，符合：{_CASE_RULE}。"
    return Reply(ReplyKind.COMPUTED, verdict, clause=Clause.CASE)


def _case_without_figures(text: str) -> Reply | None:
    """ "服务成效只写了效果很好", "案例只写了主要做法": none of the figures, or no 服务成效."""
    wrote = _WROTE.search(text)
    if wrote is None:
        return None
    if _SUMMARY.search(text) and not _CASE.search(text):
        return None  # the annual summary's 服务成效, for which the guide gives only the title
    said = text[wrote.end() :]
    done, results = CASE_PARTS
    if "成效" not in text or _NO_RESULTS.search(text):
        if done[-2:] not in said:
            return None
        verdict = f"还不够：{_CASE_RULE}。你只写了{done}，还缺{results}。"
    else:
        verdict = (
            f"还不够：{_CASE_RULE}。你写的{results}里没有服务的{'、'.join(CASE_FIGURES)}，"
            f"要写明服务了多少家企业、多少人、取得了什么成果。"
        )
    return Reply(ReplyKind.COMPUTED, verdict, clause=Clause.CASE)


_MISSING_ASK = re.compile(
    r"缺|还差|还要写|还要补|还需要|还得|漏|够不够|够吗|全不全|全吗|齐不齐|齐吗|完整|少了|少写|"
    r"补哪|补什么|补啥|可以吗|行吗|行不行"
)

OUTLINE_LABELS: tuple[str, ...] = (
    Clause.SUMMARY,
    Clause.SUMMARY_INNOVATION,
    Clause.SUMMARY_RESOURCES,
    Clause.SUMMARY_ACTIVITIES,
    Clause.SUMMARY_PROJECTS,
    Clause.SUMMARY_RESULTS,
    Clause.SUMMARY_PROBLEMS,
    Clause.SUMMARY_PLAN,
)
"""The outline's parts as the lexicon names them: 附件3 stands for part 一 as a whole (its
clause text is the outline's title and part 一's heading), then part 一's four aspects, then
parts 二, 三 and 四."""
_ASPECT_LABELS = OUTLINE_LABELS[1:5]
_QUESTION_CHARS = 80
"""Longer, or on several lines, it is a summary pasted to be checked, not a question."""
_LATER_PARTS = OUTLINE_LABELS[5:]


class SummaryOutline:
    """ "年度总结只写了服务成效和工作计划，还缺啥": the parts of 附件3's outline the asker names
    as written, and those still missing. `words`: outline label -> words naming that part."""

    def __init__(self, words: Mapping[str, tuple[str, ...]]) -> None:
        self._words = {label: tuple(words.get(label, ())) for label in OUTLINE_LABELS}

    def __call__(self, query: Query) -> Reply | None:
        text = query.simplified
        if len(text) > _QUESTION_CHARS or "\n" in text:
            return None  # a pasted summary, which the draft check reads
        if not _SUMMARY.search(text) or _CASE.search(text) or not _MISSING_ASK.search(text):
            return None
        wrote = _WROTE.search(text)
        if wrote is None:
            return None
        said = text[wrote.start() :]
        named = {label for label, words in self._words.items() if any(w in said for w in words)}
        if not named:
            return None
        whole_first = Clause.SUMMARY in named
        aspects = [a for a in _ASPECT_LABELS if whole_first or a in named]
        present: list[str] = []
        missing: list[str] = []
        first_part = SUMMARY_PARTS[0]
        names = [aspect.split("、", 1)[-1] for aspect in SUMMARY_ASPECTS]
        if len(aspects) == len(_ASPECT_LABELS):
            present.append(first_part)
        elif aspects:
            absent = [names[i] for i, a in enumerate(_ASPECT_LABELS) if a not in aspects]
            present.append(f"{first_part}的一部分")
            missing.append(f"{first_part}里的{'、'.join(absent)}")
        else:
            missing.append(f"{first_part}（{'、'.join(names)}）")
        for label, part in zip(_LATER_PARTS, SUMMARY_PARTS[1:], strict=True):
            (present if label in named else missing).append(part)
        if not missing:
            verdict = f"附件3年度总结提纲的四部分都有了：{'；'.join(SUMMARY_PARTS)}。"
        else:
            verdict = (
                f"按附件3年度总结提纲，你写了：{'；'.join(present)}。还缺：{'；'.join(missing)}。"
            )
        return Reply(ReplyKind.COMPUTED, verdict, clause=Clause.SUMMARY)
