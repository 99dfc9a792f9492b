"""deploy/tianbao.service: a dedicated user, env file, restart on failure, hardening that leaves
the SQLite data dir writable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DEPLOY

UNIT = DEPLOY / "tianbao.service"


def _settings() -> dict[str, dict[str, list[str]]]:
    """Section -> key -> values (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in UNIT.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def test_runs_as_a_dedicated_user_from_an_env_file() -> None:
    """Not root; settings from an EnvironmentFile; a working directory; restarts on failure."""
    service = _settings()["Service"]
    assert service["User"][0] not in {"root", "0"}
    assert service["EnvironmentFile"][0].startswith("/etc/")
    assert service["WorkingDirectory"][0].startswith("/")
    assert service["Restart"] == ["on-failure"]
    assert service["ExecStart"][0].endswith("python -m bot")


def test_data_dir_stays_writable_under_protect_system() -> None:
    """ProtectSystem=strict makes the file system read-only; the data dir (LOCALSTORE_DATA_DIR)
    is the StateDirectory, which systemd keeps writable, and /tmp is private but writable."""
    service = _settings()["Service"]
    assert service["ProtectSystem"] == ["strict"]
    env = " ".join(service["Environment"])
    state = service["StateDirectory"][0]
    assert f"LOCALSTORE_DATA_DIR=/var/lib/{state}" in env
    assert service["PrivateTmp"] == ["yes"]
    # SQLite maps its -shm file; these would break it, so they must stay off.
    assert "MemoryDenyWriteExecute" not in service
    assert "ReadOnlyPaths" not in service


def test_journald_keeps_the_logs() -> None:
    """Logs go to journald (no StandardOutput to a file that nobody rotates)."""
    service = _settings()["Service"]
    for key in ("StandardOutput", "StandardError"):
        assert all(not v.startswith(("file:", "append:")) for v in service.get(key, []))
    assert (DEPLOY / "journald-tianbao.conf").is_file()


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    """`systemd-analyze verify` reports nothing (where systemd is installed); ExecStart points
    at this interpreter because the unit's venv does not exist here."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    text = UNIT.read_text("utf-8").replace("/opt/tianbao/.venv/bin/python", sys.executable)
    unit = tmp_path / "tianbao.service"
    unit.write_text(text, "utf-8")
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "tianbao.service" not in done.stderr, done.stderr


def test_a_storage_error_is_not_restarted_in_a_loop() -> None:
    """The exit status of an unusable FAQ database (bot.app.startup) stops the restarts: only
    the operator can fix it, as the one log line says."""
    from bot.app.startup import STORAGE_EXIT_CODE

    assert _settings()["Service"]["RestartPreventExitStatus"] == [str(STORAGE_EXIT_CODE)]
