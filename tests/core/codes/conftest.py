"""The shipped code book, loaded once for the code tests."""

from __future__ import annotations

import pytest

from bot.codes import CodeBook


@pytest.fixture(scope="session")
def book() -> CodeBook:
    return CodeBook.load()
