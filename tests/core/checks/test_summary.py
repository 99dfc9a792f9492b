"""年度总结 附件3: parts in order, sub-parts, at most 3 items, figures for activities."""

from __future__ import annotations

import pytest

from bot.checks.result import CheckResult, Status
from bot.checks.summary import check_summary

PART1 = "一、服务经验及做法"
SUB1 = "1、服务模式创新方面\n推行“互联网+中小企业服务”，线上线下结合。"
SUB2 = (
    "2、服务资源带动方面\n服务项目\t主要合作机构名称\n"
    "知识产权托管\tXX律师事务所\n融资对接\tXX银行"
)
SUB3 = (
    "3、服务活动开展方面\n"
    "（1）专精特新政策宣讲会：服务企业85家，服务人数160人。\n"
    "（2）数字化转型沙龙：服务企业40家，服务人数90人。"
)
SUB4 = "4、服务专项开展方面\n围绕省惠企政策开展专项服务。"
PART2 = "二、服务成效\n全年服务企业1200家。"
PART3 = "三、在对中小微企业服务中存在的问题和工作建议\n人手不足，建议加强培训。"
PART4 = "四、下一年度工作计划\n继续开展专精特新培育。"


def summary(*parts: str) -> str:
    return "\n".join(parts)


FULL = summary(PART1, SUB1, SUB2, SUB3, SUB4, PART2, PART3, PART4)


def status(result: CheckResult, rule_start: str) -> Status | None:
    return next((o.status for o in result.outcomes if o.rule.startswith(rule_start)), None)


def reason(result: CheckResult, rule_start: str) -> str:
    return next(o.reason for o in result.outcomes if o.rule.startswith(rule_start))


def test_complete_summary_passes() -> None:
    """The full outline with counted items and figures passes."""
    result = check_summary(FULL)
    assert result.ok, result.lines()
    assert result.warnings == 0


ITEM_KEYS = (
    "summary.experience",
    "summary.innovation",
    "summary.resources",
    "summary.activities",
    "summary.projects",
    "summary.results",
    "summary.problems",
    "summary.plan",
)


def item_statuses(result: CheckResult) -> dict[str, Status]:
    return {key: o.status for key in ITEM_KEYS if (o := result.outcome(key)) is not None}


def test_every_item_is_said_with_its_clause() -> None:
    """Each of the eight outline items gets its own line citing its clause of 附件3."""
    result = check_summary(FULL)
    assert item_statuses(result) == dict.fromkeys(ITEM_KEYS, Status.PASS)
    lines = "\n".join(result.lines())
    for clause in ("附件3 一、1", "附件3 一、4", "附件3 二", "附件3 三", "附件3 四"):
        assert clause in lines


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        pytest.param(summary(PART1, SUB1, SUB2, SUB3, SUB4, PART2, PART3), "summary.plan",
                     id="no-plan"),
        pytest.param(summary(PART1, SUB1, SUB2, SUB3, SUB4, PART3, PART4), "summary.results",
                     id="no-results"),
        pytest.param(summary(SUB1, SUB2, SUB3, SUB4, PART2, PART3, PART4), "summary.experience",
                     id="no-part-one"),
        pytest.param(summary(PART1, SUB1, SUB3, SUB4, PART2, PART3, PART4), "summary.resources",
                     id="no-resources"),
    ],
)
def test_missing_items(text: str, missing: str) -> None:
    """A missing item fails on its own line; every other item passes."""
    statuses = item_statuses(check_summary(text))
    assert statuses.pop(missing) is Status.FAIL
    assert set(statuses.values()) == {Status.PASS}


SYNONYMS = summary(
    "一、主要工作及经验做法",
    "（一）创新服务模式\n推出线上服务小程序。",
    "（二）整合服务资源\n与3家机构合作。",
    "（三）开展品牌活动\n举办沙龙。",
    "（四）专项服务\n落实惠企政策。",
    "二、取得成效\n服务企业500家。",
    "三、存在问题及建议\n人手不足。",
    "四、明年工作打算\n扩大服务。",
)


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        pytest.param("二、工作成效", "summary.results", id="gongzuo-chengxiao"),
        pytest.param("二、主要成果", "summary.results", id="chengguo"),
        pytest.param("三、问题与建议", "summary.problems", id="wenti-yu-jianyi"),
        pytest.param("三、存在的困难和建议", "summary.problems", id="kunnan"),
        pytest.param("四、下一步打算", "summary.plan", id="xiayibu"),
        pytest.param("四、2025年工作计划", "summary.plan", id="year-plan"),
        pytest.param("四、工作思路", "summary.plan", id="silu"),
    ],
)
def test_headings_under_other_names(heading: str, key: str) -> None:
    """Common names for an outline heading stand for it, and the reply says how it was read."""
    written = {"summary.results": "二、取得成效", "summary.problems": "三、存在问题及建议"}
    written["summary.plan"] = "四、明年工作打算"
    text = SYNONYMS.replace(written[key], heading)
    result = check_summary(text)
    assert item_statuses(result) == dict.fromkeys(ITEM_KEYS, Status.PASS)
    outcome = result.outcome(key)
    assert outcome is not None
    assert heading in outcome.reason


def test_parts_out_of_order() -> None:
    """Parts in the wrong order fail the order rule and say which comes too early."""
    result = check_summary(summary(PART1, SUB1, SUB2, SUB3, SUB4, PART3, PART2, PART4))
    assert status(result, "四个部分按顺序") is Status.FAIL
    assert "“三、问题和工作建议”写在了“二、服务成效”前面" in reason(result, "四个部分按顺序")


def test_misordered_aspects() -> None:
    """The four 方面 of part 一 are in order."""
    swapped = check_summary(summary(PART1, SUB2, SUB1, SUB3, SUB4, PART2, PART3, PART4))
    assert status(swapped, "四个方面按顺序") is Status.FAIL


@pytest.mark.parametrize(
    ("section", "rule", "expected"),
    [
        pytest.param(SUB2 + "\n人才培训\tXX大学\n法律体检\tXX律所", "服务资源带动", Status.FAIL,
                     id="four-table-rows"),
        pytest.param(SUB2 + "\n人才培训\tXX大学", "服务资源带动", Status.PASS,
                     id="three-table-rows"),
        pytest.param("2、服务资源带动方面\n1. 托管\n2. 对接\n3. 培训\n4. 体检", "服务资源带动",
                     Status.FAIL, id="four-numbered"),
        pytest.param("2、服务资源带动方面\n我们与多家机构合作开展服务。", "服务资源带动",
                     Status.WARN, id="prose-cannot-be-counted"),
    ],
)
def test_resource_items(section: str, rule: str, expected: Status) -> None:
    """服务资源带动 lists at most 3 items; prose is not guessed at."""
    result = check_summary(summary(PART1, SUB1, section, SUB3, SUB4, PART2, PART3, PART4))
    assert status(result, rule) is expected


def test_activities_over_three() -> None:
    """Four representative activities break the 3-item limit."""
    section = SUB3 + "\n（3）a：服务企业1家，服务人数10人。\n（4）b：服务企业1家，服务人数10人。"
    result = check_summary(summary(PART1, SUB1, SUB2, section, SUB4, PART2, PART3, PART4))
    assert status(result, "服务活动开展方面不超过3项") is Status.FAIL
    assert "列了4项" in reason(result, "服务活动开展方面不超过3项")


@pytest.mark.parametrize(
    ("section", "lacking"),
    [
        pytest.param("3、服务活动开展方面\n（1）宣讲会：服务人数160人。", "服务企业数",
                     id="no-enterprises"),
        pytest.param("3、服务活动开展方面\n（1）宣讲会：服务企业85家。", "服务人数",
                     id="no-people"),
        pytest.param("3、服务活动开展方面\n活动名称\t活动内容\t服务企业数\t服务人数\n"
                     "宣讲会\t政策解读\t85\t", "服务人数", id="table-empty-cell"),
    ],
)
def test_activity_figures(section: str, lacking: str) -> None:
    """Each representative activity gives 服务企业数 and 服务人数."""
    result = check_summary(summary(PART1, SUB1, SUB2, section, SUB4, PART2, PART3, PART4))
    assert status(result, "代表性活动") is Status.FAIL
    assert lacking in reason(result, "代表性活动")


def test_table_activity_figures_pass() -> None:
    """A filled 附件3 activity table passes the figures rule."""
    section = (
        "3、服务活动开展方面\n活动名称\t活动内容\t服务企业数\t服务人数\n"
        "宣讲会\t政策解读\t85\t160\n沙龙\t交流\t四十\t90"
    )
    result = check_summary(summary(PART1, SUB1, SUB2, section, SUB4, PART2, PART3, PART4))
    assert status(result, "代表性活动") is Status.PASS


def test_body_sentence_is_not_a_heading() -> None:
    """A short line saying 服务成效 inside part 一 does not stand in for heading 二."""
    sub1 = "1、服务模式创新方面\n服务成效显著\n线上线下结合。"
    result = check_summary(summary(PART1, sub1, SUB2, SUB3, SUB4, PART2, PART3, PART4))
    assert status(result, "四个部分按顺序") is Status.PASS


def test_empty_heading_is_flagged() -> None:
    """A heading with nothing under it is a ⚠️."""
    text = summary(PART1, SUB1, SUB2, SUB3, SUB4, PART2, PART3, "四、下一年度工作计划")
    result = check_summary(text)
    assert status(result, "每部分都有内容") is Status.WARN


def test_empty_summary() -> None:
    """No text is one clear failure."""
    assert "没收到总结" in check_summary("\n\n").outcomes[0].reason
