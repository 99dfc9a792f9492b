"""The FAQ database survives a SIGKILL in the middle of a burst of admin edits."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from pathlib import Path

from tests.e2e.conftest import E2E_ENV
from tests.e2e.peer import SUPERUSER, BotProcess, OneBotPeer

BURST = 40
KILL_AFTER_ACKS = 8
ACK = re.compile(r"已添加问答 (admin-\d+)：演练横幅第(\d+)号用什么颜色")


def _question(i: int) -> str:
    # Words no intent claims (a "crash" would be routed to the technical phone line).
    return f"演练横幅第{i}号用什么颜色"


def _answer(i: int) -> str:
    return f"演练的第{i}号答案。"


def _database(workdir: Path) -> Path:
    return workdir / "data" / "faq_admin" / "faq.sqlite3"


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _acks(peer: OneBotPeer, since: float) -> dict[int, str]:
    """Question number -> entry id, for every "added" message the peer has received."""
    found: dict[int, str] = {}
    for sent in peer.sent_to(("private", SUPERUSER), since):
        for match in ACK.finditer(sent.text):
            found[int(match.group(2))] = match.group(1)
    return found


async def test_sigkill_mid_burst_keeps_every_acknowledged_edit(tmp_path: Path) -> None:
    """Every edit acknowledged before a SIGKILL is there after a restart; the file is intact."""
    bot = BotProcess(tmp_path, env=E2E_ENV)
    bot.start()
    try:
        bot.wait_listening()
        peer = OneBotPeer.for_bot(bot)
        await peer.connect()
        since = time.monotonic()
        for i in range(BURST):
            await peer.private(f"/faq add {_question(i)}\n{_answer(i)}", user_id=SUPERUSER)
        # Not a timing assertion: poll for the acks, kill as soon as enough have arrived.
        deadline = time.monotonic() + 60
        while len(_acks(peer, since)) < KILL_AFTER_ACKS and time.monotonic() < deadline:
            await peer.replies(("private", SUPERUSER), since=time.monotonic(), within=0.5,
                               quiet=0.0)
        os.killpg(bot.pid, signal.SIGKILL)
        assert bot.proc is not None
        bot.proc.wait(10)
        acked = _acks(peer, since)
        await peer.drop()
    finally:
        bot.stop()
    assert len(acked) >= KILL_AFTER_ACKS, f"only {len(acked)} acks before the deadline"
    assert bot.proc.returncode == -signal.SIGKILL

    assert _integrity(_database(tmp_path)) == "ok"
    restarted = BotProcess(tmp_path, env=E2E_ENV)
    restarted.start()
    try:
        restarted.wait_listening()
        peer = OneBotPeer.for_bot(restarted)
        await peer.connect()
        for i, entry_id in sorted(acked.items()):
            reply = await peer.ask_private(_question(i))
            assert _answer(i) in "\n".join(s.text for s in reply), (i, entry_id, reply)
        shown = await peer.ask_private(f"/faq show {next(iter(acked.values()))}",
                                       user_id=SUPERUSER)
        assert shown, "no reply to /faq show after the restart"
        await peer.close()
    finally:
        restarted.stop()
    assert _integrity(_database(tmp_path)) == "ok"
    with sqlite3.connect(_database(tmp_path)) as conn:
        stored = {row[0] for row in conn.execute("SELECT entry_id FROM revision")}
        versions = conn.execute("PRAGMA user_version").fetchone()[0]
    assert set(acked.values()) <= stored
    assert versions >= 1
