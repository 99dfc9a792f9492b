"""The check of the activity summary table 附件1: each row against the guide's rules, and what
the rows add up to. `row` and `rows` write pasted rows for the other check tests too."""

from __future__ import annotations

from datetime import date

import pytest

from bot.checks.activities import check_activities, reporting_year
from bot.checks.result import CheckResult, Status
from bot.guide.rules import ACTIVITY_TABLE_COLUMNS, CONSULT_PHONE

YEAR = 2024
HEADER = "\t".join(ACTIVITY_TABLE_COLUMNS)


def row(
    serial: str = "1",
    when: str = "2024/3/5",
    name: str = "政策宣讲会",
    people: str = "25",
    category: str = "信息服务",
    mandated: str = "否",
    *,
    place: str = "常州",
    host: str = "本平台",
    organiser: str = "本平台",
    content: str = "政策解读",
    firms: str = "12",
) -> str:
    """One tab-separated row as Excel copies it."""
    return "\t".join(
        [serial, when, place, name, host, organiser, content, firms, people, category, mandated]
    )


def rows(count: int, **fields: str) -> str:
    return "\n".join(
        row(str(i), name=f"活动{i}", when=f"2024/{i % 12 + 1}/1", **fields)
        for i in range(1, count + 1)
    )


def status(result: CheckResult, key: str) -> Status | None:
    outcome = result.outcome(f"activities.{key}" if "." not in key else key)
    return outcome.status if outcome else None


def reason(result: CheckResult, key: str) -> str:
    outcome = result.outcome(f"activities.{key}" if "." not in key else key)
    assert outcome is not None, key
    return outcome.reason


def flagged(result: CheckResult) -> dict[str, set[str]]:
    """Row label -> the rules it breaks, for rows that break any."""
    return {r.label: set(r.keys) for r in result.rows if r.problems}


@pytest.mark.parametrize(
    ("configured", "today", "year"),
    [
        pytest.param(None, date(2025, 3, 1), 2024, id="default-previous-year"),
        pytest.param(None, date(2025, 1, 1), 2024, id="new-year-day"),
        pytest.param(2023, date(2025, 3, 1), 2023, id="configured"),
    ],
)
def test_reporting_year(configured: int | None, today: date, year: int) -> None:
    """The setting wins; otherwise the previous calendar year."""
    assert reporting_year(configured, today) == year


def test_clean_table_passes() -> None:
    """A table of good rows passes every rule and counts every row."""
    result = check_activities(HEADER + "\n" + rows(4), year=YEAR)
    assert result.ok
    assert result.verdict.startswith("✅")
    assert "可计入4场" in (result.subject or "")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("这一行乱写的", "没看出日期和人数", id="prose"),
        pytest.param("3月5日 政策宣讲会", "没看出人数", id="no-count"),
        pytest.param(row("2") + "\t多余\t多余", "有13列", id="too-many-columns"),
    ],
)
def test_unparsable_rows_get_their_own_message(line: str, message: str) -> None:
    """A row that cannot be read is reported by line, and the rest is still checked."""
    result = check_activities(row("1") + "\n" + line + "\n" + row("3", name="沙龙"), year=YEAR)
    assert "共2行活动" in (result.subject or "")
    assert status(result, "parse") is Status.WARN
    assert "第2行" in reason(result, "parse")
    assert message in reason(result, "parse")


@pytest.mark.parametrize(
    ("people", "status_", "brief"),
    [
        pytest.param("8", Status.FAIL, "8人", id="eight"),
        pytest.param("9人", Status.FAIL, "9人", id="nine-with-unit"),
        pytest.param("10", Status.PASS, "", id="ten"),
        pytest.param("约30人", Status.PASS, "", id="about-thirty"),
        pytest.param("五十", Status.PASS, "", id="chinese-numeral"),
        pytest.param("", Status.FAIL, "人数没填", id="empty"),
        pytest.param("若干", Status.FAIL, "人数“若干”", id="vague"),
        pytest.param("六十八", Status.PASS, "", id="words"),
        pytest.param("120余人", Status.PASS, "", id="yu"),
        pytest.param("1,200", Status.PASS, "", id="thousands"),
        pytest.param("上百人", Status.FAIL, "人数“上百人”", id="shangbai"),
    ],
)
def test_participants(people: str, status_: Status, brief: str) -> None:
    """At least 10 participants; fewer, empty or vague counts fail."""
    result = check_activities(row(people=people), year=YEAR)
    assert status(result, "people") is status_
    if brief:
        assert brief in reason(result, "people")


def test_small_rows_do_not_belong_in_the_table() -> None:
    """A row below 10 people is named by 序号 and activity and said not to belong."""
    result = check_activities(row("7", name="企业沙龙", people="8"), year=YEAR)
    assert "序号7「企业沙龙」8人" in reason(result, "people")
    assert "不该填进汇总表" in reason(result, "people")
    assert "可计入0场" in (result.subject or "")


@pytest.mark.parametrize(
    ("category", "status_", "text"),
    [
        pytest.param("信息服务", Status.PASS, "", id="info"),
        pytest.param("融资服务", Status.PASS, "", id="finance"),
        pytest.param(" 培训服务 ", Status.PASS, "", id="spaces"),
        pytest.param("融资", Status.FAIL, "融资服务", id="short-form"),
        pytest.param("技术服务、培训服务", Status.FAIL, "写了2类", id="two"),
        pytest.param("培训服务（线上）", Status.FAIL, "培训服务", id="extra-text"),
        pytest.param("管理咨询", Status.FAIL, "服务功能分类的选项", id="category1-option"),
        pytest.param("宣传推广", Status.FAIL, "不在五类里", id="other"),
        pytest.param("", Status.FAIL, "没填", id="empty"),
    ],
)
def test_activity_category(category: str, status_: Status, text: str) -> None:
    """活动类别 is exactly one of the five of 附件1 说明1."""
    result = check_activities(row(category=category), year=YEAR)
    assert status(result, "category") is status_
    if text:
        assert text in "\n".join(result.details)


@pytest.mark.parametrize(
    ("mandated", "host", "content", "status_", "text"),
    [
        pytest.param("否", "本平台", "政策解读", Status.PASS, "没有标为工信部门委托", id="no"),
        pytest.param("", "本平台", "政策解读", Status.WARN, "没填", id="blank"),
        pytest.param("是", "常州市工信局", "政策解读", Status.WARN, "盖章", id="gongxin-no-notice"),
        pytest.param("是", "常州市工信局", "按市工信局盖章通知开展", Status.PASS, "",
                     id="gongxin-with-notice"),
        pytest.param("是", "江苏省工业和信息化厅", "见苏工信〔2024〕12号文", Status.PASS, "",
                     id="province-with-document"),
        pytest.param("是", "常州市中小企业服务中心", "政策解读", Status.FAIL,
                     "各级中小企业服务中心", id="centre"),
        pytest.param("是", "常州市中小企业发展服务中心", "政策解读", Status.FAIL, "应填“否”",
                     id="centre-long"),
        pytest.param("是", "常州市科技局", "政策解读", Status.FAIL, "其他行政机关", id="keji"),
        pytest.param("是", "常州市商务局", "政策解读", Status.FAIL, "商务局", id="shangwu"),
        pytest.param("是", "常州市发改委", "政策解读", Status.FAIL, "发改委", id="fagai"),
        pytest.param("是（市科技局委托）", "本平台", "政策解读", Status.FAIL, "科技局",
                     id="note-in-cell"),
        pytest.param("是", "本平台", "受区商务局委托开展", Status.FAIL, "商务局",
                     id="weituo-in-content"),
        pytest.param("是", "本平台", "政策解读", Status.WARN, "没写是哪个部门委托", id="unnamed"),
        pytest.param("是", "工业和信息化部", "政策解读", Status.WARN, "请打", id="ministry"),
        pytest.param("是", "常州市经信局", "政策解读", Status.WARN, "没提到", id="jingxin"),
        pytest.param("待定", "本平台", "政策解读", Status.WARN, "应填“是”或“否”", id="odd-value"),
    ],
)
def test_mandate(mandated: str, host: str, content: str, status_: Status, text: str) -> None:
    """说明2: only 工信厅 and 市、区、县 工信局 with a stamped notice count; other agencies and
    every 中小企业服务中心 do not; bodies the guide does not name are left to confirm."""
    result = check_activities(row(mandated=mandated, host=host, content=content), year=YEAR)
    assert status(result, "mandate") is status_
    lines = "\n".join([*result.lines(), *result.details])
    assert text in lines
    if status_ is not Status.PASS:
        assert "附件1 说明2" in lines


@pytest.mark.parametrize(
    ("when", "status_", "text"),
    [
        pytest.param("2024/3/5", Status.PASS, "", id="in-year"),
        pytest.param("2023/12/30", Status.FAIL, "2023年", id="previous-year"),
        pytest.param("2025-01-02", Status.FAIL, "2025年", id="next-year"),
        pytest.param("3月5日", Status.PASS, "", id="no-year"),
        pytest.param("2024.13.1", Status.FAIL, "不存在", id="invalid"),
        pytest.param("", Status.FAIL, "时间没填", id="empty"),
        pytest.param("上半年", Status.FAIL, "时间“上半年”", id="unreadable"),
    ],
)
def test_date_in_reporting_year(when: str, status_: Status, text: str) -> None:
    """The date lies in the reporting year; a date outside it does not qualify."""
    result = check_activities(row(when=when), year=YEAR)
    assert status(result, "date") is status_
    if text:
        assert text in reason(result, "date")


def test_out_of_year_rows_do_not_qualify() -> None:
    """Only rows in the reporting year with 10+ people count towards 分类2."""
    text = "\n".join([row("1"), row("2", when="2023/5/1", name="旧活动"), row("3", people="5")])
    result = check_activities(text, year=YEAR)
    assert "可计入1场" in (result.subject or "")


def test_loose_line_without_date_is_only_a_warning() -> None:
    """A typed line without a date cannot be checked for the year: ⚠️, still counted."""
    result = check_activities("政策宣讲会 25人", year=YEAR)
    assert status(result, "date") is Status.WARN
    assert "可计入1场" in (result.subject or "")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(2, "一项也不能选", id="two"),
        pytest.param(3, "最多可选1项", id="three"),
        pytest.param(7, "最多可选2项", id="seven"),
        pytest.param(12, "最多可选3项", id="twelve"),
    ],
)
def test_summary_category2(count: int, expected: str) -> None:
    """The qualifying count is turned into the 分类2 limit."""
    result = check_activities(rows(count), year=YEAR)
    assert expected in "\n".join(result.notes)


@pytest.mark.parametrize("count", [6, 9])
def test_summary_ambiguous_counts(count: int) -> None:
    """At exactly 6 and 9 activities both readings and the phone are given."""
    notes = "\n".join(check_activities(rows(count), year=YEAR).notes)
    assert "两种读法" in notes
    assert CONSULT_PHONE in notes


@pytest.mark.parametrize(
    ("count", "proof_note"),
    [
        pytest.param(20, False, id="twenty"),
        pytest.param(21, True, id="twenty-one"),
        pytest.param(45, True, id="forty-five"),
    ],
)
def test_more_than_twenty(count: int, proof_note: bool) -> None:
    """Above 20 activities only 20 need proof, but all go in the table."""
    notes = "\n".join(check_activities(rows(count), year=YEAR).notes)
    assert ("只需提供20场活动的证明材料" in notes) is proof_note
    if proof_note:
        assert "全部活动都要填进汇总表" in notes
        assert f"其余{count - 20}场" in notes


def test_failing_rows_named_in_details() -> None:
    """Every failing row is named by 序号 and activity name in the details."""
    text = "\n".join(row(str(i), name=f"小会{i}", people="5") for i in range(1, 8))
    result = check_activities(text, year=YEAR)
    details = "\n".join(result.details)
    for i in range(1, 8):
        assert f"序号{i}「小会{i}」" in details
    # The short verdict names a few and the total, not all seven.
    assert "等7行" in reason(result, "people")


def test_empty_fields_fail_and_duplicates_warn() -> None:
    """An empty cell must be filled (❌); a repeated row is a ⚠️ and counts once."""
    text = "\n".join([row("1", place=""), row("2"), row("3")])
    result = check_activities(text, year=YEAR)
    assert status(result, "fields") is Status.FAIL
    assert "地点" in reason(result, "fields")
    assert status(result, "duplicate") is Status.WARN
    assert result.counts["counted"] == 2


@pytest.mark.parametrize(
    ("firms", "status_", "text"),
    [
        pytest.param("12", Status.PASS, "", id="number"),
        pytest.param("12家", Status.PASS, "", id="with-unit"),
        pytest.param("", Status.FAIL, "参加企业数没填", id="empty"),
        pytest.param("0", Status.FAIL, "参加企业数是0", id="zero"),
        pytest.param("多家", Status.FAIL, "约数", id="vague"),
        pytest.param("40", Status.WARN, "比人数25还多", id="more-than-people"),
    ],
)
def test_firms(firms: str, status_: Status, text: str) -> None:
    """参加企业数 is a number above zero, not more than the people."""
    result = check_activities(row(firms=firms), year=YEAR)
    assert status(result, "firms") is status_
    if text:
        assert text in "\n".join(result.details)


@pytest.mark.parametrize(
    ("serials", "flagged_rows", "status_"),
    [
        pytest.param(["1", "2", "3"], {}, None, id="in-order"),
        pytest.param(["1", "2", "2"], {"序号2": "重复"}, Status.FAIL, id="repeated"),
        pytest.param(["1", "3", "4"], {"序号3": "少了序号2"}, Status.WARN, id="gap"),
        pytest.param(["2", "1", "3"], {"序号1": "顺序不对"}, Status.WARN, id="backwards"),
        pytest.param(["1", "", "3"], {"第2行": "没填序号"}, Status.WARN, id="empty"),
    ],
)
def test_serial_order(
    serials: list[str], flagged_rows: dict[str, str], status_: Status | None
) -> None:
    """序号 run from 1 in order without repeats; each break is named by its row."""
    text = "\n".join(row(s, name=f"活动{i}", when=f"2024/5/{i}") for i, s in enumerate(serials, 1))
    result = check_activities(text, year=YEAR)
    assert status(result, "serial") is status_
    details = "\n".join(result.details)
    for label, words in flagged_rows.items():
        assert label in details
        assert words in details


def test_counts_per_category() -> None:
    """The rows that count are tallied per 活动类别; the rest are left out of the tally."""
    text = "\n".join(
        [
            row("1", category="培训服务"),
            row("2", name="b", category="培训服务"),
            row("3", name="c", category="融资服务"),
            row("4", name="d", category="融资服务", people="6"),
            row("5", name="e", category="营销服务"),
        ]
    )
    result = check_activities(text, year=YEAR)
    assert dict(result.counts) == {"counted": 4, "培训服务": 2, "融资服务": 1}
    notes = "\n".join(result.notes)
    assert "培训服务2场、融资服务1场" in notes
    assert "另有1场类别" in notes


def test_long_table_does_not_flood() -> None:
    """Many bad rows: a few named per rule, the first ones listed, the rest summed up."""
    from bot.checks.activities import DETAIL_ROWS

    text = "\n".join(row(str(i), name=f"小会{i}", people="5") for i in range(1, 61))
    result = check_activities(text, year=YEAR)
    assert "等60行" in reason(result, "people")
    listed = [line for line in result.details if line.startswith("❌")]
    assert len(listed) == DETAIL_ROWS
    assert f"序号{DETAIL_ROWS + 1}起还有{60 - DETAIL_ROWS}行有问题" in result.details[-1]


def test_file_rows_are_named_by_sheet_row_and_serial() -> None:
    """Rows from a file carry their sheet and row; a column the file lacks is said once."""
    from bot.checks import Origin, SourceRow, check_activity_rows

    cells = {"序号": "1", "时间": "2024-05-20", "活动名称": "沙龙", "人数": "8"}
    cells["活动类别"] = "培训服务"
    result = check_activity_rows(
        [SourceRow(cells, 12, "工作表“活动”", Origin.FILE)], year=YEAR
    )
    assert result.rows[0].label == "工作表“活动”第12行（序号1）「沙龙」"
    assert result.rows[0].keys == {"people"}
    header = result.outcome("activities.header")
    assert header is not None
    assert "地点" in header.reason
    assert "参加企业数" in header.reason


def test_nothing_to_check() -> None:
    """Text with no rows at all gets a clear ❌ with an example."""
    result = check_activities("你好", year=YEAR)
    assert not result.ok
    assert "3月5日 政策宣讲会 25人" in result.outcomes[0].reason


def test_long_paste_is_checked_whole() -> None:
    """A 20,000-character paste is parsed row by row without losing any."""
    text = rows(180, content="政策解读" * 20)
    assert len(text) > 20000
    result = check_activities(text, year=YEAR)
    assert "共180行活动" in (result.subject or "")
