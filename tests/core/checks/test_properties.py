"""Properties over any input: no check raises, and the 分类2 limit only grows with activities."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.checks import (
    COLUMNS,
    CheckKind,
    Origin,
    SourceRow,
    _run,
    check_activity_rows,
    detect,
    detect_body,
    natural_intent,
    to_reply,
)
from bot.checks.activities import check_activities
from bot.checks.activity_table import parse_table
from bot.checks.case import check_case
from bot.checks.category import check_category1, check_category2
from bot.checks.name import check_platform_name
from bot.checks.result import echo
from bot.checks.summary import check_summary
from bot.guide.rules import max_category2_options
from bot.text.query import Query
from tests.core.checks.test_activities import row

# Fragments that steer random text into the parsers' deeper branches.
FRAGMENTS = st.sampled_from(
    [
        "\t", "\n", " ", "：", "平台", "国家", "中 国", "（苏州）", "2024/3/5", "2023年12月1日",
        "3月5日", "25人", "8人", "人数：", "信息服务", "是", "否", "工信局委托", "中小企业服务中心",
        "主要做法", "服务成效", "一、服务经验及做法", "二、服务成效", "三、问题和工作建议",
        "四、下一年度工作计划", "2、服务资源带动方面", "3、服务活动开展方面", "（1）", "1、",
        "服务企业", "家", "分类1选", "分类2：", "综合服务", "管理咨询", "检查名称：", "/检查活动",
        '"', "序号", "[CQ:at,qq=all]", "十二", "数十", "45356", "\u200b", "\x00", "\r\n",
    ]
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join),
)
RELAXED = settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)


@RELAXED
@given(ANY_TEXT)
def test_no_check_raises(text: str) -> None:
    """Every check returns a result with at least one rule for any Unicode input."""
    for result in (
        check_platform_name(text),
        check_category1(text),
        check_category2(text, activities=None),
        check_category2(text, activities=len(text) % 15),
        check_activities(text, year=2024),
        check_case(text),
        check_summary(text),
    ):
        assert result.outcomes
        assert result.lines()


@RELAXED
@given(ANY_TEXT, st.sampled_from([None, *CheckKind]))
def test_routing_never_raises(text: str, kind: CheckKind | None) -> None:
    """Detection and the unguarded runner cope with any input and always produce text."""
    detect(text)
    request = detect_body(kind, text)
    assert _run(request, 2024).text


@RELAXED
@given(ANY_TEXT)
def test_natural_intent_never_raises(text: str) -> None:
    """The intent the assistant calls first answers or passes, never raises."""
    reply = natural_intent(today=lambda: date(2025, 1, 1))(Query(text.strip()))
    assert reply is None or reply.text


@given(st.integers(min_value=-5, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_category2_limit_never_decreases(activities: int, more: int) -> None:
    """More qualifying activities never allow fewer 分类2 functions, under either reading."""
    before, after = max_category2_options(activities), max_category2_options(activities + more)
    assert after.safe >= before.safe
    assert after.most >= before.most
    assert 0 <= before.safe <= before.most <= 3


ROWS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60), st.sampled_from([2023, 2024])),
    max_size=25,
)


def _qualifying(table: list[tuple[int, int]]) -> int:
    text = "\n".join(
        row(str(i), when=f"{year}/5/{i % 28 + 1}", name=f"活动{i}", people=str(people))
        for i, (people, year) in enumerate(table, 1)
    )
    subject = check_activities(text, year=2024).subject or ""
    match = re.search(r"可计入(\d+)场", subject)
    return int(match.group(1)) if match else 0


@RELAXED
@given(ROWS, st.integers(min_value=0, max_value=60), st.sampled_from([2023, 2024]))
def test_adding_a_row_never_lowers_the_count(
    table: list[tuple[int, int]], people: int, year: int
) -> None:
    """Qualifying rows are those with 10+ people in the year; one more row never lowers it."""
    expected = sum(p >= 10 and y == 2024 for p, y in table)
    assert _qualifying(table) == expected
    assert _qualifying([*table, (people, year)]) >= expected


SINGLE_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cs")), max_size=20
)


@RELAXED
@given(st.lists(SINGLE_LINE, max_size=12))
def test_at_most_one_row_or_message_per_line(lines: list[str]) -> None:
    """Each typed line yields at most one row or one message: nothing is double-counted."""
    text = "\n".join(lines)
    table = parse_table(text)
    assert len(table.rows) + len(table.unparsed) <= sum(
        bool(line.strip()) for line in text.splitlines()
    )


CELL = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        ["", "25", "8人", "六十八", "上百人", "是", "否", "是（科技局委托）", "2024/3/5", "45356",
         "信息服务", "[CQ:face,id=1]", "工信局", "中小企业服务中心", "\u3000"]
    ),
)
SOURCE_ROWS = st.lists(
    st.builds(
        lambda cells, line, origin: SourceRow(cells, line, "", origin),
        st.dictionaries(st.sampled_from(COLUMNS), CELL, max_size=len(COLUMNS)),
        st.integers(min_value=1, max_value=5000),
        st.sampled_from(list(Origin)),
    ),
    max_size=30,
)


@RELAXED
@given(SOURCE_ROWS)
def test_structured_rows_never_raise(rows: list[SourceRow]) -> None:
    """Any rows a reader hands over get one verdict each, and no more count than there are."""
    result = check_activity_rows(rows, year=2024)
    assert len(result.rows) == len(rows)
    assert 0 <= result.counts["counted"] <= len(rows)
    assert to_reply(result).text


@RELAXED
@given(
    st.lists(
        st.sampled_from(["[CQ:at,qq=all]", "[CQ:image,file=x]", "&#91;", "平台", "沙龙"]),
        min_size=1,
        max_size=4,
    ).map("".join)
)
def test_cq_codes_in_a_paste_stay_text(name: str) -> None:
    """A CQ code pasted as an activity's name comes back as the characters typed."""
    reply = to_reply(check_activities(row(name=name, people="8"), year=2024))
    assert echo(name, 12) in reply.text
