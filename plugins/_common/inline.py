"""Dependency injection without a task per parameter, for the one handler every question hits.

NoneBot checks and solves each parameter of a handler in its own task, inside an anyio task
group (two groups per call: check, then solve). For `bot`, `event`, `matcher` and the cached
settings/assistant that is pure overhead: under load every task is one more trip through the
event loop's ready queue, so it costs latency as well as CPU. `InlineDependent` takes the same
parameters, parsed by NoneBot's own `Param` classes (so injection, `Depends`, the dependency
cache and `SkippedException` behave as before) and awaits them one after another in the
calling task; `inline_handler` is `Matcher.handle()` with an `InlineDependent`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from nonebot.dependencies import Dependent, Param
from nonebot.matcher import Matcher

R = TypeVar("R")
H = TypeVar("H", bound=Callable[..., Any])


class InlineDependent(Dependent[R]):
    """A `Dependent` whose parameters are checked and solved in order, in the calling task."""

    async def check(self, **params: Any) -> None:
        for param in self.parameterless:
            await param._check(**params)
        for field in self.params:
            await cast(Param, field.field_info)._check(**params)

    async def solve(self, **params: Any) -> dict[str, Any]:
        for param in self.parameterless:
            await param._solve(**params)
        result: dict[str, Any] = {}
        for field in self.params:
            result[field.name] = await self._solve_field(field, params)
        return result


def inline_handler(matcher: type[Matcher]) -> Callable[[H], H]:
    """`@matcher.handle()`, with the handler's parameters solved by `InlineDependent`."""

    def decorator(func: H) -> H:
        matcher.handlers.append(
            InlineDependent[Any].parse(call=func, allow_types=matcher.HANDLER_PARAM_TYPES)
        )
        return func

    return decorator
