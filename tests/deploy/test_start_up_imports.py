"""What the bot's start-up and plain questions import: no library that only some messages or
large knowledge bases need (each costs megabytes of memory and time before the bot is ready);
and what start-up builds is frozen out of the cyclic collector's way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

NOT_AT_START = (
    "numpy",  # retrieval over more than index.ARRAYS_FROM_PHRASINGS phrasings
    "openpyxl",  # spreadsheets users send, FAQ exports
    "xlrd",
    "docx",
    "pypdf",
    "pypinyin",  # replaced by bot/text/pinyin.bin
    "cn2an",  # replaced by bot.text.numerals
    "opencc",  # replaced by bot/text/t2s.txt
)
QUESTIONS = (
    "分类2能选几项",
    "证明材料要盖章吗",
    "检查名称：常州市中小企业公共服务平台",
    "知识产权服务的代码是多少",
    "网站打不开怎么办",
    "我们一共9场活动，有2场是线上的，人数够吗",
    "名称有啥要求？另外证明材料要盖章吗",
)


def test_start_up_and_questions_leave_heavy_libraries_unimported(tmp_path: Path) -> None:
    """`bot.app.init()` (what `python -m bot` runs before serving) and answering questions of
    every kind import none of `NOT_AT_START`."""
    code = (
        "import json, sys\n"
        "from bot.app import init, services\n"
        "init()\n"
        f"for q in {QUESTIONS!r}:\n"
        "    services().assistant.reply(q)\n"
        f"print(json.dumps([m for m in {NOT_AT_START!r} if m in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSTORE_", "ASSISTANT_"))}
    for name in ("data", "cache", "config"):
        env[f"LOCALSTORE_{name.upper()}_DIR"] = str(tmp_path / name)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_start_up_objects_are_frozen_and_collection_resumes(tmp_path: Path) -> None:
    """`python -m bot` builds everything with the cyclic collector off, then freezes what it
    built (later collections skip it) and turns the collector back on before serving."""
    code = (
        "import gc, nonebot\n"
        "from bot.__main__ import main\n"
        "nonebot.run = lambda *a, **k: print(gc.isenabled(), gc.get_freeze_count())\n"
        "main([])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSTORE_", "ASSISTANT_"))}
    for name in ("data", "cache", "config"):
        env[f"LOCALSTORE_{name.upper()}_DIR"] = str(tmp_path / name)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    enabled, frozen = done.stdout.split()[-2:]
    assert enabled == "True"
    assert int(frozen) > 10_000
