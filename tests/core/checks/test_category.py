"""服务功能分类1 （一）2 and 分类2 （一）3 applied to a user's selection."""

from __future__ import annotations

import pytest

from bot.checks.category import (
    activity_counts,
    category2_readings,
    check_category1,
    check_category2,
    parse_selection,
    service_center,
)
from bot.checks.result import CheckResult, Status
from bot.guide.rules import CATEGORY1_OPTIONS, COMPREHENSIVE, CONSULT_PHONE


def _by_rule(result: CheckResult, rule: str) -> Status:
    return next(o.status for o in result.outcomes if o.rule.startswith(rule))


@pytest.mark.parametrize(
    ("text", "items", "unknown"),
    [
        pytest.param("管理咨询", ("管理咨询",), (), id="one"),
        pytest.param("信息咨询、市场营销", ("信息咨询", "市场营销"), (), id="two-dunhao"),
        pytest.param("信息咨询,市场营销 投资融资", ("信息咨询", "市场营销", "投资融资"), (),
                     id="mixed-separators"),
        pytest.param("创业培训与辅导", ("创业培训与辅导",), (), id="option-with-yu"),
        pytest.param("知识产权保护和法律咨询", ("知识产权保护", "法律咨询"), (), id="he"),
        pytest.param("技术服务", (), ("技术服务",), id="activity-category"),
        pytest.param("管理咨询、数字化", ("管理咨询",), ("数字化",), id="one-unknown"),
        pytest.param("管理諮詢", ("管理咨询",), (), id="traditional"),
        pytest.param("", (), (), id="empty"),
    ],
)
def test_parse_selection(text: str, items: tuple[str, ...], unknown: tuple[str, ...]) -> None:
    """Options are read in order; anything else is kept as unknown, separators dropped."""
    selection = parse_selection(text)
    assert selection.items == items
    assert selection.unknown == unknown


@pytest.mark.parametrize("option", [o for o in CATEGORY1_OPTIONS if o != COMPREHENSIVE])
def test_every_ordinary_option_passes_category1(option: str) -> None:
    """Each of the 15 ordinary options is a valid 分类1 choice on its own."""
    result = check_category1(option)
    assert result.ok
    assert result.verdict.startswith("✅")


@pytest.mark.parametrize(
    ("center", "status"),
    [
        pytest.param(True, Status.PASS, id="service-center"),
        pytest.param(False, Status.FAIL, id="not-a-center"),
        pytest.param(None, Status.WARN, id="unknown"),
    ],
)
def test_comprehensive_only_for_service_centres(center: bool | None, status: Status) -> None:
    """综合服务 depends on being a 中小企业服务中心; unknown gets a conditional answer."""
    result = check_category1(COMPREHENSIVE, center=center)
    assert _by_rule(result, "综合服务仅限") is status


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("管理咨询、信息咨询", "选了2项", id="two"),
        pytest.param("技术服务", "活动类别", id="activity-category"),
        pytest.param("知识产权", "知识产权保护", id="suggests-near-option"),
        pytest.param("数字化转型", "16个选项", id="unknown"),
        pytest.param("，。", "没看出", id="nothing"),
    ],
)
def test_category1_failures(text: str, reason: str) -> None:
    """Several options, unknown words and nothing at all fail 分类1 with a reason."""
    result = check_category1(text)
    assert not result.ok
    assert reason in "\n".join(result.lines())


@pytest.mark.parametrize(
    ("text", "activities", "status"),
    [
        pytest.param("管理咨询", 3, Status.PASS, id="one-with-3"),
        pytest.param("管理咨询、信息咨询", 7, Status.PASS, id="two-with-7"),
        pytest.param("管理咨询、信息咨询、市场营销", 8, Status.FAIL, id="three-with-8"),
        pytest.param("管理咨询、信息咨询、市场营销", 10, Status.PASS, id="three-with-10"),
        pytest.param("管理咨询", 2, Status.FAIL, id="below-three"),
        pytest.param("管理咨询", 6, Status.PASS, id="one-with-6-both-readings"),
        pytest.param("管理咨询、信息咨询", 6, Status.WARN, id="two-with-6-ambiguous"),
        pytest.param("管理咨询、信息咨询", 9, Status.PASS, id="two-with-9-both-readings"),
        pytest.param("管理咨询、信息咨询、市场营销", 9, Status.WARN, id="three-with-9-ambiguous"),
        pytest.param("管理咨询、信息咨询", None, Status.WARN, id="count-unknown"),
    ],
)
def test_category2_limit(text: str, activities: int | None, status: Status) -> None:
    """The selection is held against the limit for the activity count, both readings at 6/9."""
    result = check_category2(text, activities=activities)
    assert _by_rule(result, "项数不超过") is status


@pytest.mark.parametrize("activities", [6, 9])
def test_ambiguous_counts_give_both_readings_and_phone(activities: int) -> None:
    """At exactly 6 and 9 the answer names both readings and the consultation phone."""
    text = category2_readings(activities)
    low, high = (1, 2) if activities == 6 else (2, 3)
    assert f"{low}项" in text
    assert f"{high}项" in text
    assert CONSULT_PHONE in text


def test_category2_more_than_three_fails() -> None:
    """Four options break the 不超过3项 rule whatever the activity count."""
    result = check_category2("管理咨询、信息咨询、市场营销、投资融资", activities=30)
    assert _by_rule(result, "不超过3项") is Status.FAIL


def test_category2_duplicates_fail() -> None:
    """The same option twice is flagged."""
    result = check_category2("管理咨询、管理咨询", activities=12)
    assert _by_rule(result, "每项只选一次") is Status.FAIL


def test_category2_per_function_counts() -> None:
    """A function with fewer than 3 dedicated activities cannot be chosen."""
    result = check_category2(
        "管理咨询、信息咨询", activities=5, per_function={"管理咨询": 3, "信息咨询": 2}
    )
    assert _by_rule(result, "每项至少3场") is Status.FAIL
    assert "信息咨询2场" in "\n".join(result.lines())


def test_category2_comprehensive_reminder() -> None:
    """综合服务 in 分类2 reminds of the service-centre restriction."""
    result = check_category2("综合服务", activities=3)
    assert _by_rule(result, "综合服务仅限") is Status.WARN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("我们是常州市中小企业服务中心", True, id="centre"),
        pytest.param("我们不是中小企业服务中心", False, id="negated"),
        pytest.param("我们单位并非服务中心", False, id="bingfei"),
        pytest.param("我们是科技公司", False, id="company"),
        pytest.param("我们是科技服务中心", False, id="other-centre"),
        pytest.param("我们是中小企业公共服务中心", True, id="gonggong"),
        pytest.param("我们是苏州市中小微企业服务中心", True, id="micro"),
        pytest.param("我们单位是苏州市软件行业协会", False, id="association"),
        pytest.param("分类1想选综合服务", None, id="unsaid"),
    ],
)
def test_service_center(text: str, expected: bool | None) -> None:
    """Whether the user said they are a 中小企业服务中心 (with or without 微); another unit
    they say they are is not one."""
    assert service_center(text) is expected


@pytest.mark.parametrize(
    ("text", "total", "per_function"),
    [
        pytest.param("我们一共8场活动", 8, {}, id="total"),
        pytest.param("做了十二场活动", 12, {}, id="chinese-numeral"),
        pytest.param("管理咨询4场，信息咨询3场", 7, {"管理咨询": 4, "信息咨询": 3},
                     id="per-function-summed"),
        pytest.param("共10场，管理咨询4场", 10, {"管理咨询": 4}, id="explicit-total-wins"),
        pytest.param("没说场数", None, {}, id="none"),
        pytest.param("2场只有8个人，10场活动", 10, {}, id="too-few-first"),
    ],
)
def test_activity_counts(text: str, total: int | None, per_function: dict[str, int]) -> None:
    """Totals and per-function counts are read from the message."""
    assert activity_counts(text) == (total, per_function)


def test_category2_leaves_out_activities_with_too_few_people() -> None:
    """10 activities of which 2 had fewer than 10 people allow 2 functions, not 3."""
    result = check_category2("信息咨询、市场营销、技术支持", activities=10, uncounted=2)
    assert _by_rule(result, "不足10人的活动不计入") is Status.PASS
    assert _by_rule(result, "项数不超过") is Status.FAIL
    counted = check_category2("信息咨询、市场营销、技术支持", activities=10)
    assert _by_rule(counted, "项数不超过") is Status.PASS
