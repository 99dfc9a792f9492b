"""Admin requests over the repository: add, edit, paraphrase, delete, restore, roll back, search."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

import pytest

from bot.faq.repository import (
    DuplicateQuestionError,
    EntryNotFoundError,
    FaqError,
    FaqRepository,
    InvalidInputError,
    MissedNotFoundError,
    VersionNotFoundError,
)
from tests.core.faq.conftest import Opener
from tests.core.faq.sample import ADMIN, NAME, OTHER, PDF, SHIPPED, revision_count


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
    assert await revision_count(repo) == 0
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
    assert await revision_count(repo) == 0


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
