"""The merge rule: stored revisions over shipped files that change between restarts."""

from __future__ import annotations

import pytest

from bot.faq.repository import InvalidInputError
from tests.core.faq.conftest import Opener
from tests.core.faq.sample import ADMIN, GAP, NAME, PDF, knowledge


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
