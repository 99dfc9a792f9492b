"""scripts/start.sh and scripts/test.sh: Python version checked before .venv is made, installs
only when the packaging files changed, test extras installed the same way.

The scripts run in a scratch project with a fake interpreter that logs what it is asked to do
(make a venv, pip install, run ruff/mypy/pytest), so no package is really installed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

FAKE = """#!/usr/bin/env bash
# Fake python {version}: logs venv creation and `-m` runs; the hash script runs for real.
log="{log}"
case "$1" in
  -c) echo "{version}" ;;
  -) exec "{real}" "$@" ;;
  -m)
    if [ "$2" = venv ]; then
      mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && echo "venv {version}" >> "$log"
    else
      echo "${{*:2}}" >> "$log"
      [ "$2" = pip ] && [ -n "${{FAIL_PIP:-}}" ] && exit 1
      [ "$2" = pytest ] && exit "${{PYTEST_RC:-0}}"
    fi ;;
esac
exit 0
"""


class Project:
    """A scratch copy of the scripts and packaging files, with fake Pythons on PATH."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = root / "calls.log"
        self.bin = root / "fake-bin"
        self.bin.mkdir()
        (root / "scripts").mkdir()
        for name in ("start.sh", "test.sh", "venv.sh"):
            shutil.copy2(ROOT / "scripts" / name, root / "scripts" / name)
        (root / "pyproject.toml").write_text('[project]\nname = "demo"\n', "utf-8")
        (root / "setup.py").write_text("from setuptools import setup\nsetup()\n", "utf-8")

    def python(self, version: str, name: str | None = None) -> Path:
        path = self.bin / (name or f"python{version}")
        path.write_text(FAKE.format(version=version, log=self.log, real=sys.executable), "utf-8")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
        return path

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        self.log.unlink(missing_ok=True)
        base = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "VIRTUAL_ENV"}}
        base["PATH"] = f"{self.bin}{os.pathsep}{base['PATH']}"
        return subprocess.run(
            ["bash", f"scripts/{script}", *args],
            cwd=self.root, env=base | env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    def calls(self) -> list[str]:
        return self.log.read_text("utf-8").splitlines() if self.log.exists() else []


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def _installs(project: Project) -> list[str]:
    return [c for c in project.calls() if c.startswith("pip install")]


def test_too_old_python_is_refused_before_any_venv(project: Project) -> None:
    """PYTHON=3.9 stops with a Chinese line naming both versions; no .venv is made."""
    old = project.python("3.9")
    done = project.run("start.sh", "--install-only", PYTHON=str(old))
    assert done.returncode != 0
    assert "3.11" in done.stderr
    assert "3.9" in done.stderr
    assert not (project.root / ".venv").exists()


def test_missing_python_is_named(project: Project) -> None:
    """A PYTHON that does not exist is named in the message."""
    done = project.run("start.sh", "--install-only", PYTHON="python-does-not-exist")
    assert done.returncode != 0
    assert "python-does-not-exist" in done.stderr


def test_installs_once_and_again_only_after_a_packaging_change(project: Project) -> None:
    """The first start makes .venv and installs; the next installs nothing (so it works
    offline); a changed pyproject.toml installs again."""
    project.python("3.11", "python3")
    first = project.run("start.sh", "--install-only")
    assert first.returncode == 0, first.stderr
    assert project.calls()[0] == "venv 3.11"
    assert _installs(project) == ["pip install -q --disable-pip-version-check -e ."]

    again = project.run("start.sh", "--install-only")
    assert again.returncode == 0, again.stderr
    assert project.calls() == []

    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8") + 'version = "2"\n', "utf-8")
    changed = project.run("start.sh", "--install-only")
    assert changed.returncode == 0, changed.stderr
    assert len(_installs(project)) == 1


def test_failed_install_is_retried_next_time(project: Project) -> None:
    """When pip fails the script says so and exits non-zero; the next start tries again."""
    project.python("3.11", "python3")
    failed = project.run("start.sh", "--install-only", FAIL_PIP="1")
    assert failed.returncode != 0
    assert "安装依赖失败" in failed.stderr
    retried = project.run("start.sh", "--install-only")
    assert retried.returncode == 0, retried.stderr
    assert len(_installs(project)) == 1


def test_venv_of_a_too_old_python_is_rebuilt(project: Project) -> None:
    """A .venv made by Python 3.9 is replaced by one of the current Python, with a message."""
    project.python("3.11", "python3")
    old = project.python("3.9")
    (project.root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy2(old, project.root / ".venv" / "bin" / "python")
    done = project.run("start.sh", "--install-only")
    assert done.returncode == 0, done.stderr
    assert "3.9" in done.stderr
    assert "重建" in done.stderr
    assert project.calls()[0] == "venv 3.11"


def test_explicit_python_of_another_version_rebuilds_the_venv(project: Project) -> None:
    """PYTHON=3.12 with a .venv of 3.11 rebuilds .venv with 3.12 instead of reusing it."""
    project.python("3.11", "python3")
    assert project.run("start.sh", "--install-only").returncode == 0
    newer = project.python("3.12")
    done = project.run("start.sh", "--install-only", PYTHON=str(newer))
    assert done.returncode == 0, done.stderr
    assert project.calls()[0] == "venv 3.12"
    assert len(_installs(project)) == 1


def test_test_script_installs_the_test_extras_and_runs_the_checks(project: Project) -> None:
    """test.sh installs `.[test]`, then runs ruff, mypy on bot and plugins, and pytest with
    the given arguments; start.sh afterwards installs nothing more."""
    project.python("3.11", "python3")
    done = project.run("test.sh", "-q", "tests/core")
    assert done.returncode == 0, done.stderr
    assert project.calls()[1:] == [
        "pip install -q --disable-pip-version-check -e .[test]",
        "ruff check .",
        "mypy bot plugins",
        "pytest -q tests/core",
    ]
    assert project.run("start.sh", "--install-only").returncode == 0
    assert _installs(project) == []


@pytest.mark.parametrize("code", [pytest.param("1", id="failed"), pytest.param("5", id="none")])
def test_test_script_fails_when_pytest_does(project: Project, code: str) -> None:
    """pytest's failure, and its exit code 5 (no test ran), fail test.sh and so CI."""
    project.python("3.11", "python3")
    done = project.run("test.sh", PYTEST_RC=code)
    assert done.returncode == int(code)


def test_ci_runs_the_test_script() -> None:
    """.ci/run is the README's test command: bash scripts/test.sh."""
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text("utf-8")
