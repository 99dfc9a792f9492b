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


@pytest.mark.parametrize(
    ("numeric", "qualifying"),
    [
        pytest.param("一共11场,其中4场参加的不到10个人", 7, id="budao-verb"),
        pytest.param("8场,其中2场只来了6个人", 6, id="only-came"),
        pytest.param("8场活动里有1场只到了8人", 7, id="one-clause"),
        pytest.param("3场每场只有7个人,还有5场每场都有20多人", 5, id="two-groups"),
        pytest.param("总共7场,每场都超过10人", 7, id="every-enough"),
        pytest.param("办了5场,每场都不到10人", 0, id="every-few"),
        pytest.param("10场活动都在30人以上", 10, id="all-enough"),
        pytest.param("12场,其中3场参加企业不到10家", 12, id="enterprises-not-people"),
        pytest.param("一共10场,有3场是线上的", 10, id="online-in-total"),
        pytest.param("3场线上活动和6场线下活动", 9, id="online-and-offline"),
        pytest.param("办了4场讲座和3场培训,人数都够", 7, id="added-groups"),
        pytest.param("办了8场,还有2场沙龙", 10, id="added-across-clauses"),
        pytest.param("12场活动,其中2场是沙龙", 12, id="subset-is-not-added"),
    ],
)
def test_qualifying_activities(numeric: str, qualifying: int) -> None:
    """Activities that count: the total less those with too few people (online ones apart)."""
    assert activity_mentions(numeric).qualifying == qualifying


def test_online_activities_are_counted_apart() -> None:
    """Online activities are told apart, so both readings can be worked out."""
    mentions = activity_mentions("3场线上活动和6场线下活动")
    assert (mentions.online, mentions.offline) == (3, 6)
    assert activity_mentions("一共10场,有3场是腾讯会议开的").online == 3
    assert activity_mentions("活动有8场,都是线上直播的").online == 8
