"""Reading the activity summary table 附件1 out of a paste: Excel/WPS rows in every shape they
reach a chat (tabs, commas of either width, runs of spaces), the lines around the table that
are not activities, and lines typed one activity each."""

from __future__ import annotations

import pytest

from bot.checks.activity_table import parse_table
from bot.checks.rows import CATEGORY, MANDATE, NAME, PEOPLE, SERIAL, WHEN, Origin, read_count
from tests.core.checks.test_activities import HEADER, row

COMMA_ROW = "1,2024/3/5,常州,政策宣讲会,本平台,本平台,政策解读,12,25,信息服务,否"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(row(), id="eleven-columns"),
        pytest.param(row() + "\t\t", id="trailing-empty-cells"),
        pytest.param(row().split("\t", 1)[1], id="serial-lost"),
        pytest.param(row().rsplit("\t", 1)[0], id="mandate-column-missing"),
        pytest.param(HEADER + "\n" + row(), id="header-skipped"),
        pytest.param('序号\t时间\t地点\t活动名称\t主办单位\t承办单位\t主要内容\t"参加\n企业数"\t人数\t'
                     "活动类别\t是否工信部门委托的活动\n" + row(), id="quoted-multiline-header"),
        pytest.param("服务活动汇总表\n（仅指被服务对象参与人数不少于10人的活动）\n" + row(),
                     id="title-lines-skipped"),
        pytest.param("XX平台2024年度服务活动汇总表\n填报单位（盖章）：XX平台\n" + HEADER + "\n"
                     + row(), id="unit-and-stamp-lines"),
        pytest.param("\n\n" + row() + "\n\n", id="blank-lines"),
        pytest.param(row() + "\n2\t\t\t\t\t\t\t\t\t\t\n3\t\u3000\t\u3000\t\t\t\t\t\t\t\t",
                     id="template-rows-with-only-a-serial"),
        pytest.param(row() + "\n合计\t\t\t\t\t\t\t12\t25\t\t\n小计\t\t\t\t\t\t\t12\t25\t\t",
                     id="total-rows"),
        pytest.param(row() + "\n说明：1、活动类别从信息服务、创业服务中选填1项。\n"
                     "      2、工信部门委托开展的活动必须要有盖章的通知或文件",
                     id="notes-below"),
        pytest.param(row().replace("2024/3/5", "２０２４／３／５"), id="full-width"),
        pytest.param(COMMA_ROW, id="commas"),
        pytest.param(COMMA_ROW.replace(",", "，"), id="full-width-commas"),
        pytest.param(COMMA_ROW.replace(",", "  "), id="runs-of-spaces"),
        pytest.param(COMMA_ROW.replace(",", " "), id="single-spaces"),
        pytest.param(COMMA_ROW.replace("政策解读", "政策解读，现场答疑，发放手册"),
                     id="commas-inside-content"),
        pytest.param("序号，时间，地点，活动名称，主办单位，承办单位，主要内容，参加企业数，人数，"
                     "活动类别，是否工信部门委托的活动\n" + COMMA_ROW.replace(",", "，"),
                     id="comma-header"),
    ],
)
def test_one_activity_in_every_paste_shape(text: str) -> None:
    """Each shape gives exactly the one activity, its cells in the right columns."""
    table = parse_table(text)
    assert table.unparsed == []
    assert len(table.rows) == 1
    found = table.rows[0]
    assert found.get(NAME) == "政策宣讲会"
    assert read_count(found.get(PEOPLE)).value == 25
    assert found.get(CATEGORY) == "信息服务"


def test_lines_around_the_table_are_counted_as_skipped() -> None:
    """Titles, headers, empty, 合计 and 说明 lines are skipped, by kind."""
    text = "\n".join(
        [
            "服务活动汇总表",
            HEADER,
            row("1"),
            "\t" * 10,
            row("2", name="沙龙"),
            "合计\t\t\t\t\t\t\t24\t50\t\t",
            "说明：1、活动类别从五类中选填1项。",
            "2、工信部门委托开展的活动必须要有盖章的通知或文件",
        ]
    )
    table = parse_table(text)
    assert [r.get(SERIAL) for r in table.rows] == ["1", "2"]
    skipped = table.skipped
    assert (skipped.titles, skipped.headers, skipped.empty, skipped.totals, skipped.notes) == (
        1,
        1,
        1,
        1,
        2,
    )


def test_reordered_header_maps_columns() -> None:
    """A header with fewer or reordered columns says where each cell belongs."""
    text = "活动名称\t活动时间\t参加人数\t类别\n宣讲会\t2024-05-20\t30人\t信息服务"
    table = parse_table(text)
    assert len(table.rows) == 1
    found = table.rows[0]
    assert (found.get(NAME), found.get(WHEN), found.get(PEOPLE)) == ("宣讲会", "2024-05-20", "30人")
    assert not found.has(SERIAL)
    assert table.header == ("活动名称", "时间", "人数", "活动类别")


def test_space_header_splits_its_rows_the_same_way() -> None:
    """Rows under a header split by single spaces are split by spaces too."""
    text = "序号 时间 地点 活动名称 人数\n1 3月5日 常州 宣讲会 25\n2 3月9日 常州 沙龙 30"
    table = parse_table(text)
    assert [(r.get(NAME), r.get(PEOPLE)) for r in table.rows] == [("宣讲会", "25"), ("沙龙", "30")]


def test_row_about_the_table_is_not_skipped() -> None:
    """A real row whose content mentions 汇总表 is a row, not the table's title."""
    assert len(parse_table(row(content="讲解服务活动汇总表填报")).rows) == 1


def test_lost_serial_is_realigned() -> None:
    """When the leading 序号 tab was trimmed, the columns still land right."""
    found = parse_table(row(mandated="是").split("\t", 1)[1]).rows[0]
    assert found.get(WHEN) == "2024/3/5"
    assert found.get(MANDATE) == "是"
    assert not found.has(SERIAL)


def test_too_wide_tab_row_is_not_guessed() -> None:
    """A tab row with extra filled cells is reported, not squeezed into the columns."""
    table = parse_table(row() + "\t多余\t多余")
    assert table.rows == []
    assert "有13列" in table.unparsed[0].reason


@pytest.mark.parametrize(
    ("line", "name", "people", "when"),
    [
        pytest.param("3月5日 政策宣讲会 25人", "政策宣讲会", "25", "3月5日", id="issue-example"),
        pytest.param("1. 2024年3月5日 融资对接会 30人 融资服务", "融资对接会", "30", "2024年3月5日",
                     id="numbered-with-category"),
        pytest.param("4月8日，企业沙龙，人数：12", "企业沙龙", "12", "4月8日", id="labelled-count"),
        pytest.param("沙龙 三十人", "沙龙", "30", None, id="chinese-numeral-no-date"),
        pytest.param("2024-05-06 技术讲座 45位 工信局委托", "技术讲座", "45", "2024-05-06",
                     id="mandated"),
    ],
)
def test_loose_lines(line: str, name: str, people: str, when: str | None) -> None:
    """Typed lines give date, name and participants, and only what they state."""
    table = parse_table(line)
    assert table.unparsed == []
    found = table.rows[0]
    assert found.origin is Origin.LINE
    assert (found.get(NAME), found.get(PEOPLE)) == (name, people)
    assert (found.get(WHEN) if found.has(WHEN) else None) == when


def test_loose_line_mandate_and_category() -> None:
    """工信局委托 and an activity category in a loose line are picked up."""
    found = parse_table("2024-05-06 技术讲座 45人 技术服务 工信局委托").rows[0]
    assert found.get(MANDATE) == "是"
    assert found.get(CATEGORY) == "技术服务"


def test_prose_above_the_table_is_a_title_and_below_it_unparsed() -> None:
    """A line without figures above the rows is skipped; the same line among rows is named."""
    above = parse_table("我们平台今年的活动如下\n" + row())
    assert above.unparsed == []
    assert len(above.rows) == 1
    among = parse_table(row() + "\n这一行乱写的\n" + row("2", name="沙龙"))
    assert [u.line for u in among.unparsed] == [2]


def test_more_rows_than_the_cap_stop_reading() -> None:
    """A paste longer than one table is read up to the cap, then says so."""
    from bot.checks.activity_table import MAX_ROWS

    text = "\n".join(row(str(i), name=f"活动{i}") for i in range(1, MAX_ROWS + 3))
    table = parse_table(text)
    assert len(table.rows) == MAX_ROWS
    assert "后面的没有读" in table.unparsed[-1].reason
