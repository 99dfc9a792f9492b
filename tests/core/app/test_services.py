"""The services of the process: where the FAQ database lives, and swapping them in tests."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path


def test_faq_database_keeps_its_place() -> None:
    """The database is `faq_admin/faq.sqlite3` under LOCALSTORE_DATA_DIR, where the FAQ plugin
    kept it, so no stored change is lost after the move to the application layer."""
    from bot.app.services import faq_database_path

    data_dir = Path(os.environ["LOCALSTORE_DATA_DIR"]).resolve()
    assert faq_database_path() == data_dir / "faq_admin" / "faq.sqlite3"


def test_install_swaps_the_services() -> None:
    """`install` makes other services current and hands back the previous ones."""
    from bot.app.services import install, services

    current = services()
    other = dataclasses.replace(current)
    assert install(other) is current
    try:
        assert services() is other
    finally:
        assert install(current) is other
    assert services() is current
