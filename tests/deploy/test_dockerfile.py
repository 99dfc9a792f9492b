"""deploy/Dockerfile and its entry point: pip install ., non-root, data volume, token guard."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from .conftest import DEPLOY, ROOT

DOCKERFILE = (DEPLOY / "Dockerfile").read_text("utf-8")


def _instructions(name: str) -> list[str]:
    """Arguments of every instruction NAME, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [m.group(1) for m in re.finditer(rf"^{name}\s+(.+)$", joined, re.M)]


def test_installs_the_package_with_pip_install_dot() -> None:
    """The image installs the project as a plain (non-editable) `pip install .`."""
    runs = " ".join(_instructions("RUN"))
    assert re.search(r"pip install (--[\w-]+ )*\.(\s|$)", runs)
    assert " -e " not in runs


def test_copies_everything_the_package_is_built_from() -> None:
    """Every file setup.py and pyproject.toml build from is copied, and let through by the
    Dockerfile's own .dockerignore."""
    copied = " ".join(_instructions("COPY"))
    allowed = (DEPLOY / "Dockerfile.dockerignore").read_text("utf-8")
    for path in ("pyproject.toml", "setup.py", "README.md", "bot", "plugins", "knowledge"):
        assert re.search(rf"(^|\s){re.escape(path)}(\s|$)", copied), path
        assert f"!{path}" in allowed, path


def test_runs_as_a_non_root_user_with_data_on_a_volume() -> None:
    """The last USER is not root, and LOCALSTORE_DATA_DIR is the declared volume."""
    users = _instructions("USER")
    assert users
    assert users[-1] not in {"root", "0"}
    env = " ".join(_instructions("ENV"))
    data_dir = re.search(r"LOCALSTORE_DATA_DIR=(\S+)", env)
    assert data_dir
    assert data_dir.group(1) in " ".join(_instructions("VOLUME"))
    assert "HOST=0.0.0.0" in env


def test_python_is_at_least_what_the_project_requires() -> None:
    """The base image's Python satisfies requires-python (3.11+)."""
    [version] = re.findall(r"^ARG PYTHON_VERSION=(\d+)\.(\d+)$", DOCKERFILE, re.M)
    assert tuple(map(int, version)) >= (3, 11)


def test_healthcheck_asks_healthz() -> None:
    """The HEALTHCHECK runs deploy/healthcheck.py, which asks GET /healthz on the bot's PORT."""
    [check] = _instructions("HEALTHCHECK")
    assert "healthcheck.py" in check
    script = (DEPLOY / "healthcheck.py").read_text("utf-8")
    assert "/healthz" in script
    assert "PORT" in script


@pytest.fixture
def fake_python(tmp_path: Path) -> Path:
    """A `python` on PATH that prints its arguments instead of starting the bot."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python"
    fake.write_text('#!/bin/sh\necho "started: $*"\n', "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def _entrypoint(bin_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [shutil.which("sh") or "/bin/sh", str(DEPLOY / "entrypoint.sh")],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_entrypoint_refuses_all_interfaces_without_a_token(fake_python: Path) -> None:
    """HOST=0.0.0.0 without ONEBOT_ACCESS_TOKEN exits non-zero with a Chinese line naming it."""
    done = _entrypoint(fake_python, HOST="0.0.0.0")
    assert done.returncode != 0
    assert "started" not in done.stdout
    assert "ONEBOT_ACCESS_TOKEN" in done.stderr
    assert "必须" in done.stderr


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"HOST": "0.0.0.0", "ONEBOT_ACCESS_TOKEN": "t0ken"}, id="token"),
        pytest.param({"HOST": "127.0.0.1"}, id="loopback"),
    ],
)
def test_entrypoint_starts_the_bot(fake_python: Path, env: dict[str, str]) -> None:
    """With a token, or on loopback, the entry point runs `python -m bot`."""
    done = _entrypoint(fake_python, **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "started: -m bot"


def test_dockerfile_paths_exist() -> None:
    """Every file the Dockerfile copies from deploy/ is in the repository."""
    for source in re.findall(r"deploy/[\w.]+", " ".join(_instructions("COPY"))):
        assert (ROOT / source).is_file(), source
