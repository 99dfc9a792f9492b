#!/usr/bin/env python3
"""Write bot/text/t2s.txt, the traditional-to-simplified table `bot.text.t2s` reads, from the
dictionaries of OpenCC's "t2s" configuration as the opencc package ships them (run after
upgrading opencc; tests/core/text/test_t2s.py fails while the file differs from what this
writes).

    .venv/bin/python scripts/t2s_table.py

OpenCC's own dictionary tool (shipped in the package) turns each .ocd2 file into text. The table
keeps what the configuration does with them, each entry to its first candidate: single
characters (TSCharactersExt before TSCharacters, those that stay as they are left out) on one
line, keys then what they become, and phrases (matched longest first) on the next. The
normalisation of compatibility ideographs is not stored: it is each one's canonical form, which
this script checks.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.text.t2s import COMPATIBILITY, HEADER, TABLE


def _opencc_dir() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "clib"


def _entries(name: str) -> list[tuple[str, str]]:
    """(key, first candidate) of one of OpenCC's dictionaries, in the dictionary's order."""
    clib = _opencc_dir()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        source = clib / "share" / "opencc" / f"{name}.ocd2"
        subprocess.run(
            [str(clib / "bin" / "opencc_dict"), "-i", str(source), "-o", str(out),
             "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True,
        )  # fmt: skip
        lines = out.read_text(encoding="utf-8").splitlines()
    pairs = []
    for line in lines:
        if line:
            key, values = line.split("\t")
            pairs.append((key, values.split(" ")[0]))
    return pairs


def _check_normalisation() -> None:
    """OpenCC's normalisation is the canonical form of exactly the compatibility ideographs."""
    listed = dict(_entries("CJK_Compatibility_Ideographs"))
    block = re.compile(f"[{COMPATIBILITY}]")
    for key, value in listed.items():
        if not block.fullmatch(key) or unicodedata.normalize("NFC", key) != value:
            raise SystemExit(f"normalisation of U+{ord(key):X} is not its canonical form")
    for cp in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        char = chr(cp)
        if char not in listed and unicodedata.normalize("NFC", char) != char:
            raise SystemExit(f"U+{cp:X} has a canonical form OpenCC does not normalise to")


def table_text() -> str:
    """The file's content: the header, `c<TAB>keys<TAB>values` (one character each, in code
    point order) and `p<TAB>phrases<TAB>what they become` (space-separated, sorted)."""
    _check_normalisation()
    chars = dict(_entries("TSCharacters"))
    chars.update(_entries("TSCharactersExt"))  # earlier in the configuration's group: it wins
    changed = sorted((k, v) for k, v in chars.items() if k != v)
    if any(len(k) != 1 or len(v) != 1 for k, v in changed):
        raise SystemExit("a character entry is not one character to one character")
    phrases = sorted(_entries("TSPhrases"))
    if any(len(k) < 2 or " " in k + v for k, v in phrases):
        raise SystemExit("a phrase is shorter than two characters or holds a space")
    return "\n".join(
        [
            HEADER,
            "c\t" + "".join(k for k, _ in changed) + "\t" + "".join(v for _, v in changed),
            "p\t" + " ".join(k for k, _ in phrases) + "\t" + " ".join(v for _, v in phrases),
            "",
        ]
    )


def main() -> int:
    TABLE.write_text(table_text(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)} ({TABLE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
