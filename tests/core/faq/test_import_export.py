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
    assert await revision_count(repo) == 0
