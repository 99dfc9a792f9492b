"""Answers about what the asker says they wrote (`bot.guide.written`): a typical case's
服务成效 without the figures （一）7 asks for, and an annual summary missing parts of 附件3's
outline; a question stating nothing of theirs is left to the knowledge base."""

from __future__ import annotations

import re

import pytest

from bot.guide import written
from bot.guide.knowledge import load_knowledge
from bot.guide.rules import SUMMARY_PARTS, Clause
from bot.reply import ReplyKind
from bot.text.query import Query


@pytest.fixture(scope="module")
def outline() -> written.SummaryOutline:
    return written.SummaryOutline(load_knowledge().lexicon.outline_words)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(
            "典型案例的成效部分只写了大家都说好，这样够吗",
            r"没有服务的企业数、人数、成果",
            id="vague",
        ),
        pytest.param(
            "案例里就写了主要做法，可以吗", r"你只写了主要做法，还缺服务成效", id="no-results"
        ),
        pytest.param("案例写了做法，没写成效，行不行", r"还缺服务成效", id="said-not-written"),
        pytest.param(
            "案例成效写了服务企业30家，够不够", r"你写了企业数，还缺人数、成果", id="figures"
        ),
    ],
)
def test_case_results_are_judged(text: str, says: str) -> None:
    """What the case's 服务成效 lacks is named, with the clause."""
    reply = written.answer_case_results(Query(text))
    assert reply is not None
    assert (reply.kind, reply.clause) == (ReplyKind.COMPUTED, Clause.CASE)
    assert re.search(says, reply.text), reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("典型案例的服务成效写什么", id="rule"),
        pytest.param("年度总结的服务成效只写了一段话可以吗", id="summary-results"),
    ],
)
def test_case_results_need_a_statement_about_a_case(text: str) -> None:
    """The rule asked, or the summary's 服务成效 (only a title in 附件3): the FAQ answers."""
    assert written.answer_case_results(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "present", "missing"),
    [
        pytest.param("年终总结目前只写了问题建议和来年打算，还缺哪几块", [2, 3], [0, 1], id="two"),
        pytest.param(
            "总结写了服务经验做法、服务成效、存在的问题，全不全", [0, 1, 2], [3], id="three"
        ),
    ],
)
def test_summary_parts_present_and_missing(
    outline: written.SummaryOutline, text: str, present: list[int], missing: list[int]
) -> None:
    """Each part of 附件3's outline the asker names is said written, every other one missing."""
    reply = outline(Query(text))
    assert reply is not None
    assert (reply.kind, reply.clause) == (ReplyKind.COMPUTED, Clause.SUMMARY)
    wrote, lacks = reply.text.split("还缺：")
    for i in present:
        assert SUMMARY_PARTS[i] in wrote
    for i in missing:
        assert SUMMARY_PARTS[i] in lacks


def test_some_aspects_of_part_one(outline: written.SummaryOutline) -> None:
    """Aspects of part 一 named alone leave the others missing, by name."""
    reply = outline(Query("总结里写了模式创新和资源带动，还有服务成效和工作计划，还差什么"))
    assert reply is not None
    assert "服务活动开展方面、服务专项开展方面" in reply.text.split("还缺：")[1]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("年度总结分几部分", id="rule"),
        pytest.param("年度总结只写了一页纸，还缺啥", id="nothing-named"),
        pytest.param("年度总结：\n一、服务经验及做法\n二、服务成效\n还缺啥", id="paste"),
    ],
)
def test_summary_outline_needs_named_parts(outline: written.SummaryOutline, text: str) -> None:
    """No part named as written, or a pasted summary (the draft check's): None."""
    assert outline(Query(text)) is None
