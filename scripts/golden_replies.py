#!/usr/bin/env python3
"""Replies to every golden question, as `python -m bot ask` prints them; for comparing versions.

    python scripts/golden_replies.py dump > after.json
    python scripts/golden_replies.py compare before.json after.json

`dump` runs each question of tests/core/golden_questions.yaml, bench/questions.txt and the
public harness cases (when ../shared is beside the checkout) through NoneBot start-up and the
same reply path as `python -m bot ask`, without a database (so with the shipped entries only),
and prints {question: reply} as JSON. To capture an older commit, run its copy of the code with
this script: `PYTHONPATH=/path/to/old/checkout python scripts/golden_replies.py dump`.
`compare` lists every question whose reply differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT / "tests" / "core" / "golden_questions.yaml",
    ROOT / "bench" / "questions.txt",
    ROOT.parent / "shared" / "qa-harness" / "dev_cases.json",
)


def questions() -> list[str]:
    found: list[str] = []
    for path in SOURCES:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yaml":
            found += [case["q"] for case in yaml.safe_load(text)]
        elif path.suffix == ".json":
            found += [case["q"] for case in json.loads(text)]
        else:
            found += [line.strip() for line in text.splitlines() if line.strip()[:1] not in "#"]
    return list(dict.fromkeys(found))


def dump() -> dict[str, str]:
    from nonebot.log import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    from bot.app import init

    init()
    from bot.assistant import Assistant
    from bot.config import Settings

    assistant = Assistant.load(Settings())
    return {q: assistant.reply(q).render() for q in questions()}


def compare(before: dict[str, str], after: dict[str, str]) -> int:
    changed = [q for q in before if q in after and before[q] != after[q]]
    missing = [q for q in before if q not in after]
    for q in changed:
        print(f"--- {q}\n  before: {before[q]!r}\n  after:  {after[q]!r}")
    for q in missing:
        print(f"--- {q}: not asked after")
    same = len(before) - len(changed) - len(missing)
    print(
        f"{same} of {len(before)} replies unchanged, "
        f"{len(changed)} changed, {len(missing)} missing"
    )
    return 1 if changed or missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dump")
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        json.dump(dump(), sys.stdout, ensure_ascii=False, indent=1)
        return 0
    load = lambda p: json.loads(p.read_text(encoding="utf-8"))  # noqa: E731
    return compare(load(args.before), load(args.after))


if __name__ == "__main__":
    sys.exit(main())
