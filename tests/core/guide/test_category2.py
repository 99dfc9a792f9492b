"""Reading activity counts out of a 分类2 message: activities said to have too few people are
counted apart and are not the number of activities held."""

from __future__ import annotations

import pytest

from bot.guide.category2 import activity_mentions


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


@pytest.mark.parametrize(
    ("numeric", "first"),
    [
        pytest.param("15场活动,其中3场只有8个人", 15, id="total-before-too-few"),
        pytest.param("其中3场只有8个人,一共15场", 15, id="too-few-first"),
        pytest.param("办了4次培训", 4, id="ci"),
        pytest.param("9场活动都不到10人", None, id="only-too-few"),
        pytest.param("分类2能选几项", None, id="no-count"),
    ],
)
def test_first_count_skips_the_too_few(numeric: str, first: int | None) -> None:
    """The number of activities held is the first count not said to have too few people."""
    assert activity_mentions(numeric).first == first
