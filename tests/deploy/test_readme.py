"""README.md and bench/README.md stay true of the tree: every path they name exists, no path a
public clone lacks, every setting they name is a real one, and the deployment steps match
deploy/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings

from .conftest import DEPLOY, ROOT

DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md", ROOT / "CHANGELOG.md"]
# A backticked or linked relative path under one of the repository's top-level folders.
TOP = "bot|plugins|knowledge|tests|bench|deploy|scripts"
# Made by the operator or by `pip install .`, not part of the tree.
CREATED = {"deploy/.env", "bot/knowledge"}
PATH = re.compile(rf"(?:`|\]\()((?:{TOP})/[\w./*-]*|[\w-]+\.(?:md|toml|py|sh))(?:`|\))")


def _paths(doc: Path) -> list[str]:
    return sorted({m.group(1).rstrip("/") for m in PATH.finditer(doc.read_text("utf-8"))})


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_named_paths_exist(doc: Path) -> None:
    """Each repository path a document names (globs included) exists in the tree."""
    base = ROOT if doc.parent == ROOT else doc.parent
    missing = [
        p
        for p in _paths(doc)
        if p not in CREATED
        and not any(ROOT.glob(p))
        and not any(base.glob(p))
        and not (ROOT / p).exists()
    ]
    assert not missing


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_no_paths_outside_a_public_clone(doc: Path) -> None:
    """No document sends readers to ../shared or /tmp, which a public clone does not have."""
    text = doc.read_text("utf-8")
    assert "../shared" not in text
    assert "/tmp" not in text


def test_named_settings_exist() -> None:
    """Every ASSISTANT_* variable the README or an env example names is a field of Settings."""
    fields = {name.upper() for name in Settings.model_fields}
    for doc in (ROOT / "README.md", ROOT / ".env.example", DEPLOY / ".env.example"):
        named = set(re.findall(r"\bASSISTANT_[A-Z0-9_]+", doc.read_text("utf-8")))
        assert named <= fields, doc.name


def test_deployment_steps_match_deploy() -> None:
    """README's NapCat step uses the compose file's reverse WebSocket URL, and its Lagrange
    step the bot's default port and the OneBot v11 path."""
    readme = (ROOT / "README.md").read_text("utf-8")
    config = (DEPLOY / "napcat" / "onebot11.json").read_text("utf-8")
    [url] = re.findall(r'"url": "([^"]+)"', config)
    assert f"URL：`{url}`" in readme
    assert '"Type": "ReverseWebSocket"' in readme
    assert '"Suffix": "/onebot/v11/ws"' in readme
    assert '"Port": 8080' in readme
    assert "ws://127.0.0.1:8080/onebot/v11/ws" in readme


def test_readme_links_the_changelog_and_bench() -> None:
    """The README points developers at bench/README.md and operators at CHANGELOG.md."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "(bench/README.md)" in readme
    assert "(CHANGELOG.md)" in readme
