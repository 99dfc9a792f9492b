"""Which events are the same upload, and what the chat side remembers about recent uploads.

An implementation may post one upload twice: the message with its file segment and, beside
it, a `group_upload` (NapCat, Lagrange) or `offline_file` (Lagrange) notice. `UploadBook.note`
pairs them (`same_upload` within `PAIRING_SECONDS`) into one `Entry`, and `Entry.state`
lets exactly one of them start the check. The book also answers what a later message refers
to: the upload a quote points at (`by_message`), a user's latest upload ("我刚传了汇总表"),
and whether the bot asked this user for a file in this group a moment ago (`expect`).

Pure: nothing here sleeps or does I/O; time comes from the clock it is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.files.incoming import ChatKind, Upload, merged, same_upload

PAIRING_SECONDS = 30.0
"""The message and the notice of one upload arrive within this of each other."""
RECENT_SECONDS = 600.0
"""Uploads are remembered this long for a quote or a "我刚传了…"; a prompt waits this long."""
MAX_ENTRIES = 1000
"""A busy group's uploads of ten minutes fit; older ones go first beyond this."""


class State(StrEnum):
    NEW = "new"
    """Seen, not checked (a group upload nobody asked about)."""
    CHECKING = "checking"
    CHECKED = "checked"


@dataclass
class Entry:
    upload: Upload
    seen_at: float
    state: State = State.NEW


class UploadBook:
    """Recent uploads and open requests for a file; see the module docstring."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._entries: list[Entry] = []
        self._latest: dict[tuple[ChatKind, int, int], Entry] = {}
        self._expected: dict[tuple[int, int], float] = {}

    def note(self, upload: Upload) -> Entry:
        """The entry of `upload`: the one of an event posted for the same upload moments ago
        (now knowing what either event told), or a new one."""
        now = self.clock()
        self._prune(now)
        for entry in reversed(self._entries):
            if now - entry.seen_at > PAIRING_SECONDS:
                break
            if same_upload(entry.upload, upload):
                entry.upload = merged(entry.upload, upload)
                return entry
        entry = Entry(upload, now)
        self._entries.append(entry)
        self._latest[(upload.chat, upload.chat_id, upload.user_id)] = entry
        return entry

    def recall(self, upload: Upload) -> Entry:
        """The entry of a quoted upload: the one remembered for its message (now knowing what
        the quote told), else a new one."""
        if upload.message_id is not None:
            entry = self.by_message(upload.chat, upload.chat_id, upload.message_id)
            if entry is not None:
                entry.upload = merged(entry.upload, upload)
                return entry
        return self.note(upload)

    @staticmethod
    def take(entry: Entry) -> bool:
        """Claim the check of `entry`; False when it was already claimed (the other event of
        the same upload, or a check running now)."""
        if entry.state is not State.NEW:
            return False
        entry.state = State.CHECKING
        return True

    @staticmethod
    def retake(entry: Entry) -> bool:
        """Claim a check asked for again (a quote of the file); False while one is running."""
        if entry.state is State.CHECKING:
            return False
        entry.state = State.CHECKING
        return True

    @staticmethod
    def done(entry: Entry) -> None:
        entry.state = State.CHECKED

    def by_message(self, chat: ChatKind, chat_id: int, message_id: int) -> Entry | None:
        """The upload carried by message `message_id` of this chat, if still remembered."""
        self._prune(self.clock())
        for entry in reversed(self._entries):
            upload = entry.upload
            if upload.message_id == message_id and (upload.chat, upload.chat_id) == (chat, chat_id):
                return entry
        return None

    def latest(self, chat: ChatKind, chat_id: int, user_id: int) -> Entry | None:
        """This user's latest upload in this chat within `RECENT_SECONDS`."""
        entry = self._latest.get((chat, chat_id, user_id))
        if entry is None or self.clock() - entry.seen_at > RECENT_SECONDS:
            return None
        return entry

    def expect(self, group_id: int, user_id: int) -> None:
        """The bot asked this user for a file in this group: their uploads there during the
        next `RECENT_SECONDS` are checked."""
        self._expected[(group_id, user_id)] = self.clock() + RECENT_SECONDS

    def expecting(self, group_id: int, user_id: int) -> bool:
        until = self._expected.get((group_id, user_id))
        if until is None:
            return False
        if self.clock() > until:
            del self._expected[(group_id, user_id)]
            return False
        return True

    def _prune(self, now: float) -> None:
        cut = 0
        while cut < len(self._entries) and now - self._entries[cut].seen_at > RECENT_SECONDS:
            cut += 1
        cut = max(cut, len(self._entries) - MAX_ENTRIES)
        if cut:
            for entry in self._entries[:cut]:
                upload = entry.upload
                key = (upload.chat, upload.chat_id, upload.user_id)
                if self._latest.get(key) is entry:
                    del self._latest[key]
            del self._entries[:cut]
        if len(self._expected) > MAX_ENTRIES:
            self._expected = {k: v for k, v in self._expected.items() if v >= now}
