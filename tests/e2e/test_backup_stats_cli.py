"""`python -m bot backup|restore|stats` beside a real bot: an online backup while it runs, a
restore refused until it stops, and the admins' figures and spreadsheet from the command line."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import PROJECT_ROOT, SUPERUSER, BotProcess, OneBotPeer

KEPT_Q, KEPT_A = "演练横幅用什么颜色", "演练用红色横幅。"
LATER_Q, LATER_A = "演练桌牌放在哪里", "桌牌放在门口。"


def _cli(bot: BotProcess, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line with the bot's own environment (same data dir)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=bot.environment(),
        capture_output=True, text=True, timeout=120, check=False,
    )


def _questions(database: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT after_json FROM revision").fetchall()
    return {json.loads(row[0])["question"] for row in rows if row[0]}


async def _add(peer: OneBotPeer, question: str, answer: str) -> None:
    sent = await peer.ask_private(f"/faq add {question}\n{answer}", user_id=SUPERUSER)
    assert "已添加问答" in "\n".join(s.text for s in sent)


async def _answer(peer: OneBotPeer, question: str) -> str:
    return "\n".join(s.text for s in await peer.ask_private(question))


async def test_backup_while_running_then_restore_once_stopped(tmp_path: Path) -> None:
    """A backup taken while the bot runs holds what was stored then; restoring it is refused
    while the bot runs, works once it stopped (keeping the replaced file), and the restarted
    bot answers from the backup."""
    database = tmp_path / "data" / "faq_admin" / "faq.sqlite3"
    bot = BotProcess(tmp_path, env=E2E_ENV)
    with bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            await _add(peer, KEPT_Q, KEPT_A)
            made = _cli(bot, "backup")
            assert made.returncode == 0, made.stderr
            [copy] = (database.parent / "backups").glob("faq-*.sqlite3")
            assert str(copy) in made.stdout
            named = _cli(bot, "backup", str(tmp_path / "named.sqlite3"))
            assert named.returncode == 0, named.stderr
            await _add(peer, LATER_Q, LATER_A)
            refused = _cli(bot, "restore", str(copy))
            assert refused.returncode == 1
            assert "请先停止机器人" in refused.stderr
            assert LATER_A in await _answer(peer, LATER_Q)
    assert _questions(copy) == {KEPT_Q} == _questions(tmp_path / "named.sqlite3")
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file

    restored = _cli(bot, "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    [kept] = database.parent.glob("faq.sqlite3.replaced-*")
    assert str(kept) in restored.stdout
    assert _questions(kept) == {KEPT_Q, LATER_Q}
    with BotProcess(tmp_path, env=E2E_ENV) as again:
        again.wait_listening()
        async with OneBotPeer.for_bot(again) as peer:
            assert KEPT_A in await _answer(peer, KEPT_Q)
            assert LATER_A not in await _answer(peer, LATER_Q)


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    """A file that is no FAQ database is refused before anything is replaced."""
    bot = BotProcess(tmp_path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = _cli(bot, "restore", str(junk))
    assert result.returncode == 1
    assert "不是可用的" in result.stderr
    assert not (tmp_path / "data" / "faq_admin" / "faq.sqlite3").exists()


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    """Before the bot ever ran there is nothing to back up, and the command says where it
    looked."""
    result = _cli(BotProcess(tmp_path), "backup")
    assert result.returncode == 1
    assert str(tmp_path / "data" / "faq_admin" / "faq.sqlite3") in result.stderr


async def test_stats_prints_the_figures_and_writes_the_spreadsheet(tmp_path: Path) -> None:
    """Questions asked in chat show in `stats` (answered, missed, the entry used) and in the
    .xlsx: the missed question on its sheet, the entry's hits on another."""
    from openpyxl import load_workbook

    bot = BotProcess(tmp_path, env=E2E_ENV)
    with bot:
        bot.wait_listening()
        async with OneBotPeer.for_bot(bot) as peer:
            assert await _answer(peer, "分类2能选几项")
            assert await _answer(peer, "分类2能选几项")
            assert await _answer(peer, "填报截止时间是哪天")  # the guide sets no date
    # Stopping the bot writes the counts it still held in memory.
    workbook = tmp_path / "统计.xlsx"
    result = _cli(bot, "stats", "--xlsx", str(workbook))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("：共3个问题，答上2个，没答上1个。"), result.stdout
    assert lines[1] == "用得最多的问答："
    assert lines[2].startswith("1. "), result.stdout
    assert lines[2].endswith("（2次）"), result.stdout
    entry_id = lines[2][3:].partition("：")[0]
    assert str(workbook) in lines[-1]

    book = load_workbook(workbook, read_only=True)
    assert book.sheetnames == ["未答问题", "问答命中", "每日", "时段"]
    missed = list(book["未答问题"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in missed] == ["填报截止时间是哪天"]
    hits = {row[0]: row[3] for row in book["问答命中"].iter_rows(min_row=2, values_only=True)}
    assert hits[entry_id] == 2
