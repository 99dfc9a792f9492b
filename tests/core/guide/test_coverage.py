"""The coverage map (knowledge/coverage.yaml): every sentence of the guide is answered by some
entry, and every such entry is asked about in the golden set.

The guide is read from its committed copy and cut into sentences (lines, then 。 and ；); a
sentence is covered when the text of a map item holds it (whitespace aside). The rows of 附件2
are answered by the code lookup: each name there must be a name of the code table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.codes import CodeBook
from bot.guide.knowledge import (
    KNOWLEDGE_DIR,
    KnowledgeBase,
    KnowledgeError,
    load_coverage,
    load_knowledge,
)
from tests.core.test_golden import GOLDEN, entry_ids, load_cases

GUIDE = Path(__file__).resolve().parents[1] / "data" / "guide.txt"
_SPACE = re.compile(r"\s+")
# Where the rows of 附件2 are: after its last column heading, up to 附件3.
_CODE_ROWS = re.compile(r"中类名称(.*?)附件3", re.DOTALL)
_CODE = re.compile(r"^\d{2}(?:\d{2})?$")
_ORDINAL = re.compile(r"^\d\.?$")


def _squash(text: str) -> str:
    return _SPACE.sub("", text.replace("\u3000", ""))


def sentences(text: str) -> list[str]:
    """The guide's sentences: non-empty lines cut at 。 and ；."""
    found = []
    for line in text.splitlines():
        for part in re.split(r"[。；;]", line.replace("\u3000", " ")):
            part = _SPACE.sub(" ", part).strip()
            if part:
                found.append(part)
    return found


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _code_rows(guide: str) -> list[str]:
    """The cells of 附件2's rows: 序号, codes, names and the definition of class 10."""
    match = _CODE_ROWS.search(guide)
    assert match is not None
    return sentences(match.group(1))


def test_every_sentence_has_an_entry(kb: KnowledgeBase, guide: str) -> None:
    """Each sentence of the guide (but the rows of 附件2) is held by an item of the map."""
    rows = set(_code_rows(guide))
    texts = [_squash(item.text) for item in kb.coverage]
    uncovered = [
        s for s in sentences(guide) if s not in rows and not any(_squash(s) in t for t in texts)
    ]
    assert uncovered == []


def test_every_item_is_quoted_from_the_guide(kb: KnowledgeBase, guide: str) -> None:
    """No map item holds text the guide does not have: the map cannot drift from it."""
    squashed = _squash(guide)
    assert [i.text for i in kb.coverage if _squash(i.text) not in squashed] == []


def test_code_rows_are_in_the_code_table(kb: KnowledgeBase, guide: str) -> None:
    """Every code and name in the rows of 附件2 is a class or code of the lookup's table."""
    assert any(item.lookup == "codes" for item in kb.coverage)
    table = CodeBook.load().table
    codes = {m.code for m in table.majors} | {c.code for m in table.majors for c in m.minors}
    names = _squash(
        "".join(
            major.name + (major.definition or "") + "".join(c.name for c in major.minors)
            for major in table.majors
        )
    )
    rows = [row for row in _code_rows(guide) if not _ORDINAL.match(row)]
    missing = [
        row for row in rows if (row not in codes if _CODE.match(row) else _squash(row) not in names)
    ]
    assert missing == []
    assert len([row for row in rows if _CODE.match(row)]) == len(codes)


def test_every_mapped_entry_is_asked_in_the_golden_set(kb: KnowledgeBase) -> None:
    """Each entry that answers a sentence has a golden question expecting it."""
    asked: set[str] = set()
    for case in load_cases(GOLDEN):
        asked |= entry_ids(case)
    mapped = {e for item in kb.coverage for e in item.entries}
    assert sorted(mapped - asked) == []


def test_map_naming_an_unknown_entry_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    """A map item naming an entry that does not exist stops loading, naming the file."""
    path = tmp_path / "coverage.yaml"
    raw = yaml.safe_load((KNOWLEDGE_DIR / "coverage.yaml").read_text(encoding="utf-8"))
    raw[0]["entries"] = ["no-such-entry"]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"coverage\.yaml: sentence #1: unknown entry"):
        load_coverage(path, dict(kb.entries))


def test_map_item_without_answer_fails(tmp_path: Path, kb: KnowledgeBase) -> None:
    """A map item naming neither an entry nor a lookup stops loading."""
    path = tmp_path / "coverage.yaml"
    path.write_text("- text: 二、服务成效\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="names no entry"):
        load_coverage(path, dict(kb.entries))
