"""Messages that another plugin answers instead of the question path (an admin's answer to the
FAQ dialog). The question matcher, which every message passes, asks `claimant` first and hands
a claimed message to its handler, so no second matcher has to look at every message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nonebot.adapters.onebot.v11 import Bot, MessageEvent

Predicate = Callable[[MessageEvent], bool]
Handler = Callable[[Bot, MessageEvent], Awaitable[None]]

_claims: list[tuple[Predicate, Handler]] = []


def claim_messages(predicate: Predicate) -> Callable[[Handler], Handler]:
    """Decorator: `handler` answers every in-scope message that `predicate` accepts."""

    def register(handler: Handler) -> Handler:
        _claims.append((predicate, handler))
        return handler

    return register


def claimant(event: MessageEvent) -> Handler | None:
    """The handler that claims `event`, if any."""
    for predicate, handler in _claims:
        if predicate(event):
            return handler
    return None
