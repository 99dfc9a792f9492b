"""The shortcuts of the per-message core change no answer.

Check detection and the code intent stop early when a message cannot be theirs
(`detect._may_be_request`, `CodeBook.may_name_code`), retrieval scores a small knowledge base
in plain Python rather than numpy (`bot.guide.retrieval.index.PlainIndex`) and re-ranks only
candidates that can still be among the hits asked for (`Retriever._rank` with a limit). Each
is compared here with the full path it stands in for, over every question set of the tests
and the load benchmark.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.guide.retrieval.arrays as arrays
import bot.guide.retrieval.index as index
import bot.guide.retrieval.retriever as retrieval
from bot.assistant import Assistant
from bot.checks.detect import detect
from bot.codes import CodeBook
from bot.config import Settings
from bot.guide.knowledge import load_knowledge
from bot.text.query import Query

# `bot.checks` re-exports the function `detect`, which hides the module of the same name.
detect_module = importlib.import_module("bot.checks.detect")

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"

CHECK_LIKE = [
    "检查名称：常州市中小企业公共服务平台",
    "檢查名稱：常州市中小企業公共服務平台",
    "检 查",
    "检-查？",
    "怎么用你检查",
    "名称检查 XX平台",
    "“常州市创业服务平台”可以吗",
    "我们平台叫常州市科技服务平台，名称行不行",
    "分类1选综合服务可以吗",
    "分类1选技术支持，分类2选信息咨询、市场营销，办了8场",
    "服务功能分类2：信息咨询、市场营销，共8场活动",
    "平台名称：XX平台\n服务功能分类1：管理咨询",
    "一、服务经验及做法 二、服务成效 三、存在的问题和建议",
    "服务经验\n服务成效\n存在的问题\n下一年度工作计划",
    "1\t2024-03-01\t常州\t培训会\t主办\t承办\t内容\t20\t35\t培训\t否",
    "序号 时间 地点 活动名称 主办单位\n1 3月1日 常州 培训会 某单位",
    "主要做法：开展培训。服务成效：服务企业100家，帮助企业融资2000万元，效果明显。",
    "核对一下活动表\n1 2024年3月 常州 培训",
    "查一下我们的年度总结",
    "帮我看看典型案例：我们平台为企业提供培训服务，效果很好。",
    "看一下汇总表\n1 2024年3月 常州 培训",
    "我们平台叫无锡市中小企业服务中心可以吗",
    "叫什么名字好",
]


def _lines(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _questions() -> list[str]:
    golden = yaml.safe_load((ROOT / "tests/core/golden_questions.yaml").read_text("utf-8"))
    codes = yaml.safe_load((DATA / "code_queries.yaml").read_text("utf-8"))["queries"]
    routing = yaml.safe_load((DATA / "handoff_routing.yaml").read_text("utf-8"))
    questions = [
        *_lines(ROOT / "bench/questions.txt"),
        *(case["q"] for case in golden),
        *(case["q"] for case in codes),
        *(q for group in routing.values() for q in group),
        *CHECK_LIKE,
    ]
    return list(dict.fromkeys(questions))


QUESTIONS = _questions()


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    # Without the reply cache: the second pass of a comparison must compute its replies.
    return Assistant(load_knowledge(), Settings(assistant_reply_cache_size=0))


def _full_detect(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setattr(detect_module, "_may_be_request", lambda _text: True)
        return detect(text)


def test_check_prefilter_finds_what_detect_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check prefilter never hides a request the full detection finds."""
    for text in QUESTIONS:
        assert detect(text) == _full_detect(text, monkeypatch), text


FRAGMENTS = [
    "检查", "檢", "查", "核对", "自查", "名称", "名字", "分类", "1", "2", "选", "可以吗", "平台",
    "常州市", "服务", "“", "”", "：", " ", "\n", "\t", "主要做法", "服务成效", "经验", "问题",
    "建议", "工作计划", "一、", "活动", "汇总表", "吗", "？", "-", "总结", "案例",
]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_check_prefilter_on_mixed_fragments(parts: list[str]) -> None:
    """The same holds for random mixes of the words check requests are made of."""
    text = "".join(parts)
    saved = detect_module._may_be_request
    detect_module._may_be_request = lambda _text: True
    try:
        full = detect(text)
    finally:
        detect_module._may_be_request = saved
    assert detect(text) == full


def test_code_shortcut_answers_as_search_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping the code search for messages that cannot be a code name changes no reply."""
    book = CodeBook.load()
    for text in QUESTIONS:
        query = Query(text.strip())
        fast = book.natural(query)
        with monkeypatch.context() as m:
            m.setattr(CodeBook, "may_name_code", lambda _self, _keyword: True)
            full = book.natural(Query(text.strip()))
        assert fast == full, text


def test_plain_scoring_is_identical_to_numpy(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain scorer ranks exactly as numpy's, scoring every phrasing at once or entry by
    entry, to the last bit of every score."""
    retriever = assistant.retriever
    assert isinstance(retriever._index, index.PlainIndex)
    monkeypatch.setattr(index, "ARRAYS_FROM_PHRASINGS", 0)
    numpy_retriever = Assistant(load_knowledge(), Settings()).retriever
    assert isinstance(numpy_retriever._index, arrays.ArrayIndex)
    for text in QUESTIONS:
        query = retriever.clean(text)
        if not query:
            continue
        plain = retriever._rank(query)
        assert numpy_retriever._rank(query) == plain, text
        with monkeypatch.context() as m:
            m.setattr(arrays, "_WHOLE_INDEX", 0)  # never: always the per-entry path
            assert numpy_retriever._rank(query) == plain, text


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_rerank_with_a_limit_keeps_the_best(assistant: Assistant, limit: int) -> None:
    """`_rank(query, limit)` skips candidates that cannot reach the first `limit` hits."""
    retriever = assistant.retriever
    for text in QUESTIONS:
        query = retriever.clean(text)
        if not query:
            continue
        full = retriever._rank(query)
        assert retriever._rank(query, limit)[:limit] == full[:limit], text
        if query in retriever._exact:
            best = retriever._entry_ids[retriever._exact[query]]
            rest = [h for h in full if h.entry_id != best]
            expected = [retrieval.Hit(best, 1.0, query), *rest][:limit]
        else:
            expected = full[:limit]
        assert retriever.search(text, limit) == expected, text


def reindex(assistant: Assistant) -> None:
    assistant.retriever.reindex([(e.id, e.texts) for e in assistant.entries.values()])


def test_replies_unchanged_without_the_shortcuts(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every shortcut turned off the assistant gives the same replies."""
    fast = [assistant.reply(q) for q in QUESTIONS]
    with monkeypatch.context() as m:
        m.setattr(detect_module, "_may_be_request", lambda _text: True)
        m.setattr(CodeBook, "may_name_code", lambda _self, _keyword: True)
        m.setattr(index, "ARRAYS_FROM_PHRASINGS", 0)
        m.setattr(arrays, "_WHOLE_INDEX", 0)
        reindex(assistant)  # numpy, entry by entry
        full = [assistant.reply(q) for q in QUESTIONS]
    reindex(assistant)
    assert fast == full


def test_every_summary_heading_holds_a_heading_word() -> None:
    """A new heading pattern must hold one of the words the check prefilter looks for."""
    from bot.checks.summary import PARTS, SUBPARTS

    for heading in (*PARTS, *SUBPARTS):
        for pattern in heading.patterns:
            assert detect_module._HEADING_WORDS.search(pattern), pattern
