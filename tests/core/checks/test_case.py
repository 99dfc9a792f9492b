"""典型案例 （一）7: 主要做法 + 服务成效, with enterprises, people and results in 服务成效."""

from __future__ import annotations

import pytest

from bot.checks.case import check_case
from bot.checks.result import CheckResult, Status

METHODS = "主要做法：联合市工信局开展专精特新培育，组织专家上门诊断，建立企业成长档案。"
RESULTS = "服务成效：全年服务中小企业120家，培训企业人员350人次，帮助12家企业获评专精特新。"

FORMAT = "按“主要做法+服务成效”格式填写"
ENTERPRISES = "服务成效写明服务的企业数"
PEOPLE = "服务成效写明服务的人数"
OUTPUTS = "服务成效写明取得的成果"


def status(result: CheckResult, rule: str) -> Status | None:
    return next((o.status for o in result.outcomes if o.rule == rule), None)


def test_complete_case_passes() -> None:
    """Both parts with every figure pass with a ✅ verdict."""
    result = check_case(METHODS + "\n" + RESULTS)
    assert result.ok
    assert result.verdict.startswith("✅")


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        pytest.param(RESULTS, FORMAT, Status.FAIL, id="no-methods"),
        pytest.param(METHODS, FORMAT, Status.FAIL, id="no-results"),
        pytest.param(RESULTS + "\n" + METHODS, FORMAT, Status.WARN, id="reversed"),
        pytest.param("主要做法：\n" + RESULTS, "主要做法要有内容", Status.FAIL, id="empty-methods"),
        pytest.param(METHODS + "\n服务成效：", "服务成效要有内容", Status.FAIL, id="empty-results"),
        pytest.param(METHODS + "服务成效：培训350人次，获评专精特新12家次。", ENTERPRISES,
                     Status.PASS, id="jia-ci-counts"),
        pytest.param(METHODS + "服务成效：服务企业120家，获评专精特新。", PEOPLE, Status.FAIL,
                     id="no-people"),
        pytest.param(METHODS + "服务成效：培训350人，获评专精特新。", ENTERPRISES, Status.FAIL,
                     id="no-enterprises"),
        pytest.param(METHODS + "服务成效：服务了数十家企业，上百人参加。", ENTERPRISES,
                     Status.WARN, id="vague-enterprises"),
        pytest.param(METHODS + "服务成效：服务了数十家企业，上百人参加。", PEOPLE, Status.WARN,
                     id="vague-people"),
        pytest.param(METHODS + "服务成效：走访企业六十八家，68位负责人参加，促成签约3项。",
                     PEOPLE, Status.PASS, id="wei-people"),
        pytest.param(METHODS + "服务成效：走访六十八家，120余人参加，促成签约3项。",
                     ENTERPRISES, Status.PASS, id="bare-jia-words"),
        pytest.param(METHODS + "服务成效：对接3家银行，120余人参加，促成签约3项。",
                     ENTERPRISES, Status.FAIL, id="banks-are-not-enterprises"),
        pytest.param("做法：组织专家上门诊断。\n成效：服务企业45家，参加80人，获批专利3件。",
                     FORMAT, Status.PASS, id="heading-synonyms"),
        pytest.param("【主要举措】组织专家上门诊断。\n【取得成效】服务企业45家，参加80人，签约3项。",
                     ENTERPRISES, Status.PASS, id="bracketed-synonyms"),
        pytest.param(METHODS + "服务成效：服务企业120家，参加350人。", OUTPUTS, Status.FAIL,
                     id="no-results-beyond-counts"),
        pytest.param(METHODS + "服务成效：服务企业一百二十家，参与人数三百五十人，促成签约五项。",
                     OUTPUTS, Status.PASS, id="chinese-numerals"),
        pytest.param(METHODS + "服务成效：企业数：45，人数：300，融资2000万元。", ENTERPRISES,
                     Status.PASS, id="labelled-figures"),
        pytest.param(METHODS + "服务成效：服务企业45家、参与1.2万人次。", PEOPLE, Status.PASS,
                     id="ten-thousands"),
    ],
)
def test_case_rules(text: str, rule: str, expected: Status) -> None:
    """Each rule of （一）7 passes or fails on its own."""
    assert status(check_case(text), rule) is expected


def test_missing_heading_still_checks_figures() -> None:
    """Without a 服务成效 heading the figures are looked for in the whole text."""
    result = check_case("我们服务企业50家，培训200人，促成签约3项。")
    assert status(result, FORMAT) is Status.FAIL
    assert status(result, ENTERPRISES) is Status.PASS


def test_empty_case() -> None:
    """No text is one clear failure."""
    result = check_case("  ")
    assert not result.ok
    assert "没收到案例" in result.outcomes[0].reason


def test_says_what_is_missing() -> None:
    """A failing figure names an example of what to write."""
    lines = "\n".join(check_case(METHODS + "服务成效：效果很好。").lines())
    assert "服务企业120家" in lines
    assert "参加人数350人" in lines
