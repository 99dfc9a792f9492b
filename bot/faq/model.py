"""The values the FAQ package hands out: who changed what (`Actor`), an entry as users see it
(`EntryState`), its stored revisions, audit records, missed-question groups, pages and import
results; plus the JSON form entries are stored in."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from bot.guide.knowledge import Entry

Source = Literal["shipped", "override", "admin"]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change and where: a QQ number (or "cli") and a place such as "群807645478"."""

    user: str
    place: str


@dataclass(frozen=True, slots=True)
class EntryState:
    """One entry id as users see it now, with where its content comes from."""

    id: str
    entry: Entry | None
    """Effective content; None when it follows a shipped entry that is no longer shipped."""
    hidden: bool
    version: int
    """Newest stored version; 0 when the database has no revision of this id."""
    source: Source
    shipped: Entry | None
    """The shipped entry of this id in the current files, if any."""
    base_hash: str | None
    """Hash of the shipped entry the newest revision was made against."""

    @property
    def visible(self) -> bool:
        return self.entry is not None and not self.hidden

    @property
    def shipped_changed(self) -> bool:
        """An override whose shipped entry was added or changed in the files since."""
        return (
            self.source != "shipped"
            and self.shipped is not None
            and self.shipped != self.entry
            and self.base_hash != entry_hash(self.shipped)
        )

    @property
    def shipped_removed(self) -> bool:
        """The files no longer hold this id although an admin revision was made against it."""
        return self.shipped is None and self.base_hash is not None


@dataclass(frozen=True, slots=True)
class Revision:
    entry_id: str
    version: int
    action: str
    note: str
    follows_shipped: bool
    hidden: bool
    before: Entry | None
    after: Entry | None
    actor: str
    place: str
    created_at: float


@dataclass(frozen=True, slots=True)
class AuditRecord:
    created_at: float
    actor: str
    place: str
    action: str
    entry_id: str | None
    version: int | None
    summary: str


@dataclass(frozen=True, slots=True)
class MissedGroup:
    number: int
    sample: str
    count: int
    first_at: float
    last_at: float
    status: str
    entry_id: str | None


@dataclass(frozen=True, slots=True)
class Page:
    items: list[EntryState]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    changed: int
    hidden: int
    unchanged: int

    @property
    def total_changes(self) -> int:
        return self.added + self.changed + self.hidden


def entry_hash(entry: Entry) -> str:
    data = json.dumps(entry.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def to_json(entry: Entry | None) -> str | None:
    return None if entry is None else json.dumps(entry.model_dump(mode="json"), ensure_ascii=False)


def from_json(data: str | None) -> Entry | None:
    return None if data is None else Entry.model_validate_json(data)
