"""Export to a knowledge file and import of such a file, checked whole before storing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.faq.repository import FaqRepository, ImportFailedError
from bot.faq.storage import Storage
from bot.guide.knowledge import load_entry_files, load_knowledge
from tests.core.faq.conftest import Opener
from tests.core.faq.sample import ADMIN, CLAUSES, SHIPPED, revision_count


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
        pytest.param("- a\n- b\n", "最外层", id="not-an-entry-file"),
        pytest.param("[" * 3000 + "]" * 3000, "嵌套太深", id="deeply-nested"),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, question: "
            + "[" * 3000 + "]" * 3000 + ", answer: a}\n",
            "嵌套太深", id="deeply-nested-question",
        ),
        pytest.param("topic: t\nentries: []\nextra: 1\n", "不认识的项 extra", id="unknown-key"),
        pytest.param("entries: []\n", "缺少 topic", id="no-topic"),
        pytest.param("topic: t\nentries: 全部\n", "entries 应该是问答列表", id="entries-text"),
        pytest.param("topic: t\nentries:\n- [a, b]\n", "第1条应该是", id="entry-a-list"),
        pytest.param(
            "topic: t\nentries:\n- {id: A B, origin: admin, question: q, answer: a}\n",
            "编号只能用", id="bad-id",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, answer: a}\n",
            "缺少问题", id="no-question",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: nobody, question: q, answer: a}\n",
            "来源 origin只能是", id="bad-origin",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, question: q, answer: "
            + "9" * 5000 + "}\n",
            "读不了", id="huge-number",
        ),
        pytest.param(
            "topic: t\nentries:\n- {id: x, origin: admin, question: " + "问" * 201
            + ", answer: a}\n",
            "问题或问法太长", id="question-too-long",
        ),
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
    assert await revision_count(repo) == 0


async def test_import_of_the_longest_admin_id_leaves_add_working(repo: FaqRepository) -> None:
    """An imported `admin-<58 digits>` id (64 characters, the most an id may have) does not
    make the next `add` invent an id too long to store."""
    long_id = "admin-" + "9" * 58
    text = (
        f"topic: t\nentries:\n- {{id: {long_id}, origin: admin, question: 旗子什么颜色,"
        " answer: 红色}\n"
    )
    await repo.import_yaml(text, ADMIN)
    entry = await repo.add("桌牌放哪里", "门口", ADMIN)
    assert entry.id == "admin-1"
    assert set(await repo.effective()) == {long_id, "admin-1"}
