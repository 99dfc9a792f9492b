"""Telling check requests (and which check) from ordinary questions about the rules."""

from __future__ import annotations

import pytest

from bot.checks.detect import CheckKind, detect, detect_body
from bot.checks.fields import category_fields
from tests.core.checks.test_activities import HEADER, row

CASE = (
    "一、主要做法\n联合市工信局开展专精特新培育，组织专家上门诊断。\n"
    "二、服务成效\n服务企业120家，培训350人次，帮助12家企业获评专精特新。"
)
SUMMARY = (
    "一、服务经验及做法\n1、服务模式创新方面\n线上线下结合。\n二、服务成效\n服务企业1200家。\n"
    "三、在对中小微企业服务中存在的问题和工作建议\n人手不足。\n四、下一年度工作计划\n继续。"
)


@pytest.mark.parametrize(
    ("text", "kind", "body"),
    [
        pytest.param("检查名称：常州市中小企业公共服务平台", CheckKind.NAME,
                     "常州市中小企业公共服务平台", id="jiancha-mingcheng-colon"),
        pytest.param("检查名称 常州市中小企业公共服务平台", CheckKind.NAME,
                     "常州市中小企业公共服务平台", id="space"),
        pytest.param("/检查名称 南京科技平台", CheckKind.NAME, "南京科技平台", id="slash-command"),
        pytest.param("帮我检查一下名称：南京科技平台", CheckKind.NAME, "南京科技平台",
                     id="polite"),
        pytest.param("名称检查：南京科技平台", CheckKind.NAME, "南京科技平台", id="noun-first"),
        pytest.param("帮我看看名称：南京科技平台", CheckKind.NAME, "南京科技平台",
                     id="kankan"),
        pytest.param("我们平台叫无锡市中小企业服务中心可以吗", CheckKind.NAME,
                     "无锡市中小企业服务中心", id="jiao-no-mingcheng"),
        pytest.param("我们叫南京示范科技平台，行不行", CheckKind.NAME, "南京示范科技平台",
                     id="jiao-comma-tail"),
        pytest.param("麻烦把把关典型案例：主要做法：培训。", CheckKind.CASE, "主要做法:培训。",
                     id="bajiguan-case"),
        pytest.param("帮我检查一下汇总表", CheckKind.ACTIVITIES, "", id="table-nothing-pasted"),
        pytest.param("检查总结", CheckKind.SUMMARY, "", id="summary-nothing-pasted"),
        pytest.param("这个名称行不行：南京科技平台", CheckKind.NAME, "南京科技平台",
                     id="xing-bu-xing"),
        pytest.param("这个名称行不行：南京科技平台？", CheckKind.NAME, "南京科技平台",
                     id="question-mark-dropped"),
        pytest.param("名称可以吗：南京科技平台", CheckKind.NAME, "南京科技平台", id="keyi-ma"),
        pytest.param("平台名称叫“南京示范科技平台”，可以吗", CheckKind.NAME, "南京示范科技平台",
                     id="quoted"),
        pytest.param("“南京科技平台”这个名称行不行", CheckKind.NAME, "南京科技平台",
                     id="quoted-first"),
        pytest.param("南京科技服务平台这个名称可以吗", CheckKind.NAME, "南京科技服务平台",
                     id="name-first"),
        pytest.param("檢查名稱：南京科技平臺", CheckKind.NAME, "南京科技平台", id="traditional"),
        pytest.param("帮我看看这个名称：江苏省级科技服务平台", CheckKind.NAME,
                     "江苏省级科技服务平台", id="kankan-colon"),
        pytest.param("名称“中国XX平台”可以用吗", CheckKind.NAME, "中国XX平台",
                     id="quoted-keyi-yong"),
        pytest.param("我们平台叫苏州示范平台，名称行不行", CheckKind.NAME, "苏州示范平台",
                     id="jiao-in-sentence"),
        pytest.param("我们的名称是南京科技创新服务平台，符合要求吗", CheckKind.NAME,
                     "南京科技创新服务平台", id="mingcheng-shi"),
        pytest.param("平台名称 南京市科技服务平台 可以吗", CheckKind.NAME, "南京市科技服务平台",
                     id="spaces-around"),
        pytest.param("这个平台名称可以吗？常州市中小企业公共服务平台", CheckKind.NAME,
                     "常州市中小企业公共服务平台", id="question-then-name"),
        pytest.param("名称叫南京科技平台（苏州）行不行", CheckKind.NAME, "南京科技平台(苏州)",
                     id="bracket-kept"),
        pytest.param("帮忙检查下名称 南京科技平台", CheckKind.NAME, "南京科技平台",
                     id="jiancha-xia"),
        pytest.param("中国科技平台这个名称行不行", CheckKind.NAME, "中国科技平台",
                     id="name-starting-with-zhong"),
        pytest.param("分类1选综合服务可以吗", CheckKind.CATEGORY1, "综合服务", id="cat1-zonghe"),
        pytest.param("服务功能分类1填的是管理咨询，对吗", CheckKind.CATEGORY1, "管理咨询",
                     id="cat1-tian"),
        pytest.param("分类一能选综合服务吗", CheckKind.CATEGORY1, "综合服务", id="cat1-chinese"),
        pytest.param("分类2选了管理咨询、信息咨询，可以吗？我们做了8场活动", CheckKind.CATEGORY2,
                     "管理咨询、信息咨询", id="cat2-with-count"),
        pytest.param("分类二选技术服务行不行", CheckKind.CATEGORY2, "技术服务", id="cat2-unknown"),
        pytest.param("分类1选综合服务合适不", CheckKind.CATEGORY1, "综合服务", id="cat1-heshi"),
        pytest.param("分类1我们想选知识产权，行吗？", CheckKind.CATEGORY1, "知识产权",
                     id="cat1-near-miss"),
    ],
)
def test_requests_with_a_body(text: str, kind: CheckKind, body: str) -> None:
    """Explicit and natural check requests are recognised with the part to check."""
    request = detect(text)
    assert request is not None
    assert request.kind is kind
    assert request.body == body


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("怎么检查", CheckKind.HELP, id="zenme-jiancha"),
        pytest.param("/检查", CheckKind.HELP, id="slash"),
        pytest.param("检查", CheckKind.HELP, id="bare"),
        pytest.param("如何检查草稿？", CheckKind.HELP, id="ruhe-caogao"),
        pytest.param("怎么检查活动表", CheckKind.HELP, id="zenme-activities"),
        pytest.param("检查功能怎么用", CheckKind.HELP, id="how-to-use"),
        pytest.param("平台名称：南京科技平台", CheckKind.DRAFT, id="name-field"),
        pytest.param("平台名称：南京科技平台\n服务功能分类1：管理咨询\n服务功能分类2：信息咨询",
                     CheckKind.DRAFT, id="basic-info-block"),
        pytest.param("服务功能分类2：信息咨询、市场营销，共8场活动", CheckKind.DRAFT,
                     id="category-field"),
        pytest.param(row(), CheckKind.ACTIVITIES, id="one-tab-row"),
        pytest.param(HEADER + "\n" + row(), CheckKind.ACTIVITIES, id="header-and-row"),
        pytest.param("序号 时间 地点 活动名称 人数\n1 3月5日 常州 宣讲会 25", CheckKind.ACTIVITIES,
                     id="space-header"),
        pytest.param("/检查活动\n3月5日 政策宣讲会 25人", CheckKind.ACTIVITIES,
                     id="command-loose"),
        pytest.param("检查活动：3月5日 政策宣讲会 25人", CheckKind.ACTIVITIES, id="natural-loose"),
        pytest.param("检查案例：" + CASE, CheckKind.CASE, id="case-command"),
        pytest.param(CASE, CheckKind.CASE, id="pasted-case"),
        pytest.param("检查总结\n" + SUMMARY, CheckKind.SUMMARY, id="summary-command"),
        pytest.param(SUMMARY, CheckKind.SUMMARY, id="pasted-summary"),
        pytest.param("/检查年报 " + SUMMARY, CheckKind.SUMMARY, id="nianbao"),
    ],
)
def test_request_kinds(text: str, kind: CheckKind) -> None:
    """Help, pasted fields, tables, cases and summaries go to their check."""
    request = detect(text)
    assert request is not None
    assert request.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("平台名称有什么要求", id="name-rule"),
        pytest.param("名称能写国家级吗", id="name-guojia"),
        pytest.param("名称里能不能有省级两个字", id="name-shengji"),
        pytest.param("平台名称必须以平台结尾吗", id="name-ending"),
        pytest.param("平台名称：必须以平台结尾吗", id="question-after-colon"),
        pytest.param("检查名称有什么要求", id="jiancha-question"),
        pytest.param("分类1选几项", id="cat1-how-many"),
        pytest.param("分类1可以选什么", id="cat1-what"),
        pytest.param("分类1是什么意思", id="cat1-meaning"),
        pytest.param("分类1选综合服务还是管理咨询好", id="cat1-which"),
        pytest.param("8场活动能选几个分类2", id="cat2-count"),
        pytest.param("我们做了20场活动分类2能选4项吗", id="cat2-ask-4"),
        pytest.param("分类2选3项可以吗", id="cat2-ask-3"),
        pytest.param("分类2最多选几项", id="cat2-most"),
        pytest.param("分类1可以选多个不", id="cat1-several"),
        pytest.param("名称里有示范平台可以吗", id="name-li-you"),
        pytest.param("名称含有“中国”行吗？", id="name-quoted-rule-word"),
        pytest.param("名字最后不是平台两个字可以吗", id="name-ending-question"),
        pytest.param("平台名称以平台结尾可以吗", id="name-yi-ending"),
        pytest.param("名称里带国家两个字的平台可以吗", id="name-de-pingtai"),
        pytest.param("平台名称能用英文吗", id="name-english"),
        pytest.param("XX平台名称可以改吗", id="name-change"),
        pytest.param("分类1选综合服务有限制不", id="cat1-restriction"),
        pytest.param("分类2跟分类1选项一样不", id="cat2-same-options"),
        pytest.param("分类1选错了能改吗", id="cat1-change"),
        pytest.param("典型案例按什么格式", id="case-format"),
        pytest.param("主要做法和服务成效怎么写", id="case-howto"),
        pytest.param("活动至少多少人参加才算", id="min-people"),
        pytest.param("检查活动要多少人", id="jiancha-activities-question"),
        pytest.param("看看案例怎么写", id="kankan-question"),
        pytest.param("平台叫什么名字好", id="jiao-shenme"),
        pytest.param("我叫张三可以吗", id="jiao-person"),
        pytest.param("我们叫这个名字可以吗", id="jiao-zhege"),
        pytest.param("帮我看看汇总表怎么填", id="kankan-table-question"),
        pytest.param("年度总结包括哪些部分", id="summary-parts"),
        pytest.param("服务成效写什么", id="results-what"),
        pytest.param("活动类别怎么填", id="activity-category"),
        pytest.param("什么样的活动算工信部门委托", id="mandate"),
        pytest.param("证明材料是什么格式", id="pdf"),
        pytest.param("担保服务代码", id="code"),
        pytest.param("注册账号收不到验证码", id="tech"),
        pytest.param("明天会下雨吗", id="weather"),
        pytest.param("你好", id="hello"),
        pytest.param("", id="empty"),
        pytest.param("   \n ", id="blank"),
    ],
)
def test_ordinary_questions_are_not_checks(text: str) -> None:
    """Questions about the rules go to the FAQ, not to a check."""
    assert detect(text) is None


@pytest.mark.parametrize(
    ("kind", "body", "expected_kind", "expected_body"),
    [
        pytest.param(CheckKind.NAME, "：南京科技平台", CheckKind.NAME, "南京科技平台",
                     id="leading-colon"),
        pytest.param(CheckKind.NAME, "", CheckKind.NAME, "", id="empty-name"),
        pytest.param(None, "", CheckKind.HELP, "", id="bare-check"),
        pytest.param(None, "南京科技平台", CheckKind.NAME, "南京科技平台", id="guess-name"),
        pytest.param(None, "分类1选综合服务可以吗", CheckKind.CATEGORY1, "综合服务",
                     id="guess-category"),
        pytest.param(CheckKind.DRAFT, "分类2选信息咨询可以吗", CheckKind.CATEGORY2, "信息咨询",
                     id="category-command-question"),
        pytest.param(None, "第一行\n第二行看不懂", CheckKind.HELP, "第一行\n第二行看不懂",
                     id="unknown-paste"),
    ],
)
def test_detect_body(
    kind: CheckKind | None, body: str, expected_kind: CheckKind, expected_body: str
) -> None:
    """Commands keep their kind; `/检查 …` guesses from the text."""
    request = detect_body(kind, body)
    assert request.kind is expected_kind
    assert request.body == expected_body


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        pytest.param(
            "分类1选技术支持，分类2选信息咨询、市场营销、投资融资，我们办了8场活动",
            [(1, "技术支持"), (2, "信息咨询、市场营销、投资融资")],
            id="both-in-one-line",
        ),
        pytest.param(
            "服务功能分类2选管理咨询，分类1选综合服务",
            [(2, "管理咨询"), (1, "综合服务")],
            id="reversed-order",
        ),
    ],
)
def test_both_categories_in_one_line(text: str, fields: list[tuple[int, str]]) -> None:
    """A sentence naming both selections is checked as both fields, not only the first."""
    request = detect(text)
    assert request is not None
    assert request.kind is CheckKind.DRAFT
    assert category_fields(request.body) == fields


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("我刚传了汇总表，帮我看看", id="just-sent-table"),
        pytest.param("发了个文件，帮我看看", id="sent-a-file"),
        pytest.param("表格我发群里了，老师帮忙检查一下", id="table-in-group"),
        pytest.param("刚才发的那个pdf你收到了吗", id="pdf-received"),
        pytest.param("我上传的excel有没有问题", id="uploaded-excel"),
    ],
)
def test_file_said_to_be_sent(text: str) -> None:
    """A file said to be sent, with no file in the message, is answered with how to send it."""
    request = detect(text)
    assert request is not None
    assert request.kind is CheckKind.FILE


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("汇总表怎么上传", id="how-to-upload"),
        pytest.param("文件上传失败怎么办", id="upload-fails"),
        pytest.param("证明材料的PDF多大合适", id="size"),
        pytest.param("附件1怎么填", id="annex"),
        pytest.param("我发的活动算不算工信部门委托", id="not-a-file"),
    ],
)
def test_questions_about_files_are_not_file_mentions(text: str) -> None:
    """Questions about uploading or about the tables are not a file said to be sent."""
    request = detect(text)
    assert request is None or request.kind is not CheckKind.FILE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("3月5日 政策宣讲会 25人 信息服务\n3月9日 融资对接会 30人 融资服务",
                     CheckKind.ACTIVITIES, id="typed-lines-without-command"),
        pytest.param("1，2024-03-01，常州，宣讲会，本平台，本平台，解读，20，50，信息服务，否\n"
                     "2，2024-03-09，常州，沙龙，本平台，本平台，交流，15，30，培训服务，否",
                     CheckKind.ACTIVITIES, id="comma-rows-without-command"),
        pytest.param("一、工作做法与经验\n二、取得成效\n三、存在问题及建议\n四、明年工作打算",
                     CheckKind.SUMMARY, id="summary-under-other-headings"),
        pytest.param("活动名称\t活动内容\t服务企业数\t服务人数\n沙龙\t交流\t40\t90\n"
                     "一、服务经验及做法\n二、服务成效\n三、问题和建议\n四、下一年度工作计划",
                     CheckKind.SUMMARY, id="summary-with-its-activity-table"),
    ],
)
def test_pastes_without_a_command(text: str, kind: CheckKind) -> None:
    """Tables and summaries pasted without a command go to their check."""
    request = detect(text)
    assert request is not None
    assert request.kind is kind
