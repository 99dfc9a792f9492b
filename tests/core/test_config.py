"""Every setting is documented where operators look for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name: str) -> None:
    """Each field is in .env.example (commented) and in README's settings table."""
    variable = name.upper()
    assert f"# {variable}=" in (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"`{variable}`" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_has_a_docstring(name: str) -> None:
    """Each field says what it is for (pydantic keeps attribute docstrings as descriptions)."""
    assert Settings.model_fields[name].description
