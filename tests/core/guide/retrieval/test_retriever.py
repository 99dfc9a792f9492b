"""The retriever copes with how people type on phones: typos, homophones, traditional and
full-width characters, fillers and punctuation; and it follows changes of the entries.
`ENTRIES`, `FILLERS` and `SYNONYMS` are a small knowledge base for the retrieval tests."""

from __future__ import annotations

import pytest

from bot.guide.knowledge import load_knowledge
from bot.guide.retrieval import Retriever

ENTRIES = [
    ("name", ["平台名称有什么要求", "名字有啥规定"]),
    ("pdf", ["证明材料是什么格式", "证明材料要pdf吗"]),
    ("photos", ["每场活动放几张现场照片"]),
    ("cat2", ["服务功能分类2最多选几项"]),
    ("people", ["活动至少要10人参加吗"]),
    ("phone", ["咨询电话是多少"]),
]
FILLERS = ["老师", "请问一下", "请问", "您好", "呢", "吗", "一下"]
SYNONYMS = {"名称": ["名字"], "什么": ["啥"], "几项": ["几个", "多少项"]}


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return Retriever(ENTRIES, FILLERS, SYNONYMS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param("证名材料是什么格式", "pdf", id="typo-homophone"),
        pytest.param("现场照骗放几张", "photos", id="typo-photos"),
        pytest.param("服务功能分内2最多选几项", "cat2", id="typo-n-l-accent"),
        pytest.param("證明材料是什麼格式", "pdf", id="traditional"),
        pytest.param("证明材料要ＰＤＦ吗", "pdf", id="full-width-letters"),
        pytest.param("服务功能分类２最多选几项", "cat2", id="full-width-digit"),
        pytest.param("老师您好，请问一下证明材料是什么格式呢", "pdf", id="fillers"),
        pytest.param("证明材料？？是什么格式！！", "pdf", id="punctuation"),
        pytest.param("证明 材料 是 什么 格式", "pdf", id="spaces"),
        pytest.param("平台名字有啥要求", "name", id="synonyms"),
        pytest.param("分类2最多选几个", "cat2", id="synonym-and-missing-words"),
        pytest.param("活动至少要十人参加吗", "people", id="chinese-numeral"),
        pytest.param("照片几张", "photos", id="short"),
    ],
)
def test_colloquial_question_finds_its_entry(
    retriever: Retriever, question: str, expected: str
) -> None:
    """Messy phrasings still rank the right entry first with a usable confidence."""
    hits = retriever.search(question)
    assert hits[0].entry_id == expected, hits
    assert hits[0].score >= 0.35, hits


@pytest.mark.parametrize(
    "question",
    [
        pytest.param("老师，证明材料是什么格式？", id="fillers-and-punctuation"),
        pytest.param("證明材料是什麼格式", id="traditional"),
        pytest.param("  证明材料是什么格式  ", id="spaces"),
    ],
)
def test_phrasing_equal_after_cleaning_is_exact(retriever: Retriever, question: str) -> None:
    """A message equal to a phrasing once cleaned gets full confidence."""
    assert retriever.search(question)[0].score == 1.0


@pytest.mark.parametrize(
    "question",
    ["今天天气怎么样", "给我讲个笑话", "茅台股价多少", "北京到上海多远"],
)
def test_off_topic_question_scores_low(retriever: Retriever, question: str) -> None:
    """Small talk shares too little with the entries to reach the answer threshold."""
    hits = retriever.search(question)
    assert not hits or hits[0].score < 0.35, hits


def test_hits_are_ranked_unique_and_bounded(retriever: Retriever) -> None:
    """Hits come best first, one per entry, within [0, 1] and never more than asked."""
    hits = retriever.search("证明材料照片几张", limit=4)
    assert 0 < len(hits) <= 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.entry_id for h in hits}) == len(hits)
    assert all(0.0 <= h.score <= 1.0 for h in hits)


@pytest.mark.parametrize("question", ["", "   ", "？？！！", "呢"])
def test_empty_or_noise_question_finds_nothing(retriever: Retriever, question: str) -> None:
    """Nothing to match yields no hit rather than a random entry."""
    hits = retriever.search(question)
    assert not hits or hits[0].score < 0.35


def test_reindex_follows_changed_entries() -> None:
    """After reindex a new entry is found and a removed one is gone."""
    retriever = Retriever(ENTRIES, FILLERS)
    assert retriever.search("咨询电话是多少")[0].entry_id == "phone"
    changed = [e for e in ENTRIES if e[0] != "phone"] + [("hotline", ["咨询热线号码"])]
    retriever.reindex(changed)
    assert len(retriever) == len(changed)
    assert retriever.search("咨询热线号码")[0].entry_id == "hotline"
    assert all(h.entry_id != "phone" for h in retriever.search("咨询电话是多少", limit=10))


def test_empty_index_finds_nothing() -> None:
    """A retriever over no entries answers every search with no hit."""
    assert Retriever([], FILLERS).search("证明材料是什么格式") == []


def test_shipped_knowledge_answers_guide_questions() -> None:
    """Against the real knowledge, short guide questions reach the right entry confidently."""
    kb = load_knowledge()
    retriever = Retriever(
        [(e.id, e.texts) for e in kb.entries.values()], kb.lexicon.fillers, kb.lexicon.synonyms
    )
    for question, expected in [
        ("证名材料啥格式啊", "proof-format-pdf"),
        ("現場照片放幾張", "proof-photos"),
        ("典型按例怎么写", "typical-case-format"),
    ]:
        hit = retriever.search(question)[0]
        assert (hit.entry_id, hit.score >= 0.5) == (expected, True), (question, hit)


def test_a_sibling_term_does_not_win_over_the_asked_one() -> None:
    """“分类1可以选几项” gets the 分类1 entry though it shares more words with the 分类2 one;
    an entry naming both terms is not held back."""
    entries = [
        ("cat1", ["分类1能选几项"]),
        ("cat2", ["分类2可以选几项", "分类2最多可以选几项"]),
        ("both", ["分类2和分类1选项一样吗"]),
    ]
    plain = Retriever(entries)
    ranked = Retriever(entries, siblings=[["分类1", "分类2"]])
    assert plain.search("分类1可以选几项")[0].entry_id == "cat2"
    assert ranked.search("分类1可以选几项")[0].entry_id == "cat1"
    assert ranked.search("分类2可以选几项")[0].entry_id == "cat2"
    scores = {h.entry_id: h.score for h in ranked.search("分类1选项一样吗", 3)}
    plain_scores = {h.entry_id: h.score for h in plain.search("分类1选项一样吗", 3)}
    assert scores["both"] == plain_scores["both"]


def test_an_anchored_entry_needs_its_term() -> None:
    """An entry anchored to a term (综合服务) does not answer a question that names none of
    them, however many other words they share; one that names it still gets it."""
    entries = [
        ("who", ["服务功能分类1的综合服务谁可以选"]),
        ("count", ["服务功能分类1选几项"]),
    ]
    plain = Retriever(entries)
    anchored = Retriever(entries, anchors={"who": ["综合服务"]})
    assert plain.search("服务功能分类1可以选几个")[0].entry_id == "who"
    assert anchored.search("服务功能分类1可以选几个")[0].entry_id == "count"
    assert anchored.search("综合服务谁能选")[0].entry_id == "who"


def test_a_comparing_paraphrase_does_not_make_an_entry_about_both() -> None:
    """An entry about 分类2 with a paraphrase comparing it with 分类1 does not answer a
    question about 分类1 alone; the question comparing the two still finds it."""
    entries = [
        ("cat1-options", ["分类1的选项列一下"]),
        ("cat2-options", ["分类2有哪些选项", "分类2的选项和分类1一样吗"]),
    ]
    ranked = Retriever(entries, siblings=[["分类1", "分类2"]])
    assert ranked.search("分类1一共多少个选项")[0].entry_id == "cat1-options"
    assert ranked.search("分类2和分类1的选项一样不")[0].entry_id == "cat2-options"


def test_a_counted_thing_needs_an_entry_that_counts_it() -> None:
    """A question counting photos (几张) is not answered by an entry that never counts them,
    however many words they share; with no entry counting it, nothing is held back."""
    entries = [
        ("contents", ["证明材料里要放哪些东西", "证明材料只放照片可以吗"]),
        ("photos", ["每场活动放几张现场照片"]),
    ]
    plain = Retriever(entries)
    focused = Retriever(entries, focus=["几张"])
    assert plain.search("证明材料照片放几张")[0].entry_id == "contents"
    assert focused.search("证明材料照片放几张")[0].entry_id == "photos"
    uncounted = Retriever(entries, focus=["几页"])
    assert uncounted.search("证明材料放几页")[0].score == plain.search("证明材料放几页")[0].score
