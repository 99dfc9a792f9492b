#!/usr/bin/env python3
"""Load the bot over the OneBot v11 reverse WebSocket and compare it with a bare NoneBot app.

    .venv/bin/python bench/load.py [--users 150] [--per-user 3] [--rounds 3] [--no-floor]

Both `python -m bot` (this project) and `bench/echo_floor` (a NoneBot app that echoes every
private message, the framework's floor) are started as subprocesses on free loopback ports,
one after the other, `--rounds` times. Each run: every simulated user sends its questions one
after another in private chat (the next as soon as the first reply came, or after 5 s), all
users at once. Reported per run: throughput (answered messages per second of wall time),
p50/p99 latency from posting the event to the bot's send call, peak RSS of the bot process,
time to ready (spawn to accepted WebSocket) and messages that got no reply. The ratios
bot/floor are the medians over the rounds. Nothing leaves 127.0.0.1. Not a test: the figures
depend on the machine; see docs/readme/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.peer import BotProcess, OneBotPeer, cpu_seconds, rss_peak_mb

FLOOR = ROOT / "bench" / "echo_floor"
QUESTIONS = ROOT / "bench" / "questions.txt"
TARGETS = {"throughput": 0.8, "p50_ms": 1.3}
RSS_LIMIT_MB = 150
READY_LIMIT_S = 3.0


def load_questions(path: Path) -> list[str]:
    """One question per line (# comments), or a JSON list of strings or of cases with "q"."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [
            q if isinstance(q, str) else q["q"]
            for q in json.loads(text)
            if isinstance(q, str) or (q.get("q") and not q.get("group"))
        ]
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(p * len(sorted_values)) - 1)]


async def one_run(
    project: Path,
    python: str,
    questions: list[str],
    users: int,
    per_user: int,
    log_level: str,
    env: dict[str, str] | None = None,
) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    bot = BotProcess(workdir, project=project, python=python, log_level=log_level, env=env)
    bot.start()
    try:
        peer = OneBotPeer.for_bot(bot)
        await peer.connect(within=90)
        ready = time.monotonic() - bot.started_at
        await asyncio.sleep(1.0)  # let start-up work settle before the clock starts
        latencies: list[float] = []
        lost = 0

        async def user(u: int) -> None:
            nonlocal lost
            for k in range(per_user):
                question = questions[(u * per_user + k) % len(questions)]
                posted = await peer.private(question, user_id=50_000 + u)
                first = await peer.first_reply(posted, within=5.0)
                if first is None:
                    lost += 1
                else:
                    latencies.append(first.at - posted.at)

        start, cpu_start = time.monotonic(), cpu_seconds(bot.pid)
        await asyncio.gather(*(user(u) for u in range(users)))
        wall = time.monotonic() - start
        cpu = cpu_seconds(bot.pid) - cpu_start
        rss = rss_peak_mb(bot.pid)
        await peer.close()
    finally:
        code = bot.stop()
    if code in (0, -15):
        shutil.rmtree(workdir, ignore_errors=True)
    else:  # keep the log for a look
        print(f"  note: {project.name} exited with {code}; log {bot.log_path}", file=sys.stderr)
    latencies.sort()
    return {
        "msgs": len(latencies),
        "lost": lost,
        "throughput": len(latencies) / wall,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "rss_mb": rss,
        "ready_s": ready,
        # CPU per answered message: steadier than throughput when the machine is shared.
        "cpu_ms": cpu * 1000 / max(len(latencies), 1),
    }


def fmt(row: dict[str, float]) -> str:
    return (
        f"{row['throughput']:7.1f} msg/s  p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms"
        f"  cpu {row['cpu_ms']:5.2f} ms/msg  peak RSS {row['rss_mb']:6.1f} MB"
        f"  ready {row['ready_s']:5.2f} s"
        f"  answered {row['msgs']:.0f}, lost {row['lost']:.0f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--users", type=int, default=150, help="concurrent simulated users")
    ap.add_argument("--per-user", type=int, default=3, help="questions per user, in sequence")
    ap.add_argument("--rounds", type=int, default=3, help="alternating bot/floor runs")
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--python", default=sys.executable, help="interpreter for both apps")
    ap.add_argument("--log-level", default="WARNING", help="LOG_LEVEL of both apps")
    ap.add_argument("--no-floor", action="store_true", help="load the bot only")
    ap.add_argument("--json", type=Path, help="also write every run and the summary here")
    ap.add_argument(
        "--bot-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the bot only, e.g. ASSISTANT_REPLY_CACHE_SIZE=0 (repeatable)",
    )
    args = ap.parse_args()
    bot_env = dict(item.split("=", 1) for item in args.bot_env)
    questions = load_questions(args.questions)

    rows: list[tuple[dict[str, float], dict[str, float] | None]] = []
    for r in range(1, args.rounds + 1):
        bot = asyncio.run(
            one_run(
                ROOT, args.python, questions, args.users, args.per_user, args.log_level, bot_env
            )
        )
        print(f"round {r} bot   {fmt(bot)}", flush=True)
        floor = None
        if not args.no_floor:
            floor = asyncio.run(
                one_run(FLOOR, args.python, questions, args.users, args.per_user, args.log_level)
            )
            print(f"round {r} floor {fmt(floor)}", flush=True)
        rows.append((bot, floor))

    def median(key: str) -> float:
        return statistics.median(b[key] for b, _ in rows)

    summary: dict[str, float] = {
        "throughput": median("throughput"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "rss_mb": max(b["rss_mb"] for b, _ in rows),
        "ready_s": median("ready_s"),
        "cpu_ms": median("cpu_ms"),
        "lost": sum(b["lost"] for b, _ in rows),
    }
    print(
        f"\nbot (median of {len(rows)}): {summary['throughput']:.1f} msg/s, "
        f"p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms, "
        f"peak RSS {summary['rss_mb']:.1f} MB, ready {summary['ready_s']:.2f} s, "
        f"lost {summary['lost']:.0f}"
    )
    ok = summary["rss_mb"] <= RSS_LIMIT_MB and summary["ready_s"] <= READY_LIMIT_S
    ok = ok and summary["lost"] == 0
    print(f"  peak RSS <= {RSS_LIMIT_MB} MB: {summary['rss_mb'] <= RSS_LIMIT_MB}; "
          f"ready <= {READY_LIMIT_S} s: {summary['ready_s'] <= READY_LIMIT_S}")
    if not args.no_floor:
        ratios = {
            key: statistics.median(b[key] / f[key] for b, f in rows if f is not None)
            for key in ("throughput", "p50_ms", "p99_ms", "cpu_ms", "rss_mb", "ready_s")
        }
        summary |= {f"ratio_{k}": v for k, v in ratios.items()}
        print(
            f"ratio bot/floor: throughput {ratios['throughput']:.2f}x (target >= 0.8), "
            f"p50 latency {ratios['p50_ms']:.2f}x (target <= 1.3), "
            f"p99 latency {ratios['p99_ms']:.2f}x, CPU per message {ratios['cpu_ms']:.2f}x, "
            f"peak RSS {ratios['rss_mb']:.2f}x, "
            f"ready {ratios['ready_s']:.2f}x"
        )
        ok = ok and ratios["throughput"] >= TARGETS["throughput"]
        ok = ok and ratios["p50_ms"] <= TARGETS["p50_ms"]
    print("all targets met" if ok else "some target missed")
    if args.json:
        args.json.write_text(
            json.dumps({"runs": rows, "summary": summary}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
