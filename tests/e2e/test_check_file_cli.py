"""`python -m bot check-file PATH` prints the report the bot gives in chat for that file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.files import FileLimits, check_path
from bot.files.limits import MB
from tests.core.files import makers
from tests.core.files.test_proof import proof
from tests.e2e.peer import PROJECT_ROOT

YEAR = 2024


def _run(tmp_path: Path, path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSTORE_", "ASSISTANT_"))}
    base.update(LOCALSTORE_DATA_DIR=str(tmp_path / "data"), ASSISTANT_REPORTING_YEAR=str(YEAR))
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "check-file", str(path)], cwd=PROJECT_ROOT, env=base,
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("汇总表.xlsx",
                     makers.xlsx({"汇总表": makers.template(
                         [*makers.activities(4, year=YEAR), makers.activity(5, people=3)]
                     )}), id="summary-table"),
        pytest.param("证明材料.pdf", proof(), id="proof-pdf"),
        pytest.param("说明.doc", makers.old_word(), id="unreadable-type"),
    ],
)
def test_prints_the_chat_report(tmp_path: Path, name: str, data: bytes) -> None:
    """The printed report is `check_path`'s with the configured year, whatever the file."""
    path = tmp_path / name
    path.write_bytes(data)
    result = _run(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == check_path(path, year=YEAR).render() + "\n"


def test_size_cap_is_the_configured_one(tmp_path: Path) -> None:
    """ASSISTANT_FILE_MAX_MB caps the command line as it caps chat."""
    path = tmp_path / "大.csv"
    path.write_bytes(b"a,b\n" * (MB // 2))
    result = _run(tmp_path, path, ASSISTANT_FILE_MAX_MB="1")
    limits = FileLimits(max_bytes=MB)
    assert result.stdout == check_path(path, year=YEAR, limits=limits).render() + "\n"
    assert "最多看1.0MB" in result.stdout


def test_missing_file_exits_non_zero(tmp_path: Path) -> None:
    """A path that is not a file says so and exits 1."""
    result = _run(tmp_path, tmp_path / "没有.xlsx")
    assert result.returncode == 1
    assert "读不到文件" in result.stdout
