"""Draft checks: how long a long pasted activity table and a long structured table take.

A 2,000-row table is pasted as Excel copies it (tabs, a title, a header, a 合计 row, 说明
lines), with commas instead of tabs, and handed over as rows (`check_activity_rows`, what the
file readers call). Each is detected, read and checked as the assistant does; the median of a
few runs is printed beside the goal (well under 1 s).

    .venv/bin/python bench/checks.py [--rows 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.checks import COLUMNS, Origin, SourceRow, check_activity_rows, detect, run, to_reply
from bot.guide.rules import ACTIVITY_CATEGORIES

GOAL_S = 1.0
YEAR = 2024


def _cells(i: int) -> list[str]:
    people = 8 if i % 17 == 0 else 12 + i % 80
    return [
        str(i),
        f"2024/{i % 12 + 1}/{i % 28 + 1}",
        "南京",
        f"政策宣讲会第{i}场",
        "南京市工信局" if i % 9 == 0 else "本平台",
        "本平台",
        "惠企政策解读，现场答疑",
        str(5 + i % 30),
        str(people),
        ACTIVITY_CATEGORIES[i % len(ACTIVITY_CATEGORIES)],
        "是" if i % 9 == 0 else "否",
    ]


def pasted(rows: int, sep: str) -> str:
    lines = ["2024年度服务活动汇总表", sep.join(COLUMNS)]
    for i in range(1, rows + 1):
        cells = _cells(i)
        if sep != "\t":
            cells[6] = cells[6].replace("，", " ")
        lines.append(sep.join(cells))
    lines += [sep.join(["合计", *[""] * 10]), "说明：1、活动类别从五类中选填1项。"]
    return "\n".join(lines)


def structured(rows: int) -> list[SourceRow]:
    return [
        SourceRow(dict(zip(COLUMNS, _cells(i), strict=True)), i + 2, "", Origin.FILE)
        for i in range(1, rows + 1)
    ]


def _time(job: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    def paste_job(text: str) -> Callable[[], object]:
        def job() -> object:
            request = detect(text)
            assert request is not None
            return run(request, year=YEAR)

        return job

    rows = structured(args.rows)
    jobs = {
        "粘贴（制表符）": paste_job(pasted(args.rows, "\t")),
        "粘贴（逗号）": paste_job(pasted(args.rows, ",")),
        "结构化行（文件）": lambda: to_reply(check_activity_rows(rows, year=YEAR)),
    }
    print(f"{args.rows} 行活动汇总表，{args.repeat} 次取中位数（目标 < {GOAL_S:.1f} s）")
    for name, job in jobs.items():
        seconds = _time(job, args.repeat)
        mark = "✅" if seconds < GOAL_S else "❌"
        print(f"  {name}: {seconds * 1000:.0f} ms {mark}")


if __name__ == "__main__":
    main()
