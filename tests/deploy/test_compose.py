"""deploy/docker-compose.yml: bot + NapCat on one network, token required, data on volumes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import DEPLOY

COMPOSE = DEPLOY / "docker-compose.yml"
REQUIRED = re.compile(r"^\$\{ONEBOT_ACCESS_TOKEN:\?[^}]+\}$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text("utf-8"))
    return data


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # ["KEY=value", ...]
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> source of each short-syntax volume."""
    return {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}


def test_services_share_a_declared_network(compose: dict[str, Any]) -> None:
    """The bot and NapCat are both on one network declared in the file (service names resolve)."""
    services = compose["services"]
    assert {"bot", "napcat"} <= set(services)
    shared = set(services["bot"]["networks"]) & set(services["napcat"]["networks"])
    assert shared
    assert shared <= set(compose.get("networks", {}))
    assert "network_mode" not in services["napcat"]


def test_napcat_uses_the_napcat_docker_image_and_its_data_paths(compose: dict[str, Any]) -> None:
    """NapCat runs NapNeko/NapCat-Docker's image with its config and QQ login on named volumes."""
    napcat = compose["services"]["napcat"]
    assert napcat["image"].split(":")[0] == "mlikiowa/napcat-docker"
    mounts = _mounts(napcat)
    for path in ("/app/napcat/config", "/app/.config/QQ"):
        assert mounts.get(path) in compose["volumes"], path
    assert {"NAPCAT_UID", "NAPCAT_GID"} <= set(_env(napcat))


def test_bot_requires_a_token_from_the_env_file(compose: dict[str, Any]) -> None:
    """The bot reads deploy/.env and compose refuses to start it without ONEBOT_ACCESS_TOKEN."""
    bot = compose["services"]["bot"]
    env_files = bot["env_file"] if isinstance(bot["env_file"], list) else [bot["env_file"]]
    assert ".env" in [f if isinstance(f, str) else f["path"] for f in env_files]
    assert REQUIRED.match(_env(bot)["ONEBOT_ACCESS_TOKEN"])
    example = (DEPLOY / ".env.example").read_text("utf-8")
    assert re.search(r"^ONEBOT_ACCESS_TOKEN=$", example, re.M), "the example must name the token"


def test_bot_data_is_on_a_named_volume(compose: dict[str, Any]) -> None:
    """The bot's data dir (LOCALSTORE_DATA_DIR) is a named volume, so it outlives the container."""
    bot = compose["services"]["bot"]
    data_dir = _env(bot)["LOCALSTORE_DATA_DIR"]
    assert _mounts(bot).get(data_dir) in compose["volumes"]


def test_bot_port_is_not_published(compose: dict[str, Any]) -> None:
    """Only the compose network reaches the bot: no port of it is published to the host."""
    bot = compose["services"]["bot"]
    assert not bot.get("ports")
    assert "network_mode" not in bot
    assert _env(bot)["HOST"] == "0.0.0.0"


def test_napcat_webui_is_published_on_loopback_only(compose: dict[str, Any]) -> None:
    """NapCat's WebUI (QR-code login) is reachable from the host itself, not from the network."""
    for port in compose["services"]["napcat"].get("ports", []):
        assert str(port).startswith("127.0.0.1:"), port


def test_reverse_websocket_url_names_the_bot_service(compose: dict[str, Any]) -> None:
    """NapCat's reverse WebSocket URL (example config) is the bot service's name,
    its PORT and the OneBot v11 path."""
    bot_env = _env(compose["services"]["bot"])
    expected = f"ws://bot:{bot_env['PORT']}/onebot/v11/ws"
    config = json.loads((DEPLOY / "napcat" / "onebot11.json").read_text("utf-8"))
    [client] = config["network"]["websocketClients"]
    url = urlsplit(client["url"])
    assert url.hostname in compose["services"]
    assert client["url"] == expected
    assert client["enable"]
    assert client["messagePostFormat"] == "array"
    assert not config["network"]["httpClients"], "events go over the WebSocket only"


def test_logs_are_rotated(compose: dict[str, Any]) -> None:
    """Every service's json-file log is capped by size and file count."""
    for name, service in compose["services"].items():
        options = service["logging"]["options"]
        assert options["max-size"], name
        assert int(options["max-file"]) >= 1, name


def _docker_compose() -> list[str] | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30)
    return [docker, "compose"] if probe.returncode == 0 else None


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    """`docker compose config` validates the file and refuses it without a token (only where
    the compose plugin is installed)."""
    command = _docker_compose()
    if command is None:
        pytest.skip("docker compose is not installed here; the YAML checks above still ran")
    folder = tmp_path / "deploy"
    shutil.copytree(DEPLOY, folder)
    env = {k: v for k, v in os.environ.items() if k != "ONEBOT_ACCESS_TOKEN"}
    (folder / ".env").write_text("ONEBOT_ACCESS_TOKEN=\n", "utf-8")
    refused = subprocess.run(
        [*command, "config"], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode != 0
    assert "ONEBOT_ACCESS_TOKEN" in refused.stderr
    (folder / ".env").write_text("ONEBOT_ACCESS_TOKEN=compose-test-token\n", "utf-8")
    accepted = subprocess.run(
        [*command, "config", "--format", "json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert accepted.returncode == 0, accepted.stderr
    resolved = json.loads(accepted.stdout)
    assert resolved["services"]["bot"]["environment"]["ONEBOT_ACCESS_TOKEN"] == "compose-test-token"
