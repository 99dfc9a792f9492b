"""The shipped code book, loaded once for the code tests."""

from __future__ import annotations

import pytest

from bot.codes import CodeBook, default_codebook


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return default_codebook()
