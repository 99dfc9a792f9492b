"""Safety limits: size, decompression bombs, time budget, the child process, lazy imports."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from bot.files import FileLimits, check_file, check_file_isolated, check_path
from bot.files.isolate import TIMEOUT
from bot.files.limits import CANNOT_OPEN, TOO_COMPLEX
from tests.core.files import makers as m
from tests.core.files.pdfgen import PageSpec, pdf

YEAR = 2024
TABLE = m.template(m.activities(3))


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """An xlsx whose sheet is 300 MB of zeros, a few hundred KB on the wire."""
    return m.zip_bomb(300)


def text_of(name: str, data: bytes, **limits: float) -> str:
    return check_file(name, data, year=YEAR, limits=FileLimits(**limits)).text  # type: ignore[arg-type]


def test_bomb_refused_by_declared_size(bomb: bytes) -> None:
    """The zip bomb is refused from its directory, naming the unpacked size."""
    assert len(bomb) < 2_000_000
    assert text_of("表.xlsx", bomb) == (
        "这个文件解压后太大（300.0MB），我这里不读这么大的文件。请只保留汇总表再发。"
    )


def test_bomb_does_not_raise_memory() -> None:
    """Checking the bomb in a fresh interpreter raises its peak memory by far less than 300 MB."""
    script = textwrap.dedent(
        """
        import resource
        from bot.files import check_file
        from tests.core.files import makers
        bomb = makers.zip_bomb(300)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reply = check_file("表.xlsx", bomb, year=2024)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print((after - before) // 1024, reply.text)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    grown, text = result.stdout.split(" ", 1)
    assert "解压后太大" in text
    assert int(grown) < 100


def test_lying_sizes_are_cut_at_the_declared_size() -> None:
    """A sheet that declares 2 KB but inflates to 64 MB is read no further and is corrupt."""
    assert text_of("表.xlsx", m.lying_zip()) == CANNOT_OPEN


@pytest.mark.parametrize(
    ("entries", "method", "line"),
    [
        (
            {"word/document.xml": b"", **{f"x{i}.xml": b"" for i in range(2100)}},
            zipfile.ZIP_STORED,
            "个部件",
        ),
        ({"word/document.xml": b"\0" * (5 << 20)}, zipfile.ZIP_DEFLATED, "解压后太大"),
        ({"word/document.xml": b"<w/>" * 10}, zipfile.ZIP_BZIP2, CANNOT_OPEN),
    ],
    ids=["too-many-entries", "ratio", "bzip2"],
)
def test_zip_guard(entries: dict[str, bytes], method: int, line: str) -> None:
    """Too many parts, an implausible ratio or a non-deflate method are refused unread."""
    assert line in text_of("材料.docx", m.zip_of(entries, method))


def test_encrypted_zip_entry() -> None:
    """A zip with an encrypted part (a password-protected zip renamed .xlsx) is refused."""
    data = bytearray(m.xlsx({"S": TABLE}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.infolist()[0].header_offset
    data[offset + 6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    assert "设了密码" in text_of("表.xlsx", bytes(data))


def test_size_cap_before_reading() -> None:
    """A file over the size cap is refused before it is parsed, naming both sizes."""
    text = text_of("表.xlsx", m.xlsx({"S": TABLE}), max_bytes=1024)
    assert text.startswith("文件有")
    assert "我这里最多看1KB" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("表.xlsx", m.xlsx({"S": TABLE})),
        ("表.csv", m.csv_bytes(TABLE)),
        ("材料.pdf", pdf([PageSpec(["通知"])] * 3)),
    ],
    ids=["xlsx", "csv", "pdf"],
)
def test_time_budget(name: str, data: bytes) -> None:
    """With no time left the check stops with one line instead of running on."""
    assert "秒内没能看完" in text_of(name, data, seconds=-1)


def test_isolated_check_gives_the_same_reply() -> None:
    """The child process returns exactly the in-process reply."""
    data = m.xlsx({"S": TABLE})
    assert check_file_isolated("表.xlsx", data, year=YEAR) == check_file("表.xlsx", data, year=YEAR)


def test_isolated_check_is_killed_when_time_is_up() -> None:
    """A child that has not answered in time is killed and the user told so."""
    reply = check_file_isolated(
        "表.xlsx",
        m.xlsx({"S": TABLE}),
        year=YEAR,
        limits=FileLimits(seconds=0),
        startup_seconds=0,
    )
    assert reply.text == TIMEOUT


def test_isolated_check_out_of_memory() -> None:
    """A child that hits its memory cap dies; the user gets one line, the bot lives on."""
    reply = check_file_isolated("表.xlsx", m.xlsx({"S": TABLE}), year=YEAR, memory_mb=8)
    assert reply.text == TOO_COMPLEX


def test_readers_load_only_when_a_file_is_read() -> None:
    """Importing the package and checking a csv loads none of the format libraries."""
    script = textwrap.dedent(
        """
        import sys
        import bot.assistant, bot.files
        from bot.files import check_file
        check_file("a.csv", "序号,时间\\n1,2024-01-01\\n".encode(), year=2024)
        heavy = ("openpyxl", "xlrd", "docx", "pypdf", "lxml")
        print(sorted(n for n in sys.modules if n.split(".")[0] in heavy))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("content", "max_bytes", "start"),
    [
        (m.xlsx({"S": TABLE}), 1 << 20, "活动汇总表检查：✅"),
        (b"x" * 4096, 1024, "文件有4KB"),
        (None, 1024, "读不到文件"),
    ],
    ids=["table", "too-big", "missing"],
)
def test_check_path(tmp_path: Path, content: bytes | None, max_bytes: int, start: str) -> None:
    """The command-line path reads the file (size checked first) and replies as chat does."""
    path = tmp_path / "汇总表.xlsx"
    if content is not None:
        path.write_bytes(content)
    reply = check_path(path, year=YEAR, limits=FileLimits(max_bytes=max_bytes))
    assert reply.text.startswith(start)
