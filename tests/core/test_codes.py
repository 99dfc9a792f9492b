"""附件2 code look-up: the table against the guide, the phrase data, matching and replies."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.assistant import Assistant
from bot.codes import CodeBook, default_codebook, natural_intent
from bot.config import Settings
from bot.guide.knowledge import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeError, Lexicon
from bot.guide.rules import Clause
from bot.reply import ReplyKind
from bot.text.normalize import normalize
from bot.text.query import Query

DATA = Path(__file__).parent / "data"
ANNEX2 = DATA / "annex2.txt"
"""附件2 copied verbatim from the guide, so the table is checked in a clean checkout too."""
QUERY_SET = DATA / "code_queries.yaml"
GUIDE = Path(
    os.environ.get(
        "TIANBAO_GUIDE",
        Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_dbe7026040b95448.txt",
    )
)


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return default_codebook()


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


def test_every_minor_code_has_an_everyday_phrase() -> None:
    """code_synonyms.yaml gives every minor code at least one phrase of its own."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "code_synonyms.yaml").read_text(encoding="utf-8"))
    book = default_codebook()
    assert set(raw["codes"]) == set(book.minors)
    assert all(raw["codes"][code] for code in book.minors)


def test_noise_words_never_cut_into_a_name_or_phrase() -> None:
    """No removable question word sits inside a code name or phrase, so keywords stay whole."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "code_synonyms.yaml").read_text(encoding="utf-8"))
    book = default_codebook()
    texts = {normalize(m.short_name) for m in book.minors.values()}
    texts |= {normalize(m.name) for m in book.majors.values()}
    for group in ("codes", "majors"):
        texts |= {normalize(p) for phrases in raw[group].values() for p in phrases}
    clashes = sorted(
        (word, text) for word in map(normalize, raw["noise"]) for text in texts if word in text
    )
    assert clashes == []


def _query_set() -> list[tuple[str, str]]:
    raw = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))
    return [(item["q"], item["code"]) for item in raw["queries"]]


def test_query_set_accuracy(book: CodeBook) -> None:
    """Over at least 100 realistic queries: top-1 at least 95%, the code in the top 3 always."""
    cases = _query_set()
    assert len(cases) >= 100
    ranked = {q: [c.code for c in book.rank(q)] for q, _ in cases}
    top1 = sum(ranked[q][:1] == [code] for q, code in cases) / len(cases)
    missing = [(q, code, ranked[q]) for q, code in cases if code not in ranked[q][:3]]
    assert missing == []
    assert top1 >= 0.95


@pytest.mark.parametrize(("text", "code"), _query_set(), ids=[q for q, _ in _query_set()])
def test_query_is_answered_in_chat(text: str, code: str) -> None:
    """Each query of the set, sent as a chat message, gets a code reply naming its code."""
    reply = natural_intent()(Query(text))
    assert reply is not None
    assert reply.kind is ReplyKind.CODE
    assert code in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1403", ["1403 知识产权", "14 技术创新和质量服务"], id="minor"),
        pytest.param("1305是什么", ["1305 职称评审", "13 人才与培训服务"], id="minor-question"),
        pytest.param("14", ["14 技术创新和质量服务", "共25个中类", "1401 工业设计", "1499"],
                     id="major-lists-minors"),
        pytest.param("10", ["10 信息服务", "没有中类代码", "APP推送"], id="class-10-definition"),
        pytest.param("1403和1606分别是什么", ["1403 知识产权", "1606 应用电子商务"], id="two"),
        pytest.param("1206", ["创业辅导（为创业者和创办三年内的小企业"], id="long-1206"),
    ],
)
def test_code_replies(book: CodeBook, text: str, expected: list[str]) -> None:
    """A code gives its name and class; a class code gives its minors or its definition."""
    reply = book.lookup(text)
    assert reply.kind is ReplyKind.CODE
    assert reply.clause == Clause.CODE_TABLE
    for part in expected:
        assert part in reply.text


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        pytest.param("9999", ["1799"], id="far-out"),
        pytest.param("1888", ["1799", "1708"], id="no-class-18"),
        pytest.param("1115", ["1113", "1199"], id="gap-in-class"),
        pytest.param("1001", [], id="class-10-has-no-minors"),
    ],
)
def test_unknown_code_says_so_with_nearest(book: CodeBook, text: str, nearest: list[str]) -> None:
    """An unknown code is reported as missing, with the nearest valid codes and no made-up name."""
    reply = book.lookup(text)
    assert f"没有 {text} 这个代码" in reply.text
    for code in nearest:
        assert code in reply.text
    assert re.search(rf"{text} (?!这个)[\u4e00-\u9fff]", reply.text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("18", ["没有 18 这个大类", "10–17"], id="two-digit"),
        pytest.param("140", ["不是附件2的代码", "1401 工业设计", "1409"], id="three-digit"),
        pytest.param("", ["共8个大类", "10 信息服务", "17 法律服务"], id="empty-overview"),
        pytest.param("？？", ["共8个大类"], id="punctuation-only"),
        pytest.param("专" * 60, ["关键词太长了"], id="too-long"),
        pytest.param("[CQ:at,qq=all]", ["没找到"], id="cq-code-is-text"),
    ],
)
def test_bad_input_gets_a_clear_message(book: CodeBook, text: str, expected: list[str]) -> None:
    """Odd input gets a plain Chinese reply, never an exception or silence."""
    reply = book.lookup(text)
    assert reply.kind is ReplyKind.CODE
    for part in expected:
        assert part in reply.text


def test_close_candidates_are_offered_best_first(book: CodeBook) -> None:
    """贷款 fits two codes: both are offered, 1101 before 1105."""
    text = book.lookup("贷款").text
    assert "1101 银行信贷服务" in text
    assert "1105 小额贷款" in text
    assert text.index("1101") < text.index("1105")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("众筹", "1199", id="phrase-of-99"),
        pytest.param("法律顾问", "1799", id="class-word-plus-unknown"),
    ],
)
def test_nothing_specific_leads_to_the_99_code(book: CodeBook, text: str, code: str) -> None:
    """Without a specific minor code the class's 99 code is suggested, with the reason."""
    reply = book.lookup(text)
    assert code in reply.text
    assert "没有专门对应" in reply.text


def test_unmatched_keyword_gets_no_invented_code(book: CodeBook) -> None:
    """A word that fits nothing is answered as not found, with a pointer to the classes."""
    reply = book.lookup("物业服务")
    assert "没找到" in reply.text
    assert not re.search(r"\b1[0-7]\d\d\b", reply.text)
    assert reply.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "clause", "expected"),
    [
        pytest.param(
            "活动类别", "附件1 说明1", ["信息服务、创业服务、技术服务、培训服务、融资服务"],
            id="activity-categories",
        ),
        pytest.param("分类1", "（一）2", ["综合服务（仅限中小企业服务中心选择）", "法律咨询"],
                     id="category1"),
        pytest.param("服务功能分类2", "（一）3", ["不超过3项"], id="category2"),
    ],
)
def test_other_lists_are_answered_from_them(
    book: CodeBook, text: str, clause: str, expected: list[str]
) -> None:
    """活动类别 and 分类1/2 are answered from their own lists, with their clause."""
    reply = book.lookup(text)
    assert reply.clause == clause
    assert "不是附件2" in reply.text
    for part in expected:
        assert part in reply.text


@pytest.mark.parametrize(
    ("text", "code", "lists"),
    [
        pytest.param("信息服务", "10 信息服务", ["活动类别"], id="info-in-both"),
        pytest.param("展览展销", "1601", ["服务功能分类1"], id="category1-name"),
        pytest.param("技术服务", "14 技术创新和质量服务", ["活动类别", "不是附件2 的代码名称"],
                     id="activity-name-only"),
        pytest.param("技术支持", "14 技术创新和质量服务", ["服务功能分类1"], id="category1-only"),
    ],
)
def test_name_collisions_say_which_list(
    book: CodeBook, text: str, code: str, lists: list[str]
) -> None:
    """A name that is also a 活动类别 or 分类1 option is answered with the list it comes from."""
    reply = book.lookup(text)
    assert code in reply.text
    for part in lists:
        assert part in reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("活动类别怎么填", id="activity-faq"),
        pytest.param("分类1选什么", id="category1-faq"),
        pytest.param("分类2选哪个", id="category2-faq"),
        pytest.param("注册账号收不到验证码", id="tech"),
        pytest.param("统一社会信用代码填什么", id="credit-code"),
        pytest.param("上传报错代码500", id="error-code"),
        pytest.param("8场活动能选几个分类2", id="numeric-category2"),
        pytest.param("2023年做了12场活动", id="year-and-count"),
        pytest.param("我们一年办了40多场材料都要提供吗", id="about-count"),
        pytest.param("40是什么", id="two-digit-not-a-class"),
        pytest.param("18", id="bare-two-digit-not-a-class"),
        pytest.param("807645478", id="qq-group-number"),
        pytest.param("培训活动属于哪类", id="activity-kind"),
        pytest.param("专利", id="bare-phrase"),
        pytest.param("附件2是什么", id="table-overview-faq"),
        pytest.param("代码去哪查", id="how-to-find-faq"),
        pytest.param("信息服务大类为什么没有中类代码", id="why-faq"),
        pytest.param("平台名称有什么要求", id="name-faq"),
        pytest.param("明天会下雨吗", id="weather"),
    ],
)
def test_natural_intent_leaves_other_questions_alone(text: str) -> None:
    """Messages that are not code questions go on to the other intents and the FAQ."""
    assert natural_intent()(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("注册公司是哪个代码", "1204", id="register-company-not-tech"),
        pytest.param("1403", "1403", id="bare-code"),
        pytest.param("17", "1701", id="bare-class"),
        pytest.param("知识产全代码", "1403", id="typo"),
        pytest.param("zscq", "1403", id="initials"),
        pytest.param("知識產權屬於哪類", "1403", id="traditional"),
        pytest.param("劳务派遣", "1308", id="bare-name"),
        pytest.param("展会活动是哪个代码", "1601", id="activity-word-with-code"),
        pytest.param("活动类别的代码是多少", "融资服务", id="activity-list-with-code"),
        pytest.param("9999是什么代码", "没有 9999", id="unknown"),
        pytest.param("1403是知识产权吗", "1403 知识产权", id="confirm-code"),
        pytest.param("1403、1606是什么", "1606 应用电子商务", id="two-codes"),
    ],
)
def test_natural_intent_takes_code_questions(text: str, code: str) -> None:
    """Code questions in chat are answered by the code intent."""
    reply = natural_intent()(Query(text))
    assert reply is not None
    assert code in reply.text


def test_assistant_routes_code_questions_before_the_tech_router() -> None:
    """Through the assistant, 注册公司 is a code question while a login problem stays technical."""
    empty = KnowledgeBase(clauses={}, entries={}, lexicon=Lexicon())
    assistant = Assistant(empty, Settings())
    assert assistant.reply("注册公司是哪个代码").kind is ReplyKind.CODE
    assert assistant.reply("注册账号收不到验证码").kind is ReplyKind.TECH


def test_confidence_reflects_the_match(book: CodeBook) -> None:
    """An exact name is fully confident, a typo less, a guess less still."""
    exact = book.lookup("知识产权").confidence
    typo = book.lookup("知识财权").confidence
    missing = book.lookup("物业服务").confidence
    assert exact == 1.0
    assert missing < typo < exact


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
