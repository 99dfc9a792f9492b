"""Large knowledge bases (the numpy scorer, `bot.guide.retrieval.arrays`): scoring only the
entries that can still win finds exactly what scoring every phrasing finds."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

import bot.guide.retrieval.arrays as arrays
import bot.guide.retrieval.index as index
from bot.guide.retrieval import Hit, Retriever

SUBJECTS = ["平台名称", "服务功能分类2", "证明材料", "签到表", "现场照片", "年度总结报告",
            "典型案例", "带动服务机构数量", "仪器和设备原值", "活动类别", "汇总表", "产业集群"]
SERVICES = ["知识产权", "管理咨询", "创业培训", "投资融资", "法律咨询", "技术支持", "展览展销",
            "人才引进", "信用服务", "财会税务"]
ASPECTS = ["怎么填", "有什么要求", "要不要盖章", "能不能用预计数", "需要几份", "格式是什么",
           "包括哪些", "可以空着吗"]
TEMPLATES = ["{a}里的{b}{x}", "做{b}的平台，{a}{x}", "关于{b}，{a}到底{x}", "{a}（{b}）{x}？"]


def _entries(count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(count)
    combos = list(itertools.product(SUBJECTS, SERVICES, ASPECTS))
    rng.shuffle(combos)
    return [
        (f"e{i}", [t.format(a=a, b=b, x=x) for t in rng.sample(TEMPLATES, 2)])
        for i, (a, b, x) in enumerate(combos[:count])
    ]


def _questions(entries: list[tuple[str, list[str]]]) -> list[str]:
    rng = random.Random(len(entries))
    asked = [rng.choice(phrasings)[1:] for _, phrasings in rng.sample(entries, 40)]
    mixed = [
        "请问" + rng.choice(TEMPLATES).format(
            a=rng.choice(SUBJECTS), b=rng.choice(SERVICES), x=rng.choice(ASPECTS)
        )
        for _ in range(40)
    ]
    return [*asked, *mixed, "今天天气怎么样", "平台", "分类2能选几项", "材料"]


def _as_tuples(hits: list[Hit]) -> list[tuple[str, float, str]]:
    return [(h.entry_id, h.score, h.matched) for h in hits]


@pytest.fixture(autouse=True)
def _numpy_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    """These knowledge bases are small enough for the plain scorer: use numpy's anyway."""
    monkeypatch.setattr(index, "ARRAYS_FROM_PHRASINGS", 0)


@pytest.mark.parametrize("size", [pytest.param(200, id="200"), pytest.param(900, id="900")])
def test_pruned_ranking_equals_full_scoring(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The best 12 entries, their scores and matched phrasings are the same either way."""
    entries = _entries(size)
    retriever = Retriever(entries)
    questions = _questions(entries)
    pruned = [_as_tuples(retriever.search(q, limit=12)) for q in questions]
    monkeypatch.setattr(arrays, "_SCORE_ALL", size + 1)
    full = [_as_tuples(retriever.search(q, limit=12)) for q in questions]
    assert pruned == full
    assert sum(1 for hits in pruned if hits) > len(questions) // 2


def test_dense_rows_score_as_postings_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """Common features kept as whole rows of the entry index change no score."""
    entries = _entries(300)
    questions = _questions(entries)
    monkeypatch.setattr(arrays, "_DENSE_MIN", 10**9)
    postings = Retriever(entries)
    monkeypatch.setattr(arrays, "_DENSE_MIN", 2)
    monkeypatch.setattr(arrays, "_DENSE_SHARE", 0.0)
    dense = Retriever(entries)
    assert isinstance(dense._index, arrays.ArrayIndex)
    assert isinstance(postings._index, arrays.ArrayIndex)
    assert dense._index.entries.dense_rows, "no feature went to a dense row"
    assert not postings._index.entries.dense_rows
    for q in questions:
        asked = dense._query(dense.clean(q))
        assert asked.total == postings._query(postings.clean(q)).total
        assert np.allclose(
            dense._index.entries.shared(asked),
            postings._index.entries.shared(asked),
            rtol=1e-12,
            atol=0,
        ), q
        assert _as_tuples(dense.search(q, limit=12)) == _as_tuples(postings.search(q, limit=12))
