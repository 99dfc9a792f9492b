"""Summary tables read from xlsx, xls, csv and docx files and checked like a pasted table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import pytest

from bot.files import FileLimits, check_file
from tests.core.files import makers as m

YEAR = 2024
Maker = Callable[[Sequence[m.Row]], bytes]

FORMATS: dict[str, tuple[str, Maker]] = {
    "xlsx": ("汇总表.xlsx", lambda rows: m.xlsx({"汇总表": rows})),
    "xls": ("汇总表.xls", lambda rows: m.xls({"汇总表": rows})),
    "csv-utf8": ("汇总表.csv", lambda rows: m.csv_bytes(rows)),
    "csv-bom": ("汇总表.csv", lambda rows: m.csv_bytes(rows, bom=True)),
    "csv-gbk": ("汇总表.csv", lambda rows: m.csv_bytes(rows, encoding="gbk")),
    "csv-gb18030": ("汇总表.csv", lambda rows: m.csv_bytes(rows, encoding="gb18030")),
    "csv-tab": ("汇总表.csv", lambda rows: m.csv_bytes(rows, delimiter="\t")),
    "docx": ("汇总表.docx", lambda rows: m.docx([rows])),
}


def check(name: str, data: bytes, **limits: int) -> str:
    reply = check_file(name, data, year=YEAR, limits=FileLimits(**limits))
    return reply.render()


def first_line(text: str) -> str:
    return text.splitlines()[0]


def line_with(text: str, rule: str) -> str:
    """The verdict line of `rule` (a line that starts with ✅/❌/⚠️ and then `rule`)."""
    for line in text.splitlines():
        mark, _, rest = line.partition(" ")
        if mark in {"✅", "❌", "⚠️"} and rest.startswith(rule):
            return line
    return ""


@pytest.mark.parametrize(("name", "maker"), FORMATS.values(), ids=FORMATS.keys())
def test_clean_table_passes_in_every_format(name: str, maker: Maker) -> None:
    """A filled-in 附件1 template (title, subtitle, 合计, 说明) passes, 3 rows counted."""
    text = check(name, maker(m.template(m.activities(3))))
    assert first_line(text) == "活动汇总表检查：✅ 符合要求"
    assert "共3行活动，可计入3场" in text
    assert "第5–7行" in text
    assert "跳过1行合计" in text


@pytest.mark.parametrize(("name", "maker"), FORMATS.values(), ids=FORMATS.keys())
def test_rows_named_by_sheet_row_and_serial(name: str, maker: Maker) -> None:
    """A row with 8 people is named by its sheet row and its 序号 in the 人数 rule."""
    rows = m.activities(3)
    rows[1] = m.activity(2, people=8)
    text = check(name, maker(m.template(rows)))
    assert first_line(text).startswith("活动汇总表检查：❌")
    assert "第6行（序号2）" in line_with(text, "人数不少于10人")
    assert "8人" in line_with(text, "人数不少于10人")


DATES = {
    "datetime": datetime(YEAR, 5, 20),
    "date": date(YEAR, 5, 20),
    "dot-month-day": "5.20",
    "chinese-month-day": "5月20日",
    "dotted-full": f"{YEAR}.5.20",
    "iso": f"{YEAR}-05-20",
    "excel-serial": 45432,
    "slashes": f"{YEAR}/5/20",
}


@pytest.mark.parametrize("when", DATES.values(), ids=DATES.keys())
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv-utf8"])
def test_dates_in_every_form_are_read(when: object, fmt: str) -> None:
    """Dates as cells, serial numbers or text (5.20, 5月20日, 2025.5.20) count as in the year."""
    name, maker = FORMATS[fmt]
    text = check(name, maker(m.template([m.activity(1, when=when), *m.activities(3)[1:]])))
    assert line_with(text, "日期在").startswith("✅"), text


@pytest.mark.parametrize(
    "when",
    [datetime(YEAR - 1, 5, 20), f"{YEAR - 1}.5.20", "2023年5月20日"],
    ids=["cell", "dotted", "chinese"],
)
def test_date_outside_the_year_is_flagged(when: object) -> None:
    """An activity of another year is named with its row."""
    text = check("a.xlsx", m.xlsx({"S": m.template([m.activity(1, when=when)])}))
    assert line_with(text, "日期在").startswith("❌")
    assert "第5行（序号1）" in line_with(text, "日期在")


@pytest.mark.parametrize("people", [25, 25.0, "25", "25人", " 25 "], ids=str)
def test_people_as_number_or_text(people: object) -> None:
    """人数 as a number, a float or text with 人 is read as 25."""
    text = check("a.xlsx", m.xlsx({"S": m.template([m.activity(1, people=people)])}))
    assert line_with(text, "人数不少于").startswith("✅")


def test_header_found_anywhere_with_columns_in_any_order() -> None:
    """A header in column C of row 7, columns shuffled, an extra 备注 column: rows still read."""
    header = list(m.HEADER)
    order = [3, 0, 1, 8, 2, 4, 5, 6, 7, 9, 10]
    rows: list[m.Row] = [[], ["", "", "某某平台2024年服务活动汇总"], [], [], [], []]
    rows.append(["", "", *[header[i] for i in order], "备注"])
    for activity in m.activities(4):
        rows.append(["", "", *[activity[i] for i in order], ""])
    rows[8 - 1 + 2][2 + order.index(8)] = 5  # row 10 (序号3): 5 people
    text = check("a.xlsx", m.xlsx({"S": rows}))
    assert "共4行活动" in text
    assert "第10行（序号3）" in line_with(text, "人数不少于")


def test_two_row_header() -> None:
    """参加企业数 and 人数 under a merged 参加情况 cell: the second header row is joined."""
    top = [*m.HEADER[:7], "参加情况", None, *m.HEADER[9:]]
    below = [None] * 7 + ["参加企业数", "人数", None, None]
    data = m.xlsx({"S": [top, below, *m.activities(2)]}, {"S": ["H1:I1"]})
    text = check("a.xlsx", data)
    assert first_line(text) == "活动汇总表检查：✅ 符合要求", text
    assert "第3–4行" in text


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "unmerged"])
def test_merged_cells_fill_the_rows_they_cover_xlsx(merged: bool) -> None:
    """主办单位 merged down three rows counts for each; without the merge rows 2-3 lack it."""
    rows = m.activities(3)
    rows[1][4] = rows[2][4] = None
    data = m.xlsx({"S": m.template(rows)}, {"S": ["E5:E7"] if merged else []})
    text = check("a.xlsx", data)
    assert ("没填：主办单位" in text) is not merged


def test_merged_cells_fill_the_rows_they_cover_xls() -> None:
    """The same vertical merge in an old .xls file."""
    rows = m.activities(3)
    rows[1][4] = rows[2][4] = None
    data = m.xls({"S": m.template(rows)}, {"S": [(4, 6, 4, 4)]})
    assert "没填：主办单位" not in check("a.xls", data)


def test_merged_cells_fill_the_rows_they_cover_docx() -> None:
    """The same vertical merge in a Word table (vMerge)."""
    rows = m.template(m.activities(3))[3:7]
    data = m.docx([rows], merge_down=(4, 1, 3))
    text = check("a.docx", data)
    assert "没填：主办单位" not in text
    assert "共3行活动" in text


def test_ignored_rows_are_not_activities() -> None:
    """Empty rows, serial-only template rows, 小计, a repeated header and signature lines are
    skipped; nothing after 说明 is read."""
    rows: list[m.Row] = [
        ["附件1"],
        [m.TITLE],
        list(m.HEADER),
        *m.activities(2),
        [None] * 11,
        [3] + [None] * 10,
        ["小计", None, None, None, None, None, None, 24, 50],
        list(m.HEADER),
        m.activity(4),
        ["填报单位（盖章）：某某平台", None, None, None, "填表人：张三"],
        [m.NOTE],
        m.activity(9),
    ]
    text = check("a.xlsx", m.xlsx({"S": rows}))
    assert "共3行活动" in text
    assert "跳过1行合计" in text


def test_several_sheets_are_named() -> None:
    """Tables on two sheets are checked together and rows carry their sheet's name."""
    second = [m.activity(3), m.activity(4, people=6)]
    data = m.xlsx(
        {
            "上半年": m.template(m.activities(2), total=False),
            "封面": [["某某平台"], ["2024年度"]],
            "下半年": [list(m.HEADER), *second],
        }
    )
    text = check("a.xlsx", data)
    assert "共4行活动" in text
    assert "工作表“下半年”第3行（序号4）" in line_with(text, "人数不少于")


SERIALS = {
    "gap": ([1, 2, 4], "第7行（序号4）「第3期中小企业政策讲堂」前面缺序号3", "前面少了序号3"),
    "swapped": ([1, 3, 2], "第7行（序号2）「第3期中小企业政策讲堂」顺序不对", "排在序号3后面"),
    "repeated": (
        [1, 2, 2],
        "第7行（序号2）「第3期中小企业政策讲堂」序号重复",
        "与第6行（序号2）重复",
    ),
    "missing": ([1, None, 3], "第6行「第2期中小企业政策讲堂」没填序号", "没填序号"),
    "text": ([1, "二", 3], "第6行（序号二）「第2期中小企业政策讲堂」序号“二”", "“二”不是数字"),
}


@pytest.mark.parametrize(("serials", "short", "detail"), SERIALS.values(), ids=SERIALS.keys())
def test_serial_order(serials: list[object], short: str, detail: str) -> None:
    """序号 must run 1, 2, 3 …: gaps, swaps, repeats and blanks are named by sheet row and
    序号 in the rule's line, and said in full in the row's details."""
    rows = m.activities(3)
    for row, serial in zip(rows, serials, strict=True):
        row[0] = serial
    text = check("a.xlsx", m.xlsx({"S": m.template(rows)}))
    assert short in line_with(text, "序号从1起"), text
    label = short.split("」")[0] + "」："
    assert any(
        line.startswith(("⚠️ " + label, "❌ " + label)) and detail in line
        for line in text.splitlines()
    ), text


def test_serial_order_passes_silently() -> None:
    """A table numbered 1..n gets no 序号 line."""
    assert "序号从1起" not in check("a.csv", m.csv_bytes(m.template(m.activities(5))))


FIRMS = {
    "more-than-people": (40, "参加企业数40比人数25还多"),
    "zero": (0, "参加企业数是0"),
    "words": ("若干", "参加企业数“若干”是约数"),
    "text": ("见附件", "参加企业数“见附件”不是数字"),
}


@pytest.mark.parametrize(("firms", "expected"), FIRMS.values(), ids=FIRMS.keys())
def test_enterprise_count(firms: object, expected: str) -> None:
    """参加企业数 that is vague, not a number, zero or above 人数 is named with its row."""
    rows = [m.activity(1, firms=firms), *m.activities(2)[1:]]
    text = check("a.xlsx", m.xlsx({"S": m.template(rows)}))
    assert "第5行（序号1）" in line_with(text, "参加企业数")
    assert expected in text


def test_missing_columns_said_once() -> None:
    """A header without 承办单位 and 活动类别 fails once, not per row, and no row's category
    is counted."""
    keep = [i for i in range(11) if i not in (5, 9)]
    rows = [[r[i] for i in keep] for r in [m.HEADER, *m.activities(3)]]
    text = check("a.xlsx", m.xlsx({"S": rows}))
    assert "❌ 各列齐全：缺承办单位、活动类别这几列" in text
    assert "承办单位" not in text.replace("缺承办单位", "")
    assert not line_with(text, "活动类别从五类").startswith("✅")
    assert "另有3场类别没填" in text


def test_column_missing_in_one_sheet_only() -> None:
    """Two sheets, the second without 承办单位 and 活动类别: named once for that sheet."""
    keep = [i for i in range(11) if i not in (5, 9)]
    second = [[r[i] for i in keep] for r in [m.HEADER, m.activity(3), m.activity(4)]]
    data = m.xlsx({"上半年": m.template(m.activities(2)), "下半年": second})
    text = check("a.xlsx", data)
    assert first_line(text).startswith("活动汇总表检查：❌")
    assert "工作表“下半年”缺承办单位、活动类别" in line_with(text, "每个表格各列齐全")
    assert "上半年" not in line_with(text, "每个表格各列齐全")


HEADERS = {
    "checker-words": {1: "活动日期", 7: "参与企业数", 8: "参加人数"},
    "file-words": {3: "活动名称/主题", 7: "参会企业（家）", 10: "是否为工信部门委托的活动"},
}


@pytest.mark.parametrize("renamed", HEADERS.values(), ids=HEADERS.keys())
def test_header_wording(renamed: dict[int, str]) -> None:
    """Headers worded as filers do (the checker's header words, or a file's freer ones) name
    every column."""
    header = [renamed.get(index, cell) for index, cell in enumerate(m.HEADER)]
    text = check("a.xlsx", m.xlsx({"S": [header, *m.activities(3)]}))
    assert first_line(text) == "活动汇总表检查：✅ 符合要求", text


def test_row_with_header_words_is_an_activity() -> None:
    """A row whose cells happen to hold header key words (工信局, 企业数字化, 时间管理) is
    an activity, not a repeated header."""
    row = m.activity(2, name="中小企业数字化主题沙龙")
    row[4], row[6] = "市工信局", "时间管理"
    text = check("a.xlsx", m.xlsx({"S": m.template([m.activity(1), row, m.activity(3)])}))
    assert "共3行活动" in text


def test_commission_by_a_service_center_is_flagged() -> None:
    """是 for a 中小企业服务中心 commission gets the 说明2 warning with its row."""
    row = m.activity(1, mandated="是")
    row[4] = "市中小企业服务中心"
    text = check("a.xlsx", m.xlsx({"S": m.template([row, *m.activities(3)[1:]])}))
    assert "第5行（序号1）" in line_with(text, "工信部门委托")
    assert "中小企业服务中心" in text


def test_counts_per_category() -> None:
    """Counts per 活动类别 leave out rows under 10 people and name odd categories."""
    rows = [
        m.activity(1, category="培训服务"),
        m.activity(2, category="培训服务"),
        m.activity(3, category="信息服务"),
        m.activity(4, category="培训服务", people=5),
        m.activity(5, category="讲座"),
    ]
    text = check("a.xlsx", m.xlsx({"S": m.template(rows)}))
    assert "可计入的按活动类别：信息服务1场、培训服务2场；另有1场类别没填或不在五类里" in text


def test_every_row_of_a_long_table_is_checked() -> None:
    """2,000 activities: every row is checked, so one short of people near the end is named."""
    rows = m.activities(2000)
    rows[1899] = m.activity(1900, people=6)
    text = check("a.csv", m.csv_bytes([m.HEADER, *rows]))
    assert "共2000行活动，可计入1999场" in text
    assert "第1901行（序号1900）" in line_with(text, "人数不少于")


def test_scan_limit_says_the_sheet_was_cut() -> None:
    """A sheet longer than the scan limit is read as far as the limit, and the reply says so."""
    data = m.big_xlsx([m.HEADER, *m.activities(300)])
    text = check("a.xlsx", data, max_scan_rows=101)
    assert "共100行活动" in text
    assert "只读了前面的部分" in text


def test_header_without_rows() -> None:
    """A template with no activity filled in gets one line asking for them."""
    text = check("a.xlsx", m.xlsx({"S": m.template([], total=False)}))
    assert "下面没有活动行" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.xlsx", m.xlsx({"S": [["名单"], ["张三", "李四"]]})),
        ("a.csv", "姓名,电话\n张三,123\n".encode()),
        ("a.docx", m.docx([[["项目", "金额"], ["设备", "100"]]])),
    ],
    ids=["xlsx", "csv", "docx"],
)
def test_no_summary_table(name: str, data: bytes) -> None:
    """A file without the 附件1 header says what header it looks for."""
    assert "没找到活动汇总表" in check(name, data)


def test_annual_summary_docx_is_checked_as_summary() -> None:
    """A Word document with the 附件3 outline and its table of highlighted activities (not a
    summary table: no 时间, 类别 …) gets the annual-summary check."""
    outline = [
        "2024年度工作总结",
        "一、服务经验及做法",
        "1、服务模式创新方面",
        "我们线上线下结合，全年服务企业320家、1500人次。",
        "二、服务成效",
        "帮助企业融资2000万元。",
        "三、在对中小微企业服务中存在的问题和工作建议",
        "四、下一年度工作计划",
    ]
    highlights = [["活动名称", "活动内容", "服务企业数", "服务人数"], ["政策宣讲", "解读", 30, 80]]
    text = check("总结.docx", m.docx([highlights], before=outline))
    assert "看起来是年度总结" in text
    assert "年度总结" in text.splitlines()[1]
