#!/usr/bin/env python3
"""File checks: time and memory of `bot.files.check_file` on generated files.

    .venv/bin/python bench/files.py [--rows 2000] [--repeat 3]

Generated here (tests/core/files/makers.py, nothing stored): a 附件1 workbook of `--rows`
activities under the guide's title, subtitle and header, with a 合计 and the 说明; the same
table as .xls, .csv and .docx; a proof PDF of 20 activities (notice, sign-in sheet, photos);
and a decompression bomb (a 300 MB sheet of zeros in a few hundred KB). Each file is checked
`--repeat` times in this process; the best and the median wall time are printed, with the
resident memory before and after and the process's peak. The xlsx is also checked once through
`check_file_isolated` (child process, as the chat layer calls it), whose time includes starting
Python. Target: the 2,000-row xlsx in under 2 s; the bomb refused without resident memory
growing by more than 300 MB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.files import check_file, check_file_isolated
from tests.core.files import makers
from tests.core.files.pdfgen import PageSpec, pdf

TARGET_SECONDS = 2.0
YEAR = 2024


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proof_pdf(activities: int) -> bytes:
    names = [f"第{i}期中小企业政策讲堂" for i in range(1, activities + 1)]
    pages = [PageSpec(["服务活动汇总表", *names])]
    for name in names:
        pages.append(PageSpec([f"关于举办{name}的通知", "各有关企业：现将有关事项通知如下。"]))
        pages.append(PageSpec([f"{name}签到表", "序号 姓名 单位 电话"]))
        pages.append(PageSpec(["活动现场照片"], [(800, 600)] * 2))
    return pdf(pages)


def timed(
    label: str, name: str, data: bytes, repeat: int, run: Callable[[str, bytes], str] | None = None
) -> float:
    check = run or (lambda n, d: check_file(n, d, year=YEAR).text)
    before = rss_mb()
    times: list[float] = []
    first = ""
    for _ in range(repeat):
        start = time.perf_counter()
        text = check(name, data)
        times.append(time.perf_counter() - start)
        first = first or text.splitlines()[0]
    print(
        f"{label:<28} {len(data) / 1024:>8.0f} KB  best {min(times):6.3f} s  "
        f"median {statistics.median(times):6.3f} s  RSS {before:6.1f} -> {rss_mb():6.1f} MB  "
        f"peak {peak_mb():6.1f} MB  | {first[:40]}"
    )
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = makers.template(makers.activities(args.rows))
    print(f"idle RSS {rss_mb():.1f} MB (bot.files imported, no reader loaded)")
    xlsx = makers.big_xlsx(rows)
    best = timed(f"xlsx {args.rows} rows", "汇总表.xlsx", xlsx, args.repeat)
    timed(f"xls {args.rows} rows", "汇总表.xls", makers.xls({"汇总表": rows}), args.repeat)
    timed(
        f"csv (GBK) {args.rows} rows",
        "汇总表.csv",
        makers.csv_bytes(rows, encoding="gbk"),
        args.repeat,
    )
    timed(f"docx {args.rows} rows", "汇总表.docx", makers.docx([rows]), args.repeat)
    timed("proof PDF, 20 activities", "证明材料.pdf", proof_pdf(20), args.repeat)
    before_bomb = rss_mb()
    bomb = makers.zip_bomb(300)
    timed("zip bomb (300 MB sheet)", "汇总表.xlsx", bomb, 1)
    grown = rss_mb() - before_bomb
    timed(
        f"xlsx {args.rows} rows, isolated",
        "汇总表.xlsx",
        xlsx,
        1,
        run=lambda n, d: check_file_isolated(n, d, year=YEAR).text,
    )
    verdict = "ok" if best < TARGET_SECONDS else "SLOW"
    print(
        f"target: {args.rows}-row xlsx < {TARGET_SECONDS} s: {best:.3f} s {verdict}; "
        f"bomb grew RSS by {grown:.1f} MB (limit 300)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
