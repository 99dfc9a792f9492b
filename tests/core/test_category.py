"""The 分类2 limit of （一）3, including the two counts where the guide contradicts itself."""

from __future__ import annotations

import itertools

import pytest

from bot.guide.rules import (
    ACTIVITY_CATEGORIES,
    CATEGORY1_OPTIONS,
    COMPREHENSIVE,
    activity_mentions,
    max_category2_options,
)


@pytest.mark.parametrize(
    ("activities", "readings"),
    [
        pytest.param(-1, (0,), id="negative"),
        pytest.param(0, (0,), id="none"),
        pytest.param(2, (0,), id="below-three"),
        pytest.param(3, (1,), id="three"),
        pytest.param(5, (1,), id="five"),
        pytest.param(6, (1, 2), id="six-ambiguous"),
        pytest.param(7, (2,), id="seven"),
        pytest.param(8, (2,), id="eight"),
        pytest.param(9, (2, 3), id="nine-ambiguous"),
        pytest.param(10, (3,), id="ten"),
        pytest.param(20, (3,), id="twenty"),
        pytest.param(500, (3,), id="many"),
    ],
)
def test_category2_limit(activities: int, readings: tuple[int, ...]) -> None:
    """Each activity count maps to the guide's limit; 6 and 9 carry both readings."""
    limit = max_category2_options(activities)
    assert limit.readings == readings
    assert limit.ambiguous is (len(readings) > 1)
    assert limit.safe == min(readings)


def test_limit_never_decreases() -> None:
    """More activities never allow fewer functions, under either reading."""
    limits = [max_category2_options(n) for n in range(0, 60)]
    for before, after in itertools.pairwise(limits):
        assert after.safe >= before.safe
        assert after.most >= before.most


def test_option_lists_match_the_guide() -> None:
    """16 options for 分类1 with 综合服务 among them; five 活动类别, a different list."""
    assert len(CATEGORY1_OPTIONS) == len(set(CATEGORY1_OPTIONS)) == 16
    assert COMPREHENSIVE in CATEGORY1_OPTIONS
    assert ACTIVITY_CATEGORIES == ("信息服务", "创业服务", "技术服务", "培训服务", "融资服务")


@pytest.mark.parametrize(
    ("numeric", "count"),
    [
        pytest.param("15场活动,其中3场只有8个人", 3, id="zhiyou"),
        pytest.param("有2场不到10人", 2, id="budao-10"),
        pytest.param("有2场不到20人", 0, id="budao-20"),
        pytest.param("1场只有12个人", 0, id="enough"),
        pytest.param("2场只有9人,1场不足10人", 3, id="two-mentions"),
        pytest.param("9场活动都不到10人", 9, id="all"),
        pytest.param("10场活动", 0, id="none"),
    ],
)
def test_too_few_people(numeric: str, count: int) -> None:
    """Only activities said to have fewer than 10 people are counted out."""
    assert activity_mentions(numeric).too_few == count
