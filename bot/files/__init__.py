"""Checking the files users send: the activity summary table (附件1) as .xlsx/.xls/.csv or the
table in a .docx, and the proof PDF of guide （二）.

`check_file(name, data, year=...)` is the one entry point (chat and `python -m bot check-file`):
bytes in, one `Reply` (kind CHECK) out, never an exception. The real type comes from the bytes
(`sniff`); tables are found wherever their header is (`table`) and their rows checked by the
same activity-table checker as a paste (`report`); PDFs are checked against （二） (`proof`). A
Word document or PDF without a table or proof pages that reads like an annual summary or a
typical case gets that check instead. `check_file_isolated` runs the same in a child process
with a hard time and memory limit: the way the chat layer should call it. Pure: no nonebot, no
network, and nothing is written to disk.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.checks import CheckKind, detect, run
from bot.files.isolate import check_file_isolated
from bot.files.limits import (
    CANNOT_OPEN,
    SUPPORTED,
    TOO_COMPLEX,
    Budget,
    FileError,
    FileLimits,
    size_text,
)
from bot.files.sniff import READABLE, Kind, decode_text, mismatch_note, sniff
from bot.reply import Reply, ReplyKind

__all__ = ["SUPPORTED", "FileLimits", "check_file", "check_file_isolated", "check_path"]

log = logging.getLogger(__name__)

NO_TABLE = (
    "{what}里没找到活动汇总表：要有附件1的表头（序号、时间、地点、活动名称、主办单位、"
    "承办单位、主要内容、参加企业数、人数、活动类别、是否工信部门委托的活动）。"
)
_TEXT_CHECKS = frozenset({CheckKind.SUMMARY, CheckKind.CASE})
_TEXT_NAMES = {CheckKind.SUMMARY: "年度总结", CheckKind.CASE: "典型案例"}


def check_file(name: str, data: bytes, *, year: int, limits: FileLimits | None = None) -> Reply:
    """The check of one file the user sent; `year` is the reporting year of the activities."""
    limits = limits or FileLimits()
    try:
        return _check(name, data, year, limits)
    except FileError as exc:
        return _reply(exc.message)
    except MemoryError:
        return _reply(TOO_COMPLEX)
    except Exception:  # a file no reader understood: the user gets one line, the log the rest
        log.warning("file %r could not be read", name, exc_info=True)
        return _reply(CANNOT_OPEN)


def check_path(
    path: str | os.PathLike[str], *, year: int, limits: FileLimits | None = None
) -> Reply:
    """The file at `path` checked as if sent in chat (`python -m bot check-file PATH`)."""
    limits = limits or FileLimits()
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            return _reply(_too_big(size, limits))
        data = file.read_bytes()
    except OSError:
        return _reply(f"读不到文件：{file}")
    return check_file(file.name, data, year=year, limits=limits)


def _too_big(size: int, limits: FileLimits) -> str:
    return f"文件有{size_text(size)}，我这里最多看{size_text(limits.max_bytes)}的文件。"


def _reply(text: str) -> Reply:
    return Reply(ReplyKind.CHECK, text)


def _check(name: str, data: bytes, year: int, limits: FileLimits) -> Reply:
    if len(data) > limits.max_bytes:
        raise FileError(_too_big(len(data), limits))
    sniffed = sniff(name, data)
    if sniffed.kind not in READABLE:
        raise FileError(sniffed.message)
    notes = [note] if (note := mismatch_note(name, sniffed.kind)) else []
    budget = Budget(limits.seconds)
    if sniffed.kind is Kind.PDF:
        return _with_notes(_pdf(data, limits, budget, year), notes)
    # Readers and checks import their libraries lazily, so a bot that is never sent a file
    # never loads openpyxl, xlrd, python-docx or pypdf.
    from bot.files.report import check_tables
    from bot.files.table import find_tables

    text = ""
    if sniffed.kind is Kind.DOCX:
        from bot.files.document import read_docx

        grids, text = read_docx(data, limits, budget)
    else:
        from bot.files import sheets

        reader = {Kind.XLSX: sheets.read_xlsx, Kind.XLS: sheets.read_xls, Kind.CSV: sheets.read_csv}
        grids = reader[sniffed.kind](data, limits, budget)
        if sniffed.kind is Kind.CSV:
            text = decode_text(data) or ""
    tables = find_tables(grids)
    if tables:
        return check_tables(tables, year=year, notes=notes)
    other = _text_check(text, year)
    if other is not None:
        return _with_notes(other, notes)
    what = "这个文档" if sniffed.kind is Kind.DOCX else "这个表格"
    return _with_notes(_reply(NO_TABLE.format(what=what)), notes)


def _pdf(data: bytes, limits: FileLimits, budget: Budget, year: int) -> Reply:
    from bot.files.pdf import read_pdf
    from bot.files.proof import activities, check_proof

    pdf = read_pdf(data, limits, budget)
    if not pdf.scanned:
        summary, found = activities(pdf)
        if not summary and not found:
            other = _text_check("\n".join(p.text for p in pdf.pages), year)
            if other is not None:
                return other
    return check_proof(pdf)


def _text_check(text: str, year: int) -> Reply | None:
    """An annual summary or a typical case sent as a file, checked as if pasted."""
    if len(text.strip()) < 40:
        return None
    request = detect(text)
    if request is None or request.kind not in _TEXT_CHECKS:
        return None
    reply = run(request, year=year)
    return Reply(
        reply.kind,
        f"这个文件没有活动汇总表，看起来是{_TEXT_NAMES[request.kind]}，"
        f"按{_TEXT_NAMES[request.kind]}检查：\n{reply.text}",
        clause=reply.clause,
        detail=reply.detail,
    )


def _with_notes(reply: Reply, notes: list[str]) -> Reply:
    if not notes:
        return reply
    return Reply(
        reply.kind,
        reply.text + "\n" + "\n".join(notes),
        clause=reply.clause,
        detail=reply.detail,
    )
