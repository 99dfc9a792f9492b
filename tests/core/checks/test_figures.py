"""Figures in prose: enterprises served, people, and concrete results."""

from __future__ import annotations

import pytest

from bot.checks.figures import has_enterprise_count, has_people_count, has_results


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("服务企业120家", True, id="qiye-jia"),
        pytest.param("120家企业", True, id="jia-qiye"),
        pytest.param("120家中小微企业", True, id="with-kind"),
        pytest.param("服务企业一百二十家", True, id="chinese-numeral"),
        pytest.param("企业五十余家", True, id="yu"),
        pytest.param("企业数：45", True, id="labelled"),
        pytest.param("企业数十五家", True, id="labelled-chinese"),
        pytest.param("服务了30户", True, id="hu"),
        pytest.param("80家次", True, id="jia-ci"),
        pytest.param("服务了数十家企业", False, id="vague-shushi"),
        pytest.param("上百家企业", False, id="vague-shangbai"),
        pytest.param("服务企业众多", False, id="no-number"),
        pytest.param("培训350人", False, id="people-only"),
    ],
)
def test_enterprise_count(text: str, expected: bool) -> None:
    """A concrete number of enterprises is found; vague amounts are not."""
    assert has_enterprise_count(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("350人", True, id="ren"),
        pytest.param("350人次", True, id="ren-ci"),
        pytest.param("1.2万人次", True, id="wan"),
        pytest.param("三十余人", True, id="chinese-yu"),
        pytest.param("参加人数十五人", True, id="renshu-chinese"),
        pytest.param("服务人数：300", True, id="labelled"),
        pytest.param("服务人数160人", True, id="renshu-digits"),
        pytest.param("几十人", False, id="vague-jishi"),
        pytest.param("上百人参加", False, id="vague-shangbai"),
        pytest.param("服务企业120家", False, id="enterprises-only"),
    ],
)
def test_people_count(text: str, expected: bool) -> None:
    """A concrete number of people is found; vague amounts are not."""
    assert has_people_count(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("促成签约5项", True, id="signed"),
        pytest.param("融资2000万元", True, id="money"),
        pytest.param("帮助12家企业获评专精特新", True, id="awarded"),
        pytest.param("申请专利30件", True, id="patents"),
        pytest.param("服务企业120家，参加350人", False, id="counts-only"),
        pytest.param("效果很好，企业满意", False, id="vague"),
    ],
)
def test_results(text: str, expected: bool) -> None:
    """Results beyond the two head counts: a result word or another figure."""
    assert has_results(text) is expected


@pytest.mark.parametrize(
    ("text", "enterprises", "people"),
    [
        pytest.param("服务了上百家企业，数百人参加", "上百家", "数百人", id="shangbai-shubai"),
        pytest.param("多家企业参与，近百人到场", "多家企业", "近百人", id="duojia-jinbai"),
        pytest.param("服务企业120家，参加350人", None, None, id="exact"),
    ],
)
def test_vague_amounts_are_read_as_such(
    text: str, enterprises: str | None, people: str | None
) -> None:
    """A vague amount is found as written, so the reply can say it is not a number."""
    from bot.checks.figures import vague_enterprises, vague_people

    assert vague_enterprises(text) == enterprises
    assert vague_people(text) == people


@pytest.mark.parametrize(
    ("text", "enterprises", "people"),
    [
        pytest.param("68位负责人参加", False, True, id="wei"),
        pytest.param("走访六十八家", True, False, id="bare-jia-in-words"),
        pytest.param("对接3家银行", False, False, id="banks"),
        pytest.param("排名第3位", False, False, id="ordinal"),
    ],
)
def test_counts_in_other_forms(text: str, enterprises: bool, people: bool) -> None:
    """位 counts people, 家 alone counts enterprises unless it counts banks or institutions."""
    assert has_enterprise_count(text) is enterprises
    assert has_people_count(text) is people
