"""NoneBot's own settings reach the bot: DRIVER from the environment or `.env` (the drivers the
README offers are installed), and the default nickname under `nb run` too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

# What `python -m bot` does up to the server start (bot.app.init), then the driver it got.
INIT_SCRIPT = """
import json
import nonebot
from nonebot.drivers import ASGIMixin, HTTPClientMixin, WebSocketClientMixin
from bot.app import init
init()
driver = nonebot.get_driver()
print(json.dumps({
    "type": driver.type,
    "reverse": isinstance(driver, ASGIMixin),
    "ws_client": isinstance(driver, WebSocketClientMixin),
    "http_client": isinstance(driver, HTTPClientMixin),
    "nickname": sorted(driver.config.nickname),
}))
"""

# nb-cli's start script (see test_nonebot_table), then the nickname the bot answers to.
NB_RUN_SCRIPT = """
import importlib, json, sys, tomllib
import nonebot
table = tomllib.load(open(sys.argv[1], "rb"))["tool"]["nonebot"]
nonebot.init()
driver = nonebot.get_driver()
for adapters in table["adapters"].values():
    for adapter in adapters:
        driver.register_adapter(importlib.import_module(adapter["module_name"]).Adapter)
nonebot.load_from_toml(sys.argv[1])
print(json.dumps({"nickname": sorted(driver.config.nickname)}))
"""


def _run(script: str, cwd: Path, env: dict[str, str], *args: str) -> dict[str, object]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASSISTANT_", "ONEBOT_", "DRIVER", "NICKNAME"))
    }
    for name in ("data", "cache", "config"):
        base[f"LOCALSTORE_{name.upper()}_DIR"] = str(cwd / name)
    base.update({"LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT), **env})
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,  # the checkout's own .env is not read; a test's .env here is
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_default_driver_serves_reverse_websocket(tmp_path: Path) -> None:
    """Without DRIVER the bot runs on ~fastapi: the reverse WebSocket server (and /healthz)."""
    driver = _run(INIT_SCRIPT, tmp_path, {})
    assert driver["type"] == "fastapi"
    assert driver["reverse"] is True
    assert driver["nickname"] == ["填报助手"]


@pytest.mark.parametrize(
    ("driver", "ws_client", "http_client"),
    [
        pytest.param("~fastapi+~websockets", True, False, id="forward-websocket"),
        pytest.param("~fastapi+~httpx", False, True, id="http-api"),
        pytest.param("~fastapi+~websockets+~httpx", True, True, id="both"),
    ],
)
def test_driver_from_the_environment_is_honoured(
    tmp_path: Path, driver: str, ws_client: bool, http_client: bool
) -> None:
    """DRIVER in the environment picks the driver (nothing passed to nonebot.init overrides
    it), and every choice README offers is installed with the bot."""
    got = _run(INIT_SCRIPT, tmp_path, {"DRIVER": driver})
    assert got["type"] == driver.replace("~", "")
    assert (got["reverse"], got["ws_client"], got["http_client"]) == (True, ws_client, http_client)


def test_driver_and_nickname_from_dot_env_are_honoured(tmp_path: Path) -> None:
    """A .env in the working directory sets DRIVER and NICKNAME as the environment would."""
    (tmp_path / ".env").write_text(
        'DRIVER=~fastapi+~websockets\nNICKNAME=["小助手"]\n', encoding="utf-8"
    )
    got = _run(INIT_SCRIPT, tmp_path, {})
    assert got["type"] == "fastapi+websockets"
    assert got["nickname"] == ["小助手"]


@pytest.mark.parametrize(
    ("env", "nickname"),
    [
        pytest.param({}, ["填报助手"], id="default"),
        pytest.param({"NICKNAME": '["小助手"]'}, ["小助手"], id="from-the-environment"),
    ],
)
def test_nb_run_gets_the_default_nickname(
    tmp_path: Path, env: dict[str, str], nickname: list[str]
) -> None:
    """`nb run` never calls bot.app.init: the bot still answers to 填报助手 unless NICKNAME
    says otherwise."""
    got = _run(NB_RUN_SCRIPT, tmp_path, env, str(ROOT / "pyproject.toml"))
    assert got["nickname"] == nickname
