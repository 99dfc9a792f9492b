"""A row as every reader hands it to the check: its label, the header names filers use, and
the counts in its cells."""

from __future__ import annotations

import pytest

from bot.checks.rows import Origin, SourceRow, column_of, header_columns, read_count


@pytest.mark.parametrize(
    ("cell", "value", "vague"),
    [
        pytest.param("25", 25, False, id="digits"),
        pytest.param("25人", 25, False, id="unit"),
        pytest.param("六十八", 68, False, id="words"),
        pytest.param("120余人", 120, False, id="yu"),
        pytest.param("约50人", 50, False, id="about"),
        pytest.param("1,200", 1200, False, id="thousands"),
        pytest.param("1.2万", 12000, False, id="wan"),
        pytest.param("上百人", None, True, id="shangbai"),
        pytest.param("多家", None, True, id="duojia"),
        pytest.param("", None, False, id="empty"),
    ],
)
def test_read_count(cell: str, value: int | None, vague: bool) -> None:
    """Counts are read in digits or words; vague amounts are known as such."""
    count = read_count(cell)
    assert (count.value, count.vague) == (value, vague)


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        pytest.param("活动时间", "时间", id="huodong-shijian"),
        pytest.param("参加企业数（家）", "参加企业数", id="unit-in-brackets"),
        pytest.param("参加\n企业数", "参加企业数", id="line-break"),
        pytest.param("是否委托", "是否工信部门委托的活动", id="short-mandate"),
        pytest.param("是否为工信部门委托的活动", "是否工信部门委托的活动", id="wei-mandate"),
        pytest.param("参会企业（家）", "参加企业数", id="canhui-qiye"),
        pytest.param("参会人员", "人数", id="canhui-renyuan"),
        pytest.param("备注", None, id="not-a-column"),
    ],
)
def test_column_of(cell: str, column: str | None) -> None:
    """Header cells are read under the names filers give the columns of 附件1."""
    assert column_of(cell) == column


def test_header_needs_three_columns() -> None:
    """A row naming fewer than three columns is no header."""
    assert header_columns(["活动名称", "人数"]) is None
    found = header_columns(["活动名称", "人数", "备注", "时间"])
    assert found == {0: "活动名称", 1: "人数", 3: "时间"}


@pytest.mark.parametrize(
    ("row", "label"),
    [
        pytest.param(SourceRow({"序号": "3", "活动名称": "沙龙"}, 5), "序号3「沙龙」", id="paste"),
        pytest.param(SourceRow({"活动名称": "沙龙"}, 5), "第5行「沙龙」", id="paste-no-serial"),
        pytest.param(SourceRow({"序号": "3"}, 12, "工作表“表1”", Origin.FILE),
                     "工作表“表1”第12行（序号3）", id="file"),
    ],
)
def test_labels(row: SourceRow, label: str) -> None:
    """Rows are named by 序号 in a paste, by sheet row (and 序号) in a file."""
    assert row.label == label
