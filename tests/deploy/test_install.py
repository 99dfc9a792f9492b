"""`pip install .` (not editable) into a fresh venv answers from any directory, as the Docker
image's install step does. Marked slow: about 10-20 s, most of it pip unpacking wheels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

QUESTION = "分类2能选几项"
# What the package is built from (as deploy/Dockerfile copies it), and nothing else.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "bot", "plugins", "knowledge")


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "ASSISTANT_", "LOCALSTORE_", "VIRTUAL_ENV"))
    }
    for name in ("data", "cache", "config"):
        env[f"LOCALSTORE_{name.upper()}_DIR"] = str(tmp / name)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a fresh venv (no system site-packages) with the project pip-installed from a
    copy of the checkout; the venv has no pip of its own, this one installs into it."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    target = tmp / "venv"
    venv.create(target, with_pip=False, symlinks=os.name != "nt")
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-compile",
         "--disable-pip-version-check", "-q", str(source)],
        capture_output=True, text=True, timeout=600, env=_clean_env(tmp),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    shutil.rmtree(source)  # nothing may come from the copy once it is installed
    return python


def _ask(python: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "bot", "ask", QUESTION],
        cwd=cwd, env=_clean_env(cwd), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_installed_package_is_the_one_imported(installed: Path, tmp_path: Path) -> None:
    """From another directory the venv imports bot and plugins from its own site-packages,
    with every knowledge file of the checkout shipped inside the package."""
    code = (
        "import bot, plugins, pathlib; "
        "print(bot.__file__); print(plugins.__file__); "
        "k = pathlib.Path(bot.__file__).parent / 'knowledge'; "
        "print(sorted(str(p.relative_to(k)) for p in k.rglob('*.yaml')))"
    )
    done = subprocess.run(
        [str(installed), "-c", code], cwd=tmp_path, env=_clean_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    bot_file, plugins_file, shipped = done.stdout.splitlines()
    venv_dir = installed.parent.parent
    assert Path(bot_file).is_relative_to(venv_dir)
    assert Path(plugins_file).is_relative_to(venv_dir)
    knowledge = ROOT / "knowledge"
    expected = sorted(str(p.relative_to(knowledge)) for p in knowledge.rglob("*.yaml"))
    assert shipped == repr(expected)


def test_ask_from_another_directory_answers_as_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    """`python -m bot ask` of the installed package, run outside the checkout, prints the same
    reply (with its clause) as the checkout itself does."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    from_install = _ask(installed, elsewhere)
    assert from_install.returncode == 0, from_install.stderr[-3000:]
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    env = _clean_env(checkout) | {"PYTHONPATH": str(ROOT)}
    from_checkout = subprocess.run(
        [sys.executable, "-m", "bot", "ask", QUESTION],
        cwd=checkout, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert from_checkout.returncode == 0, from_checkout.stderr[-3000:]
    assert from_install.stdout.strip()
    assert "依据" in from_install.stdout
    assert from_install.stdout == from_checkout.stdout
