"""Start-up refusals and the HTTP policy of the OneBot gate, without a server."""

from __future__ import annotations

import pytest

from bot.app.security import GatePolicy, is_loopback, startup_problem, token_matches


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        pytest.param("127.0.0.1", True, id="ipv4-loopback"),
        pytest.param("127.8.9.10", True, id="ipv4-loopback-range"),
        pytest.param("::1", True, id="ipv6-loopback"),
        pytest.param("[::1]", True, id="ipv6-bracketed"),
        pytest.param("::ffff:127.0.0.1", True, id="ipv4-mapped"),
        pytest.param("localhost", True, id="localhost"),
        pytest.param("0.0.0.0", False, id="all-ipv4"),
        pytest.param("::", False, id="all-ipv6"),
        pytest.param("192.168.1.5", False, id="lan"),
        pytest.param("bot.example", False, id="host-name"),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    """Only addresses this machine alone can reach count as loopback."""
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "token", "secret", "http_post", "names"),
    [
        pytest.param("127.0.0.1", None, None, False, None, id="loopback-no-token"),
        pytest.param("0.0.0.0", "t", None, False, None, id="open-with-token"),
        pytest.param("0.0.0.0", None, None, False, "ONEBOT_ACCESS_TOKEN", id="open-no-token"),
        pytest.param("::", "", None, False, "ONEBOT_ACCESS_TOKEN", id="empty-token"),
        pytest.param("127.0.0.1", None, None, True, "ONEBOT_SECRET", id="http-post-bare"),
        pytest.param("127.0.0.1", None, "s", True, None, id="http-post-secret"),
        pytest.param("127.0.0.1", "t", None, True, None, id="http-post-token"),
    ],
)
def test_startup_problem(
    host: str, token: str | None, secret: str | None, http_post: bool, names: str | None
) -> None:
    """An unsafe set-up gets one line naming the setting to set; a safe one none."""
    problem = startup_problem(host, token, secret, http_post)
    if names is None:
        assert problem is None
    else:
        assert problem is not None
        assert names in problem
        assert "\n" not in problem


@pytest.mark.parametrize(
    ("policy", "headers", "status"),
    [
        pytest.param(GatePolicy("t", None, False), {"authorization": "Bearer t"}, 403, id="off"),
        pytest.param(GatePolicy("t", None, True), {}, 401, id="on-no-token"),
        pytest.param(GatePolicy("t", None, True), {"authorization": "Bearer x"}, 403, id="wrong"),
        pytest.param(GatePolicy("t", None, True), {"authorization": "Bearer t"}, None, id="right"),
        pytest.param(GatePolicy("t", None, True), {"authorization": "Token t"}, None, id="scheme"),
        pytest.param(GatePolicy(None, "s", True), {}, None, id="secret-left-to-adapter"),
    ],
)
def test_http_policy(policy: GatePolicy, headers: dict[str, str], status: int | None) -> None:
    """HTTP event posts: refused while off; with the token required when on without a secret."""
    refusal = policy.http_refusal(headers)
    assert (refusal[0] if refusal else None) == status


@pytest.mark.parametrize(
    ("configured", "header", "ok"),
    [
        pytest.param(None, None, True, id="none-configured"),
        pytest.param("t", "Bearer t", True, id="match"),
        pytest.param("t", "Bearer tt", False, id="longer"),
        pytest.param("t", "Basic t", False, id="other-scheme"),
        pytest.param("t", None, False, id="missing"),
    ],
)
def test_token_matches(configured: str | None, header: str | None, ok: bool) -> None:
    """A replacing connection must carry the configured token (any, when none is set)."""
    headers = {"authorization": header} if header else {}
    assert token_matches(headers, configured) is ok
