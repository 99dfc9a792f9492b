"""The guide's rules as `bot.guide.rules` states them: the clause labels are the clauses of
knowledge/clauses.yaml, every number and list is found in the text of its clause, and the 分类2
limit follows the table of （一）3 with both readings where the guide contradicts itself."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.guide import rules
from bot.guide.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_clauses
from bot.guide.rules import Clause, max_category2_options

TEXTS: dict[str, str] = {
    item["id"]: item["text"]
    for item in yaml.safe_load((KNOWLEDGE_DIR / "clauses.yaml").read_text(encoding="utf-8"))
}


def test_clause_members_are_the_clause_ids() -> None:
    """Every label a reply cites has its text in clauses.yaml, and every text there is citable."""
    assert {str(c) for c in Clause} == set(TEXTS)
    assert rules.CLAUSE_IDS == set(TEXTS)


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        pytest.param(lambda raw: raw[1:], "导语", id="clause-missing"),
        pytest.param(
            lambda raw: [*raw, {"id": "（五）", "title": "t", "text": "x"}], "（五）", id="extra-id"
        ),
    ],
)
def test_clauses_file_must_match_the_labels(
    tmp_path: Path, edit: Callable[[list[dict[str, str]]], list[dict[str, str]]], needle: str
) -> None:
    """A clauses.yaml that lacks a cited label, or has one no reply cites, fails to load."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "clauses.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "clauses.yaml"
    path.write_text(yaml.safe_dump(edit(raw), allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"clauses\.yaml") as info:
        load_clauses(path)
    assert needle in str(info.value)


def _bare(title: str) -> str:
    """An outline title without its number: 一、服务经验及做法 -> 服务经验及做法."""
    return title.split("、", 1)[1]


STATED = [
    pytest.param(Clause.CATEGORY2, f"不得少于{rules.MIN_PARTICIPANTS}人", id="participants"),
    pytest.param(
        Clause.ACTIVITY_TABLE, f"参与人数不少于{rules.MIN_PARTICIPANTS}人", id="table-heading"
    ),
    pytest.param(
        Clause.CATEGORY2, f"至少{rules.ACTIVITIES_PER_FUNCTION}场", id="activities-per-function"
    ),
    pytest.param(Clause.CATEGORY2, f"选择不超过{rules.MAX_CATEGORY2}项", id="category2-most"),
    *(
        pytest.param(
            Clause.CATEGORY2,
            f"开展活动不超过{n}场的，只能选择不超过{m}项",
            id=f"bracket-{n}",
        )
        for n, m in rules.CATEGORY2_BRACKETS
    ),
    pytest.param(
        Clause.CATEGORY2,
        f"开展{rules.CATEGORY2_TOP[0]}场及以上的，只能选择不超过{rules.CATEGORY2_TOP[1]}项",
        id="bracket-top",
    ),
    pytest.param(
        Clause.CATEGORY1,
        f"{rules.COMPREHENSIVE}（仅限{rules.SERVICE_CENTER}选择）、"
        + "、".join(rules.CATEGORY1_OPTIONS[1:]),
        id="category1-options",
    ),
    pytest.param(Clause.CATEGORY1, f"选择{rules.CATEGORY1_CHOICES}项", id="category1-one"),
    pytest.param(
        Clause.CATEGORY1,
        f"{rules.COMPREHENSIVE}仅限各地{rules.SERVICE_CENTER}选择",
        id="comprehensive",
    ),
    *(pytest.param(Clause.NAME, f"“{w}”", id=f"banned-{w}") for w in rules.BANNED_WORDS),
    pytest.param(Clause.NAME, f"须以“{rules.NAME_SUFFIX}”作为名称结尾", id="suffix"),
    pytest.param(
        Clause.PROOF, f"超过{rules.MAX_PROOF_ACTIVITIES}场的单位", id="proof-threshold"
    ),
    pytest.param(Clause.PROOF, f"只提供{rules.MAX_PROOF_ACTIVITIES}场", id="proof-count"),
    pytest.param(
        Clause.PROOF, f"{rules.MIN_PHOTOS}-{rules.MAX_PHOTOS}张现场照片", id="photos"
    ),
    pytest.param(Clause.CASE, f"“{'+'.join(rules.CASE_PARTS)}”", id="case-format"),
    *(pytest.param(Clause.CASE, f, id=f"case-{f}") for f in rules.CASE_FIGURES),
    pytest.param(
        Clause.ACTIVITY_TABLE, " ".join(rules.ACTIVITY_TABLE_COLUMNS), id="table-columns"
    ),
    pytest.param(
        Clause.ACTIVITY_CATEGORY,
        f"从{'、'.join(rules.ACTIVITY_CATEGORIES)}中选填{rules.ACTIVITY_CATEGORY_CHOICES}项",
        id="activity-categories",
    ),
    pytest.param(
        Clause.COMMISSIONED,
        f"仅指{rules.COMMISSIONERS[0]}，各{rules.COMMISSIONERS[1]}",
        id="commissioners",
    ),
    pytest.param(
        Clause.COMMISSIONED,
        f"{rules.COMMISSIONING_PROVINCE}，各{'、'.join(rules.COMMISSIONING_LEVELS)}"
        f"{rules.COMMISSIONING_LOCAL}）{rules.COMMISSION_PROOF}",
        id="commission-proof",
    ),
    *(
        # The check writes 其他 where the guide writes 其它.
        pytest.param(Clause.COMMISSIONED, w.replace("其他", "其它"), id=f"not-commissioner-{w}")
        for w in rules.NOT_COMMISSIONERS
    ),
    *(
        pytest.param(clause, _bare(title), id=f"summary-part-{i}")
        for i, (clause, title) in enumerate(
            zip(
                (Clause.SUMMARY, Clause.SUMMARY_RESULTS, Clause.SUMMARY_PROBLEMS,
                 Clause.SUMMARY_PLAN),
                rules.SUMMARY_PARTS,
                strict=True,
            ),
            1,
        )
    ),
    *(
        pytest.param(clause, title, id=f"summary-aspect-{i}")
        for i, (clause, title) in enumerate(
            zip(
                (Clause.SUMMARY_INNOVATION, Clause.SUMMARY_RESOURCES,
                 Clause.SUMMARY_ACTIVITIES, Clause.SUMMARY_PROJECTS),
                rules.SUMMARY_ASPECTS,
                strict=True,
            ),
            1,
        )
    ),
    pytest.param(
        Clause.SUMMARY_RESOURCES, f"（{rules.SUMMARY_MAX_ITEMS}项以内）", id="resources-items"
    ),
    pytest.param(
        Clause.SUMMARY_ACTIVITIES, f"（{rules.SUMMARY_MAX_ITEMS}项以内）", id="activities-items"
    ),
    pytest.param(
        Clause.SUMMARY_ACTIVITIES,
        " ".join(rules.SUMMARY_ACTIVITY_FIGURES),
        id="activity-figures",
    ),
    *(
        pytest.param(Clause.CONTACT, f"{group}，{number}", id=f"qq-{group}")
        for group, number in rules.QQ_GROUPS
    ),
    pytest.param(Clause.CONTACT, f"咨询电话：{rules.CONSULT_PHONE}", id="consult-phone"),
    pytest.param(
        Clause.CONTACT, f"{rules.TECH_PHONE}（{rules.TECH_PHONE_USE}）", id="tech-phone"
    ),
]


@pytest.mark.parametrize(("clause", "stated"), STATED)
def test_rule_is_stated_in_its_clause(clause: Clause, stated: str) -> None:
    """Each value of bot.guide.rules reads, in the guide's own words, in its clause's text."""
    assert stated in TEXTS[clause]


def test_similar_words_are_not_the_guides() -> None:
    """The words only warned about are our reading of 等字样, not words the guide lists."""
    assert not any(w in TEXTS[Clause.NAME] for w in rules.SIMILAR_WORDS)
    assert not set(rules.SIMILAR_WORDS) & set(rules.BANNED_WORDS)


def test_option_lists_are_closed_and_distinct() -> None:
    """分类1 options and 活动类别 are lists without repeats, and two different lists."""
    assert len(rules.CATEGORY1_OPTIONS) == len(set(rules.CATEGORY1_OPTIONS))
    assert rules.COMPREHENSIVE in rules.CATEGORY1_OPTIONS
    assert not set(rules.ACTIVITY_CATEGORIES) & set(rules.CATEGORY1_OPTIONS)


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


@pytest.mark.parametrize(
    ("activities", "bracket"),
    [
        pytest.param(1, (6, 1), id="one"),
        pytest.param(6, (6, 1), id="six"),
        pytest.param(7, (9, 2), id="seven"),
        pytest.param(9, (9, 2), id="nine"),
        pytest.param(10, None, id="ten"),
    ],
)
def test_table_bracket(activities: int, bracket: tuple[int, int] | None) -> None:
    """A count falls under the first line of the table whose bound it does not exceed."""
    assert rules.table_bracket(activities) == bracket
