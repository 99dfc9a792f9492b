"""The knowledge files are read with libyaml's loader (`bot.guide.knowledge.read_yaml`), which
must give what PyYAML's pure-Python safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.guide.knowledge import KNOWLEDGE_DIR, read_yaml

FILES = sorted(KNOWLEDGE_DIR.rglob("*.yaml"))


def test_libyaml_is_used_when_available() -> None:
    """PyYAML wheels ship libyaml; without it start-up reads the files ten times slower."""
    assert yaml.__with_libyaml__


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(KNOWLEDGE_DIR)) for p in FILES])
def test_every_shipped_file_reads_as_safe_load(path: Path) -> None:
    """The same data, value for value, as `yaml.safe_load` of the file."""
    assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
