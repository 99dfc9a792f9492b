"""An acknowledgement means the change is stored: the bot over the real socket when its data dir
turns read-only, its disk fills up, its database is damaged, or a second bot shares it.

Read-only and full disks are real: a read-only bind mount and a small tmpfs over the data dir
(root only; as another user the read-only case falls back to file modes and the disk-full case
is skipped).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.app.startup import STORAGE_EXIT_CODE
from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import SUPERUSER, BotProcess, OneBotPeer

ADDED = "已添加问答"
STORED_Q = "演练横幅用什么颜色"
STORED_A = "演练用红色横幅。"


def _database(workdir: Path) -> Path:
    return workdir / "data" / "faq_admin" / "faq.sqlite3"


def _stored_questions(database: Path) -> set[str]:
    """Questions of the stored revisions, read by a separate connection."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT after_json FROM revision").fetchall()
    return {json.loads(row[0])["question"] for row in rows if row[0]}


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _can_mount() -> bool:
    return os.geteuid() == 0


@contextlib.contextmanager
def _tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of `size_kb` KiB mounted at `path` (root only: the test is skipped otherwise)."""
    if not _can_mount():
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


class ReadOnly:
    """Makes a directory read-only and writable again: a read-only bind mount as root (files
    the bot opened before stay writable through their descriptors, as on a real remount),
    else the write bits of the folder and its files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mounted = False
        self.modes: dict[Path, int] = {}

    def on(self) -> None:
        if _can_mount():
            _mount("--bind", str(self.path), str(self.path))
            self.mounted = True
            _mount("-o", "remount,bind,ro", str(self.path))
            return
        for item in [self.path, *self.path.rglob("*")]:
            self.modes[item] = item.stat().st_mode
            item.chmod(self.modes[item] & ~0o222)

    def off(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False, capture_output=True)
            self.mounted = False
        for item, mode in self.modes.items():
            item.chmod(mode)
        self.modes.clear()


async def _add(peer: OneBotPeer, question: str, answer: str) -> str:
    sent = await peer.ask_private(f"/faq add {question}\n{answer}", user_id=SUPERUSER)
    return "\n".join(s.text for s in sent)


async def _ask(peer: OneBotPeer, question: str) -> str:
    return "\n".join(s.text for s in await peer.ask_private(question))


async def _seed(workdir: Path) -> None:
    """A first run of the bot that stores one admin entry, then stops cleanly."""
    with BotProcess(workdir, env=E2E_ENV) as bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            assert ADDED in await _add(peer, STORED_Q, STORED_A)


async def test_read_only_at_start_refuses_edits_and_still_answers(tmp_path: Path) -> None:
    """Started on a read-only data dir, the bot answers from the stored entries and refuses an
    edit with a message saying the data dir is read-only; nothing is acknowledged."""
    await _seed(tmp_path)
    read_only = ReadOnly(tmp_path / "data")
    read_only.on()
    try:
        with BotProcess(tmp_path, env=E2E_ENV) as bot:
            bot.wait_listening()
            async with OneBotPeer.for_bot(bot) as peer:
                assert STORED_A in await _ask(peer, STORED_Q)
                reply = await _add(peer, "演练桌牌放在哪里", "放在门口。")
                assert ADDED not in reply
                assert "只读" in reply, reply
                assert STORED_A in await _ask(peer, STORED_Q)
    finally:
        read_only.off()
    assert _stored_questions(_database(tmp_path)) == {STORED_Q}


async def test_read_only_while_running_refuses_edits_until_writable(tmp_path: Path) -> None:
    """A data dir that turns read-only under the running bot: edits are refused (not "added"),
    answers go on, and once it is writable again edits are stored without a restart."""
    read_only = ReadOnly(tmp_path / "data")
    with BotProcess(tmp_path, env=E2E_ENV) as bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            assert ADDED in await _add(peer, STORED_Q, STORED_A)
            read_only.on()
            try:
                reply = await _add(peer, "演练桌牌放在哪里", "放在门口。")
                assert ADDED not in reply
                assert "只读" in reply, reply
                assert STORED_A in await _ask(peer, STORED_Q)
            finally:
                read_only.off()
            assert ADDED in await _add(peer, "演练签到表交给谁", "交给会务组。")
            assert "交给会务组" in await _ask(peer, "演练签到表交给谁")
    assert _stored_questions(_database(tmp_path)) == {STORED_Q, "演练签到表交给谁"}


def _fill(directory: Path) -> Path:
    """Writes a file until the disk holding `directory` is full; returns it."""
    filler = directory / "filler.bin"
    chunk = b"\0" * 4096
    with open(filler, "wb", buffering=0) as out, contextlib.suppress(OSError):
        while out.write(chunk):
            pass
    return filler


async def test_disk_full_says_so_and_recovers_when_space_is_freed(tmp_path: Path) -> None:
    """On a full disk an edit gets "磁盘已满" and is not stored; once space is freed the next
    edit is stored and answered, without a restart."""
    with _tmpfs(tmp_path / "data", 2048), BotProcess(tmp_path, env=E2E_ENV) as bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            assert ADDED in await _add(peer, STORED_Q, STORED_A)
            filler = _fill(tmp_path / "data")
            long_answer = "演练答案。" * 300
            reply = await _add(peer, "演练桌牌放在哪里", long_answer)
            assert ADDED not in reply
            assert "磁盘已满" in reply, reply
            assert STORED_A in await _ask(peer, STORED_Q)
            filler.unlink()
            assert ADDED in await _add(peer, "演练签到表交给谁", "交给会务组。")
            assert "交给会务组" in await _ask(peer, "演练签到表交给谁")
        database = _database(tmp_path)
        assert _stored_questions(database) == {STORED_Q, "演练签到表交给谁"}
        with contextlib.closing(sqlite3.connect(database)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _one_error_line(log: str, returncode: int | None) -> str:
    """The process stopped at start-up with STORAGE_EXIT_CODE, no traceback, and exactly one
    error line: that line."""
    assert returncode == STORAGE_EXIT_CODE, log[-2000:]
    assert "Traceback" not in log, log[-3000:]
    errors = [line for line in log.splitlines() if "[ERROR]" in line]
    assert len(errors) == 1, log[-3000:]
    return errors[0]


def _random_bytes(database: Path) -> None:
    database.write_bytes(os.urandom(database.stat().st_size))


def _damaged_page(database: Path) -> None:
    data = bytearray(database.read_bytes())
    # Page 3 onwards holds the tables' b-trees; page 1 (the header) is left alone.
    data[8192:12288] = os.urandom(4096)
    database.write_bytes(bytes(data))


def _truncated(database: Path) -> None:
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2 + 100])


def _emptied(database: Path) -> None:
    database.write_bytes(b"")


def _garbage_wal(database: Path) -> None:
    database.with_name(database.name + "-wal").write_bytes(os.urandom(20_000))


def _directory(database: Path) -> None:
    database.unlink()
    database.mkdir()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_random_bytes, id="random-bytes"),
        pytest.param(_damaged_page, id="damaged-page"),
        pytest.param(_truncated, id="truncated"),
        pytest.param(_emptied, id="emptied"),
        pytest.param(_garbage_wal, id="garbage-wal"),
        pytest.param(_directory, id="directory"),
    ],
)
async def test_damaged_database_exits_with_a_message_or_serves(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    """A damaged database at start-up: the bot exits at once with one log line (no traceback)
    naming the file and what to do, or it starts and answers the stored entry. Never neither."""
    await _seed(tmp_path)
    database = _database(tmp_path)
    damage(database)
    bot = BotProcess(tmp_path, env=E2E_ENV)
    mark = bot.log_mark()
    bot.start()
    try:
        listening = True
        try:
            bot.wait_listening(within=20)
        except RuntimeError:
            listening = False
        if bot.alive:
            assert listening, f"neither serves nor exits:\n{bot.tail()}"
            async with OneBotPeer.for_bot(bot) as peer:
                assert STORED_A in await _ask(peer, STORED_Q), bot.tail()
            return
    finally:
        bot.stop()
    log = bot.log_since(mark)
    assert bot.proc is not None
    line = _one_error_line(log, bot.proc.returncode)
    assert str(database) in line
    assert "备份" in line
    assert "python -m bot faq export" in line


async def test_second_bot_on_the_same_data_dir_refuses_to_start(tmp_path: Path) -> None:
    """A second bot on the data dir of a running one exits at once with one log line (no
    traceback) naming the database; the first goes on storing and acknowledging edits."""
    env = {**E2E_ENV, "LOCALSTORE_DATA_DIR": str(tmp_path / "data")}
    with BotProcess(tmp_path, env=E2E_ENV) as first:
        first.wait_listening()
        second = BotProcess(tmp_path / "second", env=env)
        second.start()
        try:
            assert second.proc is not None
            second.proc.wait(30)
        except subprocess.TimeoutExpired:
            pass
        finally:
            second.stop()
        log = second.log()
        line = _one_error_line(log, second.proc.returncode)
        assert str(_database(tmp_path)) in line
        assert "另一个" in line
        async with OneBotPeer.for_bot(first) as peer:
            assert ADDED in await _add(peer, STORED_Q, STORED_A)
            assert STORED_A in await _ask(peer, STORED_Q)
    assert _stored_questions(_database(tmp_path)) == {STORED_Q}
