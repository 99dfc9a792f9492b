"""Rule checks of pasted drafts (placeholder until the checks issue lands)."""

from __future__ import annotations

from collections.abc import Callable

from bot.query import Query
from bot.reply import Reply


def natural_intent() -> Callable[[Query], Reply | None]:
    def intent(query: Query) -> Reply | None:
        return None

    return intent
