"""`[tool.nonebot]` in pyproject.toml: what `nb run` would load is what `python -m bot` loads."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from bot.app import PLUGINS

from .conftest import ROOT


def _table() -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "nonebot"
    ]
    return table


# nb-cli's generated start script (`nb run` without a bot.py), with the adapters it reads from
# the same table; prints the modules of the loaded plugins.
NB_RUN_SCRIPT = """
import importlib, json, sys, tomllib
import nonebot
table = tomllib.load(open(sys.argv[1], "rb"))["tool"]["nonebot"]
nonebot.init()
driver = nonebot.get_driver()
for adapters in table["adapters"].values():
    for adapter in adapters:
        driver.register_adapter(importlib.import_module(adapter["module_name"]).Adapter)
for name in table.get("builtin_plugins", []):
    nonebot.load_builtin_plugin(name)
plugins = nonebot.load_from_toml(sys.argv[1])
print(json.dumps({
    "plugins": sorted(p.module_name for p in plugins),
    "adapters": sorted(nonebot.get_adapters()),
}))
"""


def test_table_uses_the_current_format() -> None:
    """Adapters and plugins are keyed by distribution (nb-cli's current format, no legacy list)."""
    table = _table()
    assert table["plugin_dirs"] == []
    assert isinstance(table["adapters"], dict)
    assert isinstance(table["plugins"], dict)


def test_local_plugins_are_the_ones_the_bot_loads() -> None:
    """The table's local plugins are exactly bot.app.PLUGINS, so `nb run` and `python -m bot`
    serve the same matchers."""
    assert sorted(_table()["plugins"]["@local"]) == sorted(PLUGINS)


def test_every_named_module_exists() -> None:
    """Each plugin and adapter module in the table can be found by the installed environment."""
    table = _table()
    modules = [m for mods in table["plugins"].values() for m in mods]
    modules += [a["module_name"] for adapters in table["adapters"].values() for a in adapters]
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    assert not missing


def test_nb_run_loads_the_table(tmp_path: Path) -> None:
    """nb-cli's start script, run on the table in a fresh process, registers the OneBot v11
    adapter and loads every plugin the bot loads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "ONEBOT_"))}
    env["LOCALSTORE_DATA_DIR"] = str(tmp_path / "data")
    env["LOCALSTORE_CACHE_DIR"] = str(tmp_path / "cache")
    env["LOCALSTORE_CONFIG_DIR"] = str(tmp_path / "config")
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONPATH"] = str(ROOT)  # this checkout's plugins, whatever is installed
    done = subprocess.run(
        [sys.executable, "-c", NB_RUN_SCRIPT, str(ROOT / "pyproject.toml")],
        cwd=tmp_path,  # no .env of the checkout is read
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(PLUGINS) | {"nonebot_plugin_localstore"} <= set(loaded["plugins"])
    assert loaded["adapters"] == ["OneBot V11"]
