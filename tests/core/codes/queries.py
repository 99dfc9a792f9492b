"""The realistic code queries of tests/core/data/code_queries.yaml, shared by the code tests."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
QUERY_SET = DATA / "code_queries.yaml"


def query_set() -> list[tuple[str, str]]:
    """(question, expected code) pairs."""
    raw = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))
    return [(item["q"], item["code"]) for item in raw["queries"]]
