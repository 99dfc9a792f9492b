"""`python -m bot faq export|import` and `ask` share the database the chat commands use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.peer import PROJECT_ROOT

IMPORTED = """\
topic: 全部问答（导出）
entries:
  - id: admin-7
    origin: admin
    question: 演练横幅用什么颜色
    answer: |-
      这是命令行导入的演练答案。
"""


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSTORE_", "ASSISTANT_"))}
    env.update(
        LOCALSTORE_DATA_DIR=str(tmp_path / "data"),
        LOCALSTORE_CACHE_DIR=str(tmp_path / "cache"),
        LOCALSTORE_CONFIG_DIR=str(tmp_path / "config"),
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )


def test_import_then_ask_then_export(tmp_path: Path) -> None:
    """An imported entry is answered by `ask` and comes back out of `export`."""
    source = tmp_path / "in.yaml"
    source.write_text(IMPORTED, encoding="utf-8")
    imported = _run(tmp_path, "faq", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert "新增1条" in imported.stdout
    asked = _run(tmp_path, "ask", "演练横幅用什么颜色")
    assert "这是命令行导入的演练答案。" in asked.stdout, asked.stderr
    exported = _run(tmp_path, "faq", "export")
    assert exported.returncode == 0, exported.stderr
    assert "  - id: admin-7\n    origin: admin\n" in exported.stdout
    assert (tmp_path / "data" / "faq_admin" / "faq.sqlite3").exists()


def test_bad_import_file_is_refused(tmp_path: Path) -> None:
    """A broken file is refused with a Chinese reason and a non-zero exit code."""
    source = tmp_path / "bad.yaml"
    source.write_text("topic: [", encoding="utf-8")
    result = _run(tmp_path, "faq", "import", str(source))
    assert result.returncode == 1
    assert "导入失败" in result.stderr
