"""Code look-up: accuracy and latency of `CodeBook.rank` beside a plain rapidfuzz baseline.

The baseline is what one would write first: `rapidfuzz.process.extractOne(question, names)` over
the code names of 附件2 (default scorer WRatio). Both run in this process over the same query set
(tests/core/data/code_queries.yaml), so the ratios printed at the end compare like with like.

    .venv/bin/python bench/bench_codes.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from rapidfuzz import process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.codes import CodeBook
from bot.text.query import Query

QUERY_SET = ROOT / "tests" / "core" / "data" / "code_queries.yaml"
GOAL_MEDIAN_MS = 1.0

Ranker = Callable[[str], list[str]]


def load_queries() -> list[tuple[str, str]]:
    raw = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))
    return [(item["q"], item["code"]) for item in raw["queries"]]


def baseline(book: CodeBook) -> tuple[Ranker, Ranker]:
    """extractOne (top 1) and extract (top 3) over every code name, minor and major."""
    names = {m.short_name: code for code, m in book.minors.items()}
    names.update({m.name: code for code, m in book.majors.items()})
    choices = list(names)

    def top1(q: str) -> list[str]:
        hit = process.extractOne(q, choices)
        return [names[hit[0]]] if hit else []

    def top3(q: str) -> list[str]:
        return [names[name] for name, _, _ in process.extract(q, choices, limit=3)]

    return top1, top3


def accuracy(rank: Ranker, cases: list[tuple[str, str]], k: int) -> float:
    return sum(code in rank(q)[:k] for q, code in cases) / len(cases)


def latencies_ms(run: Callable[[str], object], texts: list[str], repeat: int) -> list[float]:
    for text in texts:  # warm caches (pinyin of each character) outside the timing
        run(text)
    out = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter_ns()
            run(text)
            out.append((time.perf_counter_ns() - start) / 1e6)
    return out


def describe(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the query set")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    book = CodeBook.load()
    load_ms = (time.perf_counter() - start) * 1000
    cases = load_queries()
    texts = [q for q, _ in cases]
    base1, base3 = baseline(book)

    def ours(q: str) -> list[str]:
        return [c.code for c in book.rank(q)]

    rows = {
        "CodeBook.rank": (
            accuracy(ours, cases, 1),
            accuracy(ours, cases, 3),
            describe(latencies_ms(book.rank, texts, args.repeat)),
        ),
        "rapidfuzz extractOne": (
            accuracy(base1, cases, 1),
            accuracy(base3, cases, 3),
            describe(latencies_ms(base1, texts, args.repeat)),
        ),
    }
    chat = describe(latencies_ms(lambda q: book.natural(Query(q)), texts, args.repeat))

    print(f"queries: {len(cases)}, timed passes: {args.repeat}, table load: {load_ms:.1f} ms")
    print(f"{'method':<22}{'top-1':>8}{'top-3':>8}{'median ms':>12}{'p95 ms':>10}")
    for name, (top1, top3, (median, p95)) in rows.items():
        print(f"{name:<22}{top1:>8.1%}{top3:>8.1%}{median:>12.3f}{p95:>10.3f}")
    print(f"{'chat reply (natural)':<22}{'':>8}{'':>8}{chat[0]:>12.3f}{chat[1]:>10.3f}")

    (o1, _, (o_med, _)), (b1, _, (b_med, _)) = rows.values()
    print(f"top-1 gain over baseline: {o1 - b1:+.1%} points")
    print(f"median latency ratio (ours / baseline): {o_med / b_med:.1f}x")
    goal = o1 > b1 and o_med <= GOAL_MEDIAN_MS
    print(f"goal (more accurate, median <= {GOAL_MEDIAN_MS} ms): {'met' if goal else 'NOT met'}")
    misses = [(q, code, ours(q)) for q, code in cases if ours(q)[:1] != [code]]
    for q, code, got in misses:
        print(f"  top-1 miss: {q!r} expected {code}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
