"""Shared paths for the deployment tests (deploy/, scripts/, packaging)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: installs packages into a fresh venv (about 10-20 s); CI runs it"
    )
