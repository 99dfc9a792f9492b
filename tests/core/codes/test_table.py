"""The code table of 附件2 and its everyday phrases: verbatim from the guide, complete, and
broken files stopping the load with the file and the entry named."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.codes import CodeBook
from bot.guide.knowledge import KNOWLEDGE_DIR, KnowledgeError
from bot.text.normalize import normalize
from tests.core.codes.queries import DATA

ANNEX2 = DATA / "annex2.txt"
"""附件2 copied verbatim from the guide, so the table is checked in a clean checkout too."""
GUIDE = Path(
    os.environ.get(
        "TIANBAO_GUIDE",
        Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_dbe7026040b95448.txt",
    )
)


def _guide_rows(text: str) -> list[list[str]]:
    """Rows of the guide's table: cells start with a tab; a wrapped cell goes on unindented."""
    rows = []
    for block in re.split(r"\n\s*\n", text):
        if "\t" in block:
            cells = re.split(r"(?:^|\n)\t", block)[1:]
            rows.append([c.replace("\n", "").strip() for c in cells])
    return rows[1:]  # the header row


def _guide_table(text: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """(major code -> (name, definition)), (minor code -> name) as printed in the guide."""
    majors: dict[str, tuple[str, str]] = {}
    minors: dict[str, str] = {}
    for row in _guide_rows(text):
        if len(row) == 4:  # class 10: number, code, name, definition
            majors[row[1]] = (row[2], row[3])
            continue
        if len(row) == 5:
            majors[row[1]] = (row[2], "")
            row = row[3:]
        minors[row[0]] = row[1]
    return majors, minors


def test_table_matches_the_guide(book: CodeBook) -> None:
    """codes.yaml holds exactly the guide's 8 majors and 93 minors, every name verbatim."""
    majors, minors = _guide_table(ANNEX2.read_text(encoding="utf-8"))
    assert len(majors) == 8
    assert len(minors) == 93
    assert {m.code: (m.name, m.definition or "") for m in book.table.majors} == majors
    assert {code: m.name for code, m in book.minors.items()} == minors


def test_table_keeps_the_long_1206_and_class_10_definition(book: CodeBook) -> None:
    """1206 keeps its description in brackets; class 10 has no minors, only its definition."""
    assert book.minors["1206"].short_name == "创业辅导"
    assert "创办三年内的小企业" in book.minors["1206"].name
    assert book.majors["10"].minors == ()
    assert book.majors["10"].definition is not None
    assert book.majors["13"].name == "人才与培训服务"


def test_overview_entry_counts_what_the_table_holds(book: CodeBook) -> None:
    """The FAQ's overview of 附件2 states counts: they are the table's."""
    from bot.guide.knowledge import load_knowledge

    answer = load_knowledge().entries["codes-table-overview"].answer
    assert f"{len(book.majors)}个大类" in answer
    assert f"共{len(book.minors)}个" in answer


def test_annex_copy_is_verbatim_from_the_guide() -> None:
    """The test copy of 附件2 is a verbatim part of the filing guide."""
    if not GUIDE.is_file():
        pytest.skip(f"guide not found at {GUIDE} (set TIANBAO_GUIDE)")
    assert ANNEX2.read_text(encoding="utf-8") in GUIDE.read_text(encoding="utf-8")


def test_every_minor_code_has_an_everyday_phrase(book: CodeBook) -> None:
    """code_synonyms.yaml gives every minor code at least one phrase of its own."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "code_synonyms.yaml").read_text(encoding="utf-8"))
    assert set(raw["codes"]) == set(book.minors)
    assert all(raw["codes"][code] for code in book.minors)


def test_noise_words_never_cut_into_a_name_or_phrase(book: CodeBook) -> None:
    """No removable question word sits inside a code name or phrase, so keywords stay whole."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "code_synonyms.yaml").read_text(encoding="utf-8"))
    texts = {normalize(m.short_name) for m in book.minors.values()}
    texts |= {normalize(m.name) for m in book.majors.values()}
    for group in ("codes", "majors"):
        texts |= {normalize(p) for phrases in raw[group].values() for p in phrases}
    clashes = sorted(
        (word, text) for word in map(normalize, raw["noise"]) for text in texts if word in text
    )
    assert clashes == []


def _broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    for name in ("codes.yaml", "code_synonyms.yaml"):
        shutil.copy(KNOWLEDGE_DIR / name, tmp_path / name)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param("codes.yaml", '"1102"', '"1202"', r"codes\.yaml: major 11: .*1202",
                     id="minor-in-wrong-class"),
        pytest.param("codes.yaml", '"1103"', '"113"', r"codes\.yaml: major 11: minors\.2\.code",
                     id="bad-code"),
        pytest.param("codes.yaml", '"1104"', '"1101"', r"codes\.yaml: major 11: duplicate 1101",
                     id="duplicate"),
        pytest.param("codes.yaml", "name: 投融资服务", "name: ''", r"codes\.yaml: major 11: name",
                     id="empty-name"),
        pytest.param("codes.yaml", "majors:", "majors: [", r"codes\.yaml: cannot be read",
                     id="yaml-syntax"),
        pytest.param("code_synonyms.yaml", '"1102":', '"1198":',
                     r"code_synonyms\.yaml: codes\.1198: unknown code", id="unknown-code"),
        pytest.param("code_synonyms.yaml", "[信托,", "['  ',",
                     r"code_synonyms\.yaml: codes\.1102: blank phrase", id="blank-phrase"),
        pytest.param("code_synonyms.yaml", '"11": [', '"19": [',
                     r"code_synonyms\.yaml: majors\.19: unknown code", id="unknown-class"),
        pytest.param("code_synonyms.yaml", "noise:", "extra: [1]\nnoise:",
                     r"code_synonyms\.yaml: extra", id="unknown-section"),
    ],
)
def test_broken_files_name_file_and_entry(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    """A broken table or phrase file raises KnowledgeError naming the file and the entry."""
    directory = _broken(tmp_path, file, old, new)
    with pytest.raises(KnowledgeError, match=message):
        CodeBook.load(directory)
