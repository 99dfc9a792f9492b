"""Reading the activity summary table 附件1 out of a paste: Excel/WPS rows with their small
variations, and lines typed one activity each."""

from __future__ import annotations

import pytest

from bot.checks.activity_table import parse_activities
from tests.core.checks.test_activities import HEADER, row


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param(row(), 1, id="eleven-columns"),
        pytest.param(row() + "\t\t", 1, id="trailing-empty-cells"),
        pytest.param(row().split("\t", 1)[1], 1, id="serial-lost"),
        pytest.param(row().rsplit("\t", 1)[0], 1, id="mandate-column-missing"),
        pytest.param(HEADER + "\n" + row(), 1, id="header-skipped"),
        pytest.param('序号\t时间\t地点\t活动名称\t主办单位\t承办单位\t主要内容\t"参加\n企业数"\t人数\t'
                     "活动类别\t是否工信部门委托的活动\n" + row(), 1, id="quoted-multiline-header"),
        pytest.param("服务活动汇总表\n（仅指被服务对象参与人数不少于10人的活动）\n" + row(), 1,
                     id="title-lines-skipped"),
        pytest.param("\n\n" + row() + "\n\n" + row("2", name="沙龙") + "\n", 2, id="blank-lines"),
        pytest.param(row().replace("2024/3/5", "２０２４／３／５"), 1, id="full-width"),
    ],
)
def test_table_rows_are_parsed(text: str, count: int) -> None:
    """Rows copied from Excel or WPS are read, whatever the small variations."""
    parsed, unparsed = parse_activities(text)
    assert len(parsed) == count
    assert unparsed == []
    assert parsed[0].name == "政策宣讲会"
    assert parsed[0].people == 25


def test_row_about_the_table_is_not_skipped() -> None:
    """A real row whose content mentions 汇总表 is a row, not the table's title."""
    parsed, _ = parse_activities(row(content="讲解服务活动汇总表填报"))
    assert len(parsed) == 1


def test_lost_serial_is_realigned() -> None:
    """When the leading 序号 tab was trimmed, the columns still land right."""
    parsed, _ = parse_activities(row(mandated="是").split("\t", 1)[1])
    assert parsed[0].when == "2024/3/5"
    assert parsed[0].mandated == "是"


@pytest.mark.parametrize(
    ("line", "name", "people", "when"),
    [
        pytest.param("3月5日 政策宣讲会 25人", "政策宣讲会", 25, "3月5日", id="issue-example"),
        pytest.param("1. 2024年3月5日 融资对接会 30人 融资服务", "融资对接会", 30, "2024年3月5日",
                     id="numbered-with-category"),
        pytest.param("4月8日，企业沙龙，人数：12", "企业沙龙", 12, "4月8日", id="labelled-count"),
        pytest.param("沙龙 三十人", "沙龙", 30, "", id="chinese-numeral-no-date"),
        pytest.param("2024-05-06 技术讲座 45人 工信局委托", "技术讲座", 45, "2024-05-06",
                     id="mandated"),
    ],
)
def test_loose_lines(line: str, name: str, people: int, when: str) -> None:
    """Typed lines give date, name and participants."""
    parsed, unparsed = parse_activities(line)
    assert unparsed == []
    assert parsed[0].name == name
    assert parsed[0].people == people
    assert parsed[0].when == when
    assert parsed[0].loose


def test_loose_line_mandate_and_category() -> None:
    """工信局委托 and an activity category in a loose line are picked up."""
    parsed, _ = parse_activities("2024-05-06 技术讲座 45人 技术服务 工信局委托")
    assert parsed[0].mandated == "是"
    assert parsed[0].category == "技术服务"
