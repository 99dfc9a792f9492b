"""The book of recent uploads: one check per upload, quotes and "我刚传了…" resolved, prompts
that expire."""

from __future__ import annotations

from typing import Any

import pytest

from bot.files.incoming import Upload
from bot.files.uploads import (
    MAX_ENTRIES,
    PAIRING_SECONDS,
    RECENT_SECONDS,
    State,
    UploadBook,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def upload(**fields: Any) -> Upload:
    base: dict[str, Any] = {"chat": "group", "chat_id": 5, "user_id": 7, "name": "表.xlsx"}
    return Upload(**(base | fields))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def book(clock: Clock) -> UploadBook:
    return UploadBook(clock)


@pytest.mark.parametrize(
    ("later", "paired"),
    [
        pytest.param(1.0, True, id="moments-later"),
        pytest.param(PAIRING_SECONDS + 1, False, id="a-resend-later"),
    ],
)
def test_message_and_notice_pair(
    book: UploadBook, clock: Clock, later: float, paired: bool
) -> None:
    """The notice posted beside the message is the same entry; the same file sent again
    minutes later is a new upload."""
    first = book.note(upload(message_id=3, ids=frozenset({"uuid"})))
    clock.now += later
    second = book.note(upload(size=9, url="https://x/y", ids=frozenset({"md5"})))
    assert (second is first) is paired
    if paired:
        assert (first.upload.message_id, first.upload.size) == (3, 9)


def test_one_check_per_upload(book: UploadBook) -> None:
    """Whichever event comes first takes the check; the other does not."""
    entry = book.note(upload())
    assert book.take(entry)
    assert not book.take(book.note(upload()))
    book.done(entry)
    assert entry.state is State.CHECKED
    assert not book.take(entry)


def test_retake_waits_for_a_running_check(book: UploadBook) -> None:
    """A quote asks again once the first check is done, not while it runs."""
    entry = book.note(upload())
    assert book.take(entry)
    assert not book.retake(entry)
    book.done(entry)
    assert book.retake(entry)


def test_quote_finds_the_upload_by_message(book: UploadBook) -> None:
    """A quote resolves to the remembered upload of that message, in that chat only."""
    entry = book.note(upload(message_id=11, file_id="/g"))
    assert book.by_message("group", 5, 11) is entry
    assert book.by_message("group", 6, 11) is None
    recalled = book.recall(upload(message_id=11, url="https://fresh/link"))
    assert recalled is entry
    assert entry.upload.file_id == "/g"


def test_latest_upload_of_a_user(book: UploadBook, clock: Clock) -> None:
    """"我刚传了…" finds the sender's latest upload in this chat for ten minutes."""
    book.note(upload(name="a.xlsx"))
    clock.now += PAIRING_SECONDS + 1
    latest = book.note(upload(name="b.pdf"))
    book.note(upload(name="c.xlsx", user_id=8))
    assert book.latest("group", 5, 7) is latest
    assert book.latest("group", 6, 7) is None
    clock.now += RECENT_SECONDS + 1
    assert book.latest("group", 5, 7) is None


def test_prompt_expires(book: UploadBook, clock: Clock) -> None:
    """After the bot asks a user for a file, their uploads are checked for ten minutes."""
    assert not book.expecting(5, 7)
    book.expect(5, 7)
    assert book.expecting(5, 7)
    assert not book.expecting(5, 8)
    clock.now += RECENT_SECONDS + 1
    assert not book.expecting(5, 7)


def test_book_is_bounded(book: UploadBook, clock: Clock) -> None:
    """A flood of uploads keeps the newest `MAX_ENTRIES`; the oldest are forgotten."""
    first = book.note(upload(message_id=0, name="0.xlsx"))
    for i in range(1, MAX_ENTRIES + 5):
        clock.now += 0.001
        book.note(upload(message_id=i, name=f"{i}.xlsx", user_id=100 + i))
    assert book.by_message("group", 5, 0) is None
    assert book.latest("group", 5, 7) is None
    assert first.upload.name == "0.xlsx"
    assert book.by_message("group", 5, MAX_ENTRIES + 4) is not None
