"""Admin changes over the shipped knowledge: edits, merge rule, history, missed, export/import."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import yaml

from bot.faq.repository import (
    Actor,
    DuplicateQuestionError,
    EntryNotFoundError,
    FaqError,
    FaqRepository,
    ImportFailedError,
    InvalidInputError,
    MissedNotFoundError,
    VersionNotFoundError,
)
from bot.faq.storage import Storage
from bot.guide.knowledge import (
    KNOWLEDGE_DIR,
    Entry,
    KnowledgeBase,
    Lexicon,
    load_clauses,
    load_entry_files,
    load_knowledge,
)

ADMIN = Actor("90001", "私聊")
OTHER = Actor("90002", "群807645478")
CLAUSES = load_clauses(KNOWLEDGE_DIR / "clauses.yaml")

NAME = Entry(
    id="name-rule",
    clause="（一）1",
    question="平台名称有什么要求",
    paraphrases=("名称能写国家级吗",),
    answer="平台名称不得包含“国家”“中国”“省级”“示范”等字样，须以“平台”结尾。",
)
PDF = Entry(
    id="proof-format",
    clause="（二）",
    question="证明材料是什么格式",
    answer="服务活动证明材料整合成一个文档，格式限制为PDF。",
)
GAP = Entry(
    id="deadline",
    kind="gap",
    question="填报截止时间是什么时候",
    answer="填报指南没有写截止时间，请打咨询电话 02583673201 确认。",
)


def knowledge(*entries: Entry) -> KnowledgeBase:
    return KnowledgeBase(
        clauses=CLAUSES,
        entries={e.id: e for e in entries},
        lexicon=Lexicon(fillers=("请问", "老师")),
    )


SHIPPED = knowledge(NAME, PDF, GAP)

Opener = Callable[..., Awaitable[FaqRepository]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "faq.sqlite3"


@pytest.fixture
async def open_repo(db: Path) -> AsyncIterator[Opener]:
    """Opens repositories on the test's database file; closes them all afterwards."""
    opened: list[Storage] = []
    ticks = itertools.count(1_700_000_000)

    async def _open(shipped: KnowledgeBase = SHIPPED, max_chars: int = 200) -> FaqRepository:
        storage = await Storage.open(db)
        opened.append(storage)
        return FaqRepository(
            storage, shipped, answer_max_chars=max_chars, clock=lambda: float(next(ticks))
        )

    yield _open
    for storage in opened:
        await storage.close()


@pytest.fixture
async def repo(open_repo: Opener) -> FaqRepository:
    return await open_repo()


async def _revision_count(repo: FaqRepository) -> int:
    async with repo.storage.read() as conn, conn.execute("SELECT count(*) FROM revision") as cur:
        row = await cur.fetchone()
    return int(row[0])


async def test_add_creates_admin_entry_without_clause(repo: FaqRepository) -> None:
    """`add` stores a new entry with an admin id that is answered at once."""
    entry = await repo.add("可以找人代填吗", "填报指南没有写这一点，请打 02583673201 问。", ADMIN)
    assert entry.id == "admin-1"
    assert entry.origin == "admin"
    assert entry.clause is None
    effective = await repo.effective()
    assert list(effective) == ["name-rule", "proof-format", "deadline", "admin-1"]
    assert (await repo.add("第二个问题", "答", ADMIN)).id == "admin-2"


@pytest.mark.parametrize(
    ("question", "answer", "error", "words"),
    [
        pytest.param("", "答案", InvalidInputError, "问题不能为空", id="empty-question"),
        pytest.param("  ，。 ", "答案", InvalidInputError, "问题不能为空", id="punct-question"),
        pytest.param("新问题", "   ", InvalidInputError, "答案不能为空", id="empty-answer"),
        pytest.param("新问题", "字" * 201, InvalidInputError, "最多200字", id="answer-too-long"),
        pytest.param("问" * 201, "答案", InvalidInputError, "问题太长", id="question-too-long"),
        pytest.param(
            "平台名称有什么要求", "答案", DuplicateQuestionError, "name-rule", id="dup-question"
        ),
        pytest.param(
            "请问名称能写国家级吗？", "答案", DuplicateQuestionError, "name-rule",
            id="dup-paraphrase-with-filler",
        ),
    ],
)
async def test_add_rejects_bad_input(
    repo: FaqRepository, question: str, answer: str, error: type[FaqError], words: str
) -> None:
    """Bad or duplicate input raises a Chinese message and stores nothing."""
    with pytest.raises(error, match=words):
        await repo.add(question, answer, ADMIN)
    assert await _revision_count(repo) == 0
    assert await repo.effective() == SHIPPED.entries


async def test_edit_overrides_shipped_and_records_history(repo: FaqRepository) -> None:
    """An edit of a shipped id stores an override with who, where, before and after."""
    await repo.edit("name-rule", "新的答案", OTHER)
    assert (await repo.effective())["name-rule"].answer == "新的答案"
    assert (await repo.effective())["name-rule"].clause == "（一）1"
    state = await repo.show("NAME-RULE")
    assert (state.source, state.version, state.shipped_changed) == ("override", 1, False)
    [rev] = await repo.history("name-rule")
    assert (rev.version, rev.action, rev.actor, rev.place) == (1, "edit", "90002", "群807645478")
    assert rev.before == NAME
    assert rev.after is not None
    assert rev.after.answer == "新的答案"
    assert rev.created_at > 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param(lambda r: r.edit("nope", "答", ADMIN), EntryNotFoundError, id="edit-unknown"),
        pytest.param(lambda r: r.edit("", "答", ADMIN), InvalidInputError, id="edit-no-id"),
        pytest.param(
            lambda r: r.edit("proof-format", PDF.answer, ADMIN), InvalidInputError,
            id="edit-same-answer",
        ),
        pytest.param(
            lambda r: r.alias("nope", "问法", ADMIN), EntryNotFoundError, id="alias-unknown"
        ),
        pytest.param(
            lambda r: r.alias("name-rule", "名称能写国家级吗", ADMIN), DuplicateQuestionError,
            id="alias-own-duplicate",
        ),
        pytest.param(
            lambda r: r.alias("name-rule", "证明材料是什么格式", ADMIN), DuplicateQuestionError,
            id="alias-other-duplicate",
        ),
        pytest.param(
            lambda r: r.alias("name-rule", " ", ADMIN), InvalidInputError, id="alias-empty"
        ),
        pytest.param(lambda r: r.delete("nope", ADMIN), EntryNotFoundError, id="del-unknown"),
        pytest.param(
            lambda r: r.restore("name-rule", ADMIN), InvalidInputError, id="restore-visible"
        ),
        pytest.param(lambda r: r.rollback("name-rule", 3, ADMIN), VersionNotFoundError,
                     id="rollback-unknown-version"),
        pytest.param(lambda r: r.rollback("name-rule", 0, ADMIN), InvalidInputError,
                     id="rollback-already-shipped"),
        pytest.param(lambda r: r.history("nope"), EntryNotFoundError, id="history-unknown"),
        pytest.param(lambda r: r.show("nope"), EntryNotFoundError, id="show-unknown"),
        pytest.param(lambda r: r.search("  "), InvalidInputError, id="search-empty"),
        pytest.param(lambda r: r.list_entries(9), InvalidInputError, id="list-page-out-of-range"),
        pytest.param(lambda r: r.ignore(5, ADMIN), MissedNotFoundError, id="ignore-unknown"),
        pytest.param(lambda r: r.adopt(5, ADMIN, entry_id="name-rule"), MissedNotFoundError,
                     id="adopt-unknown"),
    ],
)
async def test_bad_requests_change_nothing(
    repo: FaqRepository, call: Callable[[FaqRepository], object], error: type[FaqError]
) -> None:
    """Every bad request raises its Chinese error and leaves the database as it was."""
    with pytest.raises(error) as caught:
        await call(repo)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))
    assert await _revision_count(repo) == 0


async def test_alias_adds_paraphrase(repo: FaqRepository) -> None:
    """A new paraphrase is kept after the shipped ones."""
    entry = await repo.alias("proof-format", "材料要交什么文件类型", ADMIN)
    assert entry.paraphrases == ("材料要交什么文件类型",)
    assert (await repo.effective())["proof-format"].texts[-1] == "材料要交什么文件类型"


async def test_delete_hides_and_restore_brings_back(repo: FaqRepository) -> None:
    """A deleted entry is not answered, is listed as hidden, and comes back on restore."""
    await repo.delete("proof-format", ADMIN)
    assert "proof-format" not in await repo.effective()
    page = await repo.list_entries()
    assert [s.id for s in page.items][-1] == "proof-format"
    assert page.items[-1].hidden
    with pytest.raises(InvalidInputError, match="已删除"):
        await repo.edit("proof-format", "新答案", ADMIN)
    with pytest.raises(InvalidInputError):
        await repo.delete("proof-format", ADMIN)
    await repo.restore("proof-format", ADMIN)
    assert (await repo.effective())["proof-format"] == PDF
    assert (await repo.show("proof-format")).source == "shipped"


async def test_rollback_to_version_and_to_shipped(repo: FaqRepository) -> None:
    """Rollback restores a stored version; version 0 goes back to the shipped entry."""
    await repo.edit("name-rule", "答案一", ADMIN)
    await repo.edit("name-rule", "答案二", ADMIN)
    await repo.delete("name-rule", ADMIN)
    await repo.rollback("name-rule", 1, OTHER)
    assert (await repo.effective())["name-rule"].answer == "答案一"
    await repo.rollback("name-rule", 0, OTHER)
    assert (await repo.effective())["name-rule"] == NAME
    history = await repo.history("name-rule")
    assert [r.version for r in history] == [1, 2, 3, 4, 5]
    assert [r.action for r in history] == ["edit", "edit", "delete", "rollback", "rollback"]
    assert history[-1].follows_shipped


async def test_rollback_of_admin_entry_has_no_version_zero(repo: FaqRepository) -> None:
    """An admin entry has no shipped version to go back to."""
    entry = await repo.add("新问题", "答案", ADMIN)
    with pytest.raises(VersionNotFoundError, match="版本0"):
        await repo.rollback(entry.id, 0, ADMIN)


async def test_changes_survive_restart(open_repo: Opener) -> None:
    """Closing and reopening the database keeps every change."""
    repo = await open_repo()
    await repo.add("新问题", "答案", ADMIN)
    await repo.edit("name-rule", "改过的", ADMIN)
    await repo.delete("deadline", ADMIN)
    before = await repo.effective()
    await repo.storage.close()
    again = await open_repo()
    assert await again.effective() == before
    assert await again.storage.integrity_check() == "ok"


async def test_newer_shipped_file_never_erases_an_override(
    open_repo: Opener,
) -> None:
    """A changed shipped entry does not replace an admin override; show reports the change."""
    repo = await open_repo()
    await repo.edit("name-rule", "管理员的答案", ADMIN)
    await repo.delete("proof-format", ADMIN)
    await repo.restore("proof-format", ADMIN)
    await repo.storage.close()

    newer_name = NAME.model_copy(update={"answer": "文件里的新答案"})
    newer_pdf = PDF.model_copy(update={"answer": "文件里的新 PDF 答案"})
    repo = await open_repo(knowledge(newer_name, newer_pdf, GAP))
    effective = await repo.effective()
    assert effective["name-rule"].answer == "管理员的答案"
    state = await repo.show("name-rule")
    assert state.shipped_changed
    assert state.shipped == newer_name
    # Delete and restore store no content: that entry keeps following the file.
    assert effective["proof-format"] == newer_pdf
    assert not (await repo.show("proof-format")).shipped_changed
    await repo.rollback("name-rule", 0, ADMIN)
    assert (await repo.effective())["name-rule"] == newer_name


async def test_shipped_entry_removed_from_files(open_repo: Opener) -> None:
    """An override outlives its shipped entry; a merely followed entry goes with the file."""
    repo = await open_repo()
    await repo.edit("name-rule", "管理员的答案", ADMIN)
    await repo.delete("deadline", ADMIN)
    await repo.storage.close()
    repo = await open_repo(knowledge(PDF))
    effective = await repo.effective()
    assert effective["name-rule"].answer == "管理员的答案"
    assert (await repo.show("name-rule")).shipped_removed
    assert "deadline" not in effective
    with pytest.raises(InvalidInputError, match="内置文件"):
        await repo.restore("deadline", ADMIN)


async def test_admin_id_later_shipped_is_reported(open_repo: Opener) -> None:
    """A committed export ships an admin entry: the same content is quiet, a different one
    is reported, and the stored one wins until rolled back."""
    repo = await open_repo()
    entry = await repo.add("新问题", "答案", ADMIN)
    await repo.storage.close()
    repo = await open_repo(knowledge(NAME, PDF, GAP, entry))
    state = await repo.show(entry.id)
    assert (state.source, state.shipped_changed) == ("override", False)
    assert (await repo.add("再一个", "答案", ADMIN)).id == "admin-2"
    await repo.storage.close()
    reviewed = entry.model_copy(update={"answer": "审核后改过的答案"})
    repo = await open_repo(knowledge(NAME, PDF, GAP, reviewed))
    assert (await repo.show(entry.id)).shipped_changed
    assert (await repo.effective())[entry.id].answer == "答案"
    await repo.rollback(entry.id, 0, ADMIN)
    assert (await repo.effective())[entry.id] == reviewed


async def test_concurrent_edits_lose_no_update(repo: FaqRepository) -> None:
    """Two admins adding paraphrases at the same time: every one is kept, versions in order."""
    words = [f"第{i}种问法" for i in range(30)]
    actors = itertools.cycle([ADMIN, OTHER])
    await asyncio.gather(*(repo.alias("proof-format", w, next(actors)) for w in words))
    entry = (await repo.effective())["proof-format"]
    assert sorted(entry.paraphrases) == sorted(words)
    assert [r.version for r in await repo.history("proof-format")] == list(range(1, 31))


async def test_two_connections_lose_no_update(open_repo: Opener) -> None:
    """Two processes' connections on one file interleave writes without losing one."""
    first = await open_repo()
    second = await open_repo()
    words = [f"问法{i}" for i in range(20)]
    await asyncio.gather(
        *((first if i % 2 else second).alias("name-rule", w, ADMIN) for i, w in enumerate(words))
    )
    paraphrases = (await first.effective())["name-rule"].paraphrases
    assert sorted(paraphrases[1:]) == sorted(words)


async def test_missed_questions_are_grouped(repo: FaqRepository) -> None:
    """Similar missed questions share a number; the count and last time grow."""
    a = await repo.record_missed("填报截止时间是什么时候", Actor("1", "私聊"))
    b = await repo.record_missed("请问什么时候截止", Actor("2", "群807645478"))
    c = await repo.record_missed("网站地址是多少", Actor("3", "私聊"))
    assert a is not None
    assert b is not None
    assert c is not None
    assert a.number == b.number != c.number
    groups = await repo.missed()
    assert [(g.number, g.count) for g in groups] == [(a.number, 2), (c.number, 1)]
    assert groups[0].last_at > groups[0].first_at
    assert groups[0].sample == "填报截止时间是什么时候"
    assert await repo.record_missed("  ", ADMIN) is None
    assert await repo.record_missed("长" * 400, ADMIN) is None


async def test_adopt_and_ignore_missed(repo: FaqRepository) -> None:
    """Adopt makes a paraphrase or a new entry; ignore hides the number; both are audited."""
    one = await repo.record_missed("活动照片要拍几张", ADMIN)
    two = await repo.record_missed("可以找人代填吗", ADMIN)
    three = await repo.record_missed("今天食堂吃什么", ADMIN)
    assert one is not None
    assert two is not None
    assert three is not None
    entry = await repo.adopt(one.number, ADMIN, entry_id="proof-format")
    assert "活动照片要拍几张" in entry.paraphrases
    new = await repo.adopt(two.number, OTHER, answer="填报指南没有写这一点。")
    assert (new.id, new.question) == ("admin-1", "可以找人代填吗")
    await repo.ignore(three.number, ADMIN)
    assert await repo.missed() == []
    with pytest.raises(InvalidInputError, match="已经采纳"):
        await repo.adopt(one.number, ADMIN, entry_id="name-rule")
    with pytest.raises(InvalidInputError, match="二选一"):
        await repo.adopt(three.number, ADMIN)
    # An ignored question asked again is counted under its number but stays out of the list.
    again = await repo.record_missed("今天食堂吃什么", ADMIN)
    assert again is not None
    assert (again.number, again.count) == (three.number, 2)
    assert await repo.missed() == []
    actions = [r.action for r in await repo.audit()]
    assert actions == ["ignore", "adopt", "adopt"]


async def test_search_by_keyword_and_by_similarity(repo: FaqRepository) -> None:
    """Keyword hits come first; without one the closest entries are offered."""
    assert [s.id for s in await repo.search("PDF")] == ["proof-format"]
    assert [s.id for s in await repo.search("名称")] == ["name-rule"]
    assert (await repo.search("证明材料要什么格式的"))[0].id == "proof-format"


async def test_list_pages(repo: FaqRepository) -> None:
    """Listing is paged in the effective order."""
    page = await repo.list_entries(1, per_page=2)
    assert ([s.id for s in page.items], page.pages, page.total) == (
        ["name-rule", "proof-format"], 2, 3
    )
    assert [s.id for s in (await repo.list_entries(2, per_page=2)).items] == ["deadline"]


async def _changed(repo: FaqRepository) -> None:
    await repo.add("可以找人代填吗", "指南没有写。\n请打 02583673201 问。", ADMIN)
    await repo.edit("name-rule", "多行答案：\n第一行\n第二行", ADMIN)
    await repo.alias("proof-format", "材料要交什么文件类型", ADMIN)
    await repo.delete("deadline", ADMIN)


async def test_export_import_round_trip(
    open_repo: Opener, tmp_path: Path
) -> None:
    """An export imported into an empty database gives the same knowledge."""
    repo = await open_repo()
    await _changed(repo)
    exported = await repo.export_yaml()
    assert "answer: |" in exported  # multi-line answers stay readable in a diff

    fresh_storage = await Storage.open(tmp_path / "other.sqlite3")
    try:
        fresh = FaqRepository(fresh_storage, SHIPPED, answer_max_chars=200)
        result = await fresh.import_yaml(exported, ADMIN)
        assert (result.added, result.changed, result.hidden) == (1, 2, 1)
        assert await fresh.effective() == await repo.effective()
        assert await fresh.export_yaml() == exported
    finally:
        await fresh_storage.close()

    again = await repo.import_yaml(exported, ADMIN)
    assert (again.total_changes, again.unchanged) == (0, 3)


async def test_export_loads_as_a_knowledge_file(repo: FaqRepository, tmp_path: Path) -> None:
    """The export is a valid `knowledge/faq/*.yaml` file for the shipped loader."""
    await _changed(repo)
    path = tmp_path / "faq.yaml"
    path.write_text(await repo.export_yaml(), encoding="utf-8")
    entries, _ = load_entry_files([path], CLAUSES)
    assert entries == await repo.effective()


async def test_real_knowledge_round_trips(tmp_path: Path) -> None:
    """The shipped knowledge itself survives export and reload unchanged."""
    shipped = load_knowledge()
    storage = await Storage.open(tmp_path / "real.sqlite3")
    try:
        repo = FaqRepository(storage, shipped)
        path = tmp_path / "export.yaml"
        path.write_text(await repo.export_yaml(), encoding="utf-8")
        entries, _ = load_entry_files([path], shipped.clauses)
        assert entries == shipped.entries
        result = await repo.import_yaml(path.read_text(encoding="utf-8"), ADMIN)
        assert (result.total_changes, result.unchanged) == (0, len(shipped.entries))
    finally:
        await storage.close()


async def test_import_of_shipped_content_follows_the_file(repo: FaqRepository) -> None:
    """Importing an entry equal to the shipped one goes back to following the file."""
    await repo.edit("name-rule", "改过的", ADMIN)
    plain = yaml.safe_dump(
        {"topic": "t", "entries": [e.model_dump(exclude_defaults=True) | {"id": e.id}
                                   for e in SHIPPED.entries.values()]},
        allow_unicode=True,
    )
    result = await repo.import_yaml(plain, ADMIN)
    assert (result.changed, result.unchanged) == (1, 2)
    assert (await repo.show("name-rule")).source == "shipped"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("topic: [", "YAML", id="not-yaml"),
        pytest.param("- a\n- b\n", "格式不对", id="not-an-entry-file"),
        pytest.param("topic: t\nentries: []\n", "没有问答", id="empty"),
        pytest.param(
            "topic: t\nentries:\n- {id: x, clause: 不存在, question: q, answer: a}\n",
            "第1条", id="unknown-clause",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, question: q, answer: a}\n"
            "- {id: x, origin: admin, question: r, answer: b}\n",
            "两次", id="duplicate-id",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, question: q, answer: "
            + "长" * 201 + "}\n",
            "超过200字", id="answer-too-long",
        ),
    ],
)
async def test_bad_import_changes_nothing(repo: FaqRepository, text: str, words: str) -> None:
    """A broken import file is refused whole with a Chinese reason."""
    with pytest.raises(ImportFailedError, match=words):
        await repo.import_yaml(text, ADMIN)
    assert await _revision_count(repo) == 0
