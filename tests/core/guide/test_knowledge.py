"""The shipped knowledge: it loads, covers the guide, stays faithful to it, and broken files
fail with the file and the entry named."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bot.checks.activities import check_activities
from bot.checks.case import check_case
from bot.checks.category import check_category1, check_category2
from bot.checks.name import check_platform_name
from bot.checks.summary import check_summary
from bot.guide.knowledge import (
    KNOWLEDGE_DIR,
    KnowledgeBase,
    KnowledgeError,
    load_knowledge,
    load_lexicon,
)
from bot.guide.retrieval import Cleaner
from bot.guide.rules import CONSULT_PHONE, TECH_PHONE
from bot.text.normalize import normalize

DATA = Path(__file__).resolve().parents[1] / "data"
GUIDE_COPY = DATA / "guide.txt"
"""The filing guide copied verbatim, so the checks run in a clean checkout too."""
SHARED_GUIDE = Path(
    os.environ.get(
        "TIANBAO_GUIDE",
        Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_dbe7026040b95448.txt",
    )
)
QQ_GROUPS = ("807645478", "207935293")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE_COPY.read_text(encoding="utf-8")


def test_shipped_knowledge_loads(kb: KnowledgeBase) -> None:
    """The shipped files load and hold answers, gaps and the contact entry."""
    kinds = {e.kind for e in kb.entries.values()}
    assert kinds == {"answer", "gap"}
    assert len(kb.entries) >= 50
    assert all(kb.sources[i].endswith(".yaml") for i in kb.entries)


def test_guide_copy_matches_shared_seed(guide: str) -> None:
    """The copy under tests/core/data is the guide in shared/, word for word."""
    if not SHARED_GUIDE.is_file():
        pytest.skip(f"{SHARED_GUIDE} is not there to compare with")
    assert guide == SHARED_GUIDE.read_text(encoding="utf-8")


def test_every_clause_is_covered(kb: KnowledgeBase) -> None:
    """Each clause of clauses.yaml is the source of an answer entry or the main clause of a
    check (附件3 as a whole: the annual-summary check)."""
    cited = {e.clause for e in kb.entries.values() if e.kind == "answer"}
    checks = (
        check_platform_name(""),
        check_category1(""),
        check_category2(""),
        check_activities("", year=2024),
        check_case(""),
        check_summary(""),
    )
    cited |= {result.clause for result in checks}
    assert set(kb.clauses) - cited == set()


@pytest.mark.parametrize("clause_id", list(load_knowledge().clauses))
def test_clause_text_occurs_in_guide(kb: KnowledgeBase, guide: str, clause_id: str) -> None:
    """Every clause is quoted from the guide (whitespace aside), so a citation cannot drift."""
    assert _squash(kb.clauses[clause_id].text) in _squash(guide)


def test_entries_have_four_to_eight_paraphrases(kb: KnowledgeBase) -> None:
    """Each entry carries 4-8 colloquial paraphrases besides its canonical question."""
    counts = {e.id: len(e.paraphrases) for e in kb.entries.values()}
    assert {i: n for i, n in counts.items() if not 4 <= n <= 8} == {}


def test_phrasings_are_unique_across_entries(kb: KnowledgeBase) -> None:
    """No phrasing (after normalising) belongs to two entries: retrieval could not tell them."""
    owner: dict[str, str] = {}
    clashes = []
    for entry in kb.entries.values():
        for text in entry.texts:
            key = normalize(text)
            if owner.setdefault(key, entry.id) != entry.id:
                clashes.append((text, owner[key], entry.id))
    assert clashes == []


def test_gap_answers_hand_over_to_the_phone(kb: KnowledgeBase) -> None:
    """A gap says the guide does not answer and gives the consultation phone."""
    gaps = [e for e in kb.entries.values() if e.kind == "gap"]
    assert len(gaps) >= 10
    for entry in gaps:
        assert CONSULT_PHONE in entry.answer, entry.id
        assert "指南" in entry.answer, entry.id
        assert "没有" in entry.answer, entry.id


def test_contact_entry_gives_both_phones_and_both_groups(kb: KnowledgeBase) -> None:
    """“有问题打什么电话” leads to both phones with their use and the two QQ groups."""
    answer = kb.entries["contact-phones"].answer
    for needle in (CONSULT_PHONE, TECH_PHONE, *QQ_GROUPS, "技术问题", "其中一个"):
        assert needle in answer


def test_answers_invent_no_numbers_or_addresses(kb: KnowledgeBase, guide: str) -> None:
    """Long numbers (phones, groups) come from the guide; no web address, money or date."""
    digits = _squash(guide)
    for entry in kb.entries.values():
        for number in re.findall(r"\d{5,}", entry.answer):
            assert number in digits, (entry.id, number)
        assert not re.search(r"https?:|www\.|\.com|\.cn", entry.answer), entry.id
        assert not re.search(r"\d+\s*(?:元|万元|块)", entry.answer), entry.id
        assert not re.search(r"\d+\s*月\s*\d+\s*[日号]|20\d\d\s*年", entry.answer), entry.id


def test_synonym_folding_is_stable(kb: KnowledgeBase) -> None:
    """Cleaning a canonical word leaves it as it is, so folding never chains or loops."""
    clean = Cleaner((), kb.lexicon.synonyms)
    for canonical in kb.lexicon.synonyms:
        assert clean(canonical) == normalize(canonical), canonical


def _workspace(tmp_path: Path) -> Path:
    """A knowledge dir with the shipped clauses and lexicon and an empty faq/."""
    root = tmp_path / "knowledge"
    (root / "faq").mkdir(parents=True)
    shutil.copy(KNOWLEDGE_DIR / "clauses.yaml", root / "clauses.yaml")
    shutil.copy(KNOWLEDGE_DIR / "lexicon.yaml", root / "lexicon.yaml")
    return root


_GOOD = """\
  - id: {id}
    clause: （一）1
    question: 平台名称有什么要求？
    paraphrases: [名字有啥规定]
    answer: 不得包含“国家”等字样。
"""

BROKEN = [
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="dup") + _GOOD.format(id="dup")},
        ("a.yaml", "dup", "duplicate id"),
        id="duplicate-id-in-one-file",
    ),
    pytest.param(
        {
            "a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="dup"),
            "b.yaml": "topic: t\nentries:\n" + _GOOD.format(id="dup"),
        },
        ("b.yaml", "dup", "a.yaml"),
        id="duplicate-id-across-files",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="blank").replace(
            "answer: 不得包含“国家”等字样。", 'answer: "  "')},
        ("a.yaml", "blank", "answer"),
        id="empty-answer",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="where").replace(
            "clause: （一）1", "clause: （九）9")},
        ("a.yaml", "where", "unknown clause"),
        id="unknown-clause",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="bare").replace(
            "    clause: （一）1\n", "")},
        ("a.yaml", "bare", "clause"),
        id="answer-without-clause",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n  - id: x\n    question: [unclosed\n"},
        ("a.yaml", "cannot be read"),
        id="bad-yaml",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="Bad_Id")},
        ("a.yaml", "Bad_Id", "id"),
        id="bad-id",
    ),
    pytest.param(
        {"a.yaml": "topic: t\nentries:\n" + _GOOD.format(id="extra") + "    score: 3\n"},
        ("a.yaml", "extra", "score"),
        id="unknown-field",
    ),
]


@pytest.mark.parametrize(("files", "expected"), BROKEN)
def test_broken_file_fails_naming_file_and_entry(
    tmp_path: Path, files: dict[str, str], expected: tuple[str, ...]
) -> None:
    """A broken entry stops loading with a message naming the file, the entry and the fault."""
    root = _workspace(tmp_path)
    for name, text in files.items():
        (root / "faq" / name).write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    for needle in expected:
        assert needle in str(info.value)


def test_gap_needs_no_clause(tmp_path: Path) -> None:
    """A gap entry may leave out the clause: the guide has none for it."""
    root = _workspace(tmp_path)
    (root / "faq" / "gaps.yaml").write_text(
        "topic: t\nentries:\n  - id: gap-x\n    kind: gap\n    question: 截止时间？\n"
        "    answer: 指南没有写，请打02583673201。\n",
        encoding="utf-8",
    )
    assert load_knowledge(root).entries["gap-x"].clause is None


def test_lexicon_variant_under_two_words_fails(tmp_path: Path) -> None:
    """A synonym variant listed under two canonical words fails, naming lexicon.yaml."""
    root = _workspace(tmp_path)
    (root / "lexicon.yaml").write_text(
        "synonyms:\n  名称: [名字]\n  姓名: [名字]\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"lexicon\.yaml.*名字"):
        load_knowledge(root)


def test_lexicon_names_shipped_entries(kb: KnowledgeBase) -> None:
    """Every anchored entry of lexicon.yaml is a shipped entry, and every sibling group and
    anchor term survives folding (a term that folds to nothing would match every question)."""
    assert set(kb.lexicon.anchors) - set(kb.entries) == set()
    clean = Cleaner(kb.lexicon.fillers, kb.lexicon.synonyms)
    terms = [t for g in kb.lexicon.siblings for t in g] + [
        t for ts in kb.lexicon.anchors.values() for t in ts
    ]
    assert [t for t in terms if not clean.folded(t)] == []


def test_category1_words_name_the_guides_options(tmp_path: Path) -> None:
    """Words listed under something that is not an option of 分类1 fail, naming lexicon.yaml."""
    path = tmp_path / "lexicon.yaml"
    path.write_text("category1_words:\n  养老服务: [养老]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"lexicon\.yaml: category1_words.*养老服务"):
        load_lexicon(path)


def test_clause_topics_name_the_guides_clauses(tmp_path: Path) -> None:
    """A topic listed under a label that is not a clause fails, naming lexicon.yaml."""
    path = tmp_path / "lexicon.yaml"
    path.write_text("clause_topics:\n  （五）: [名称]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"lexicon\.yaml: clause_topics.*（五）"):
        load_lexicon(path)
