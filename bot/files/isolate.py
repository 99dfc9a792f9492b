"""`check_file` in a child process: a hard time limit, a memory ceiling, and the bot's own
memory left alone.

Why a process and not a thread: a thread cannot be stopped when a library call runs past the
budget, shares the bot's heap (a bad file would raise the bot's resident memory for good) and
would load openpyxl, lxml and pypdf into the bot. The child is a fresh `python -m
bot.files.worker` (not multiprocessing, which re-imports the parent's main script), gets the
file on stdin and answers on stdout, so nothing touches the disk; it caps its own address
space first, and is killed when the time is up. Blocking: the chat layer calls it from a
worker thread (`asyncio.to_thread`) and so never holds up other users.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import asdict

from bot.files.limits import MB, TOO_COMPLEX, FileLimits
from bot.reply import Reply, ReplyKind

STARTUP_SECONDS = 10.0
"""Allowed on top of the check's budget for starting Python and importing the readers."""
TIMEOUT = "这个文件我没能在规定时间内看完，请稍后再试，或只保留要检查的部分再发。"
log = logging.getLogger(__name__)


def check_file_isolated(
    name: str,
    data: bytes,
    *,
    year: int,
    limits: FileLimits | None = None,
    memory_mb: int = 1024,
    startup_seconds: float = STARTUP_SECONDS,
) -> Reply:
    """`check_file` in a fresh child process, killed after the budget plus `startup_seconds`.
    `memory_mb` caps the child's address space (0: no cap)."""
    limits = limits or FileLimits()
    header = {"name": name, "year": year, "limits": asdict(limits), "memory": memory_mb * MB}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.files.worker"],
            input=json.dumps(header).encode() + b"\n" + data,
            capture_output=True,
            timeout=limits.seconds + startup_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Reply(ReplyKind.CHECK, TIMEOUT)
    except OSError:
        log.exception("file check worker could not start")
        return Reply(ReplyKind.CHECK, TOO_COMPLEX)
    if done.returncode != 0:
        # Out of memory under its cap, or killed: the user gets one line, the log the cause.
        log.warning("file check worker failed (%s): %s", done.returncode, done.stderr[-2000:])
        return Reply(ReplyKind.CHECK, TOO_COMPLEX)
    try:
        fields = json.loads(done.stdout)
        return Reply(
            ReplyKind(fields["kind"]),
            fields["text"],
            clause=fields["clause"],
            detail=fields["detail"],
        )
    except (ValueError, KeyError, TypeError):
        log.warning("file check worker answered %r", done.stdout[:200])
        return Reply(ReplyKind.CHECK, TOO_COMPLEX)
