"""Every setting is documented where operators look for it."""

from __future__ import annotations

import ast
import itertools
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


def _field_docstrings() -> dict[str, str]:
    """Settings' fields with the string right below each, from bot/config.py's source."""
    tree = ast.parse((ROOT / "bot" / "config.py").read_text(encoding="utf-8"))
    settings = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    found: dict[str, str] = {}
    for field, below in itertools.pairwise(settings.body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(below, ast.Expr)
            and isinstance(below.value, ast.Constant)
            and isinstance(below.value.value, str)
        ):
            found[field.target.id] = below.value.value
    return found


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_has_a_docstring(name: str) -> None:
    """Each field says what it is for in a docstring right below it."""
    assert _field_docstrings().get(name, "").strip()


@pytest.mark.parametrize(
    ("text", "weekly"),
    [
        pytest.param("mon 09:00", (0, 9, 0), id="default"),
        pytest.param("Fri 17:30", (4, 17, 30), id="capitalised"),
        pytest.param("friday 7:05", (4, 7, 5), id="full-day-name"),
        pytest.param("sun9:00", (6, 9, 0), id="no-space"),
        pytest.param("周五 17:30", (4, 17, 30), id="zhou"),
        pytest.param("星期日 21：00", (6, 21, 0), id="xingqi-full-width-colon"),
        pytest.param("周天 8:00", (6, 8, 0), id="zhoutian"),
        pytest.param("off", None, id="off"),
        pytest.param("关闭", None, id="off-chinese"),
    ],
)
def test_weekly_digest_time_is_read(text: str, weekly: tuple[int, int, int] | None) -> None:
    """ASSISTANT_WEEKLY_DIGEST: a weekday and a time, in English or Chinese, or off."""
    from bot.config import Weekly, parse_weekly

    assert parse_weekly(text) == (Weekly(*weekly) if weekly else None)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("monday", id="no-time"),
        pytest.param("mon 24:00", id="hour-out-of-range"),
        pytest.param("mon 9:60", id="minute-out-of-range"),
        pytest.param("someday 09:00", id="unknown-day"),
        pytest.param("09:00", id="no-day"),
    ],
)
def test_a_malformed_digest_time_stops_start_up(text: str) -> None:
    """A malformed value fails the settings with a message saying how to write it."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="mon 09:00"):
        Settings(assistant_weekly_digest=text)


@pytest.mark.parametrize("value", [False, 0, "false"], ids=["json-false", "json-zero", "text"])
def test_digest_off_as_the_environment_reads_it(value: object) -> None:
    """NoneBot reads `false` or `0` from the environment as JSON; both mean off."""
    from bot.config import parse_weekly

    assert parse_weekly(Settings(assistant_weekly_digest=value).assistant_weekly_digest) is None
