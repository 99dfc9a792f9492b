"""`check_file` in a child process: a hard time limit, a memory ceiling, and the bot's own
memory left alone.

Why a process and not a thread: a thread cannot be stopped when a library call runs past the
budget, shares the bot's heap (a bad file would raise the bot's resident memory for good) and
would load openpyxl, lxml and pypdf into the bot. The child is started with "spawn" (forking
a process that runs an event loop and threads is unsafe), gets an address-space limit, and is
killed when the time is up; the file goes to it through a pipe, never through the disk.
Blocking: the chat layer calls it from a worker thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from bot.files.limits import MB, TOO_COMPLEX, FileLimits
from bot.reply import Reply, ReplyKind

STARTUP_SECONDS = 10.0
"""Allowed on top of the check's budget for starting Python and importing the readers."""
TIMEOUT = "这个文件我没能在规定时间内看完，请稍后再试，或只保留要检查的部分再发。"


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
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, name, data, year, limits, memory_mb * MB),
        name="file-check",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if receiver.poll(limits.seconds + startup_seconds):
            reply = receiver.recv()
            if isinstance(reply, Reply):
                return reply
        elif child.is_alive():
            return Reply(ReplyKind.CHECK, TIMEOUT)
        return Reply(ReplyKind.CHECK, TOO_COMPLEX)
    except (EOFError, OSError):
        # The child died without an answer: out of memory under its limit, or killed.
        return Reply(ReplyKind.CHECK, TOO_COMPLEX)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)


def _child(
    sender: Connection, name: str, data: bytes, year: int, limits: FileLimits, memory: int
) -> None:
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from bot.files import check_file

    try:
        sender.send(check_file(name, data, year=year, limits=limits))
    finally:
        sender.close()
