"""Telling the humans about hand-offs, in batches.

Every hand-off (website trouble, a filing question the guide does not answer) becomes a
`Handoff`. Who hears about it: the admin group when one is set, else each configured admin
privately, else each SUPERUSER (so a deployment with only SUPERUSERS still gets them).
Each target receives at most one message per interval; what comes in meanwhile waits and goes
out together. Nothing is dropped: a batch too long for one message keeps its rest for the
next one, and a batch that could not be sent is put back. Pure: every method takes `now`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.config import Settings
from bot.guide.rules import CONSULT_PHONE, TECH_PHONE
from bot.reply import HandoffLine
from bot.text.normalize import normalize

FIRST_DELAY_SECONDS = 10.0
"""The first notice waits this long, so a burst of questions arrives as one message."""
MAX_ITEMS_PER_MESSAGE = 15
"""More hand-offs than this wait for the next message: a QQ message must stay readable."""
QUESTION_CHARS = 100
"""Longer questions are shortened in the notice."""

HANDOFF_NOTE = "我已通知管理员。"
"""Appended to the user's reply when an admin will really be told."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where notices go: an admin's private chat or the admin group."""

    kind: Literal["private", "group"]
    id: int


@dataclass(frozen=True, slots=True)
class Handoff:
    """One question handed to the humans."""

    line: HandoffLine
    user_id: int
    nickname: str
    group_id: int | None
    question: str
    at: datetime
    key: tuple[int, int | None, str] = field(init=False, repr=False, compare=False)
    """Who asked what (the question normalized): a repeat has the same key. Computed once,
    as every new hand-off is compared with everything still waiting."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.user_id, self.group_id, normalize(self.question)))


def notify_targets(settings: Settings, superusers: Iterable[str | int] = ()) -> list[Target]:
    """The admin group if set; else the admins; else the SUPERUSERS (numeric ones)."""
    if settings.assistant_admin_group:
        return [Target("group", settings.assistant_admin_group)]
    admins = list(settings.assistant_admins)
    if not admins:
        admins = sorted(int(s) for s in map(str, superusers) if s.isdigit())
    return [Target("private", admin) for admin in dict.fromkeys(admins)]


@dataclass
class _Queue:
    items: list[Handoff] = field(default_factory=list)
    last_sent: float | None = None
    first_added: float | None = None


class NotifyBatcher:
    """Collects hand-offs per target and says when a target may get its next message."""

    def __init__(
        self,
        interval_seconds: float,
        *,
        first_delay: float = FIRST_DELAY_SECONDS,
        max_items: int = MAX_ITEMS_PER_MESSAGE,
    ) -> None:
        self.interval = max(interval_seconds, 0.0)
        self.first_delay = first_delay
        self.max_items = max(max_items, 1)
        self._queues: dict[Target, _Queue] = {}
        self._recent: dict[tuple[Target, tuple[int, int | None, str]], float] = {}

    def add(self, target: Target, handoff: Handoff, now: float) -> bool:
        """Queue `handoff` for `target`; False when the same person's same question is
        already waiting or was reported within the interval (a repeat, not news)."""
        queue = self._queues.setdefault(target, _Queue())
        if any(item.key == handoff.key for item in queue.items):
            return False
        reported = self._recent.get((target, handoff.key))
        if reported is not None and now - reported < self.interval:
            return False
        if not queue.items:
            queue.first_added = now
        queue.items.append(handoff)
        return True

    def pending(self, target: Target) -> list[Handoff]:
        queue = self._queues.get(target)
        return list(queue.items) if queue else []

    def due_at(self, target: Target) -> float | None:
        """When `target` may get its next message; None when nothing waits for it."""
        queue = self._queues.get(target)
        if queue is None or not queue.items:
            return None
        first = queue.first_added if queue.first_added is not None else 0.0
        ready = first + self.first_delay
        if queue.last_sent is not None:
            ready = max(ready, queue.last_sent + self.interval)
        return ready

    def next_due_at(self) -> float | None:
        times = [t for t in map(self.due_at, self._queues) if t is not None]
        return min(times, default=None)

    def take_due(self, now: float) -> list[tuple[Target, list[Handoff]]]:
        """Batches that may go now, at most `max_items` each; the targets count as served."""
        batches = []
        for target, queue in self._queues.items():
            due = self.due_at(target)
            if due is None or due > now:
                continue
            batch, queue.items = queue.items[: self.max_items], queue.items[self.max_items :]
            queue.last_sent = now
            queue.first_added = now if queue.items else None
            for item in batch:
                self._recent[(target, item.key)] = now
            batches.append((target, batch))
        self._forget(now)
        return batches

    def put_back(self, target: Target, batch: list[Handoff], now: float) -> None:
        """A batch that could not be delivered goes back to the front; it is retried after
        the interval like any other message."""
        queue = self._queues.setdefault(target, _Queue())
        queue.items = batch + queue.items
        if queue.first_added is None:
            queue.first_added = now
        for item in batch:
            self._recent.pop((target, item.key), None)

    def _forget(self, now: float) -> None:
        self._recent = {k: t for k, t in self._recent.items() if now - t < self.interval}


_LABELS: dict[HandoffLine, str] = {"tech": "网站技术问题", "consult": "指南未答问题"}


def render_batch(batch: list[Handoff], *, waiting: int = 0) -> str:
    """The notice text: who asked, where, what and when, one entry per hand-off."""
    lines = [f"填报助手转人工（{len(batch)}条）："]
    for i, item in enumerate(batch, 1):
        where = f"群{item.group_id}" if item.group_id is not None else "私聊"
        who = f"{item.nickname}（{item.user_id}）" if item.nickname else str(item.user_id)
        question = " ".join(item.question.split())
        if len(question) > QUESTION_CHARS:
            question = question[:QUESTION_CHARS] + "…"
        lines.append(
            f"{i}. [{_LABELS[item.line]}] {item.at:%m-%d %H:%M} {where} {who}：{question}"
        )
    kinds = {item.line for item in batch}
    told = []
    if "tech" in kinds:
        told.append(f"技术问题已请提问人打 {TECH_PHONE}")
    if "consult" in kinds:
        told.append(f"其他问题已请提问人打 {CONSULT_PHONE}")
    lines.append("；".join(told) + "。")
    if waiting:
        lines.append(f"另有{waiting}条，下次一并发送。")
    return "\n".join(lines)
