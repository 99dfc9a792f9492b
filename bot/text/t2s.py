"""Traditional to simplified Chinese as OpenCC's "t2s" configuration converts it, from the table
`t2s.txt` beside this module.

The table holds OpenCC's own dictionaries for that configuration (written by
scripts/t2s_table.py; tests/core/text/test_t2s.py compares `convert` with OpenCC on every entry,
every character and random and real text): compatibility ideographs are normalised (to their
canonical form, which is what OpenCC's list gives them), then the longest phrase starting at
each point is taken whole (慰藉 stays, 藉口 becomes 借口) and every other character is converted
alone. OpenCC's library held 3 MB of the bot's memory for 500 phrases and 5,000 characters.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("t2s.txt")
HEADER = "t2s-table-2"
"""The table's first line."""

COMPATIBILITY = "\uf900-\ufaff\U0002f800-\U0002fa1f"
"""The CJK compatibility ideographs, which OpenCC normalises first."""
_COMPATIBILITY = re.compile(f"[{COMPATIBILITY}]")
_ASTRAL = "\U00010000-\U0010ffff"


class _Table:
    """Single characters by code point (BMP ones in an array from the first that changes, 0:
    unchanged; the few beyond the BMP in a dict), phrases in a dict, and the pattern finding
    what changes."""

    def __init__(self, chars: str, into: str, phrases: dict[str, str]) -> None:
        bmp = [(ord(k), ord(v)) for k, v in zip(chars, into, strict=True) if ord(k) < 0x10000]
        self.first = min((k for k, _ in bmp), default=0)
        self.bmp = array("I", bytes(4 * (max((k for k, _ in bmp), default=-1) + 1 - self.first)))
        for k, v in bmp:
            self.bmp[k - self.first] = v
        self.astral = {k: v for k, v in zip(chars, into, strict=True) if ord(k) >= 0x10000}
        self.phrases = phrases
        # At each point the longest phrase, else the character alone: OpenCC's longest match.
        # Only what changes is visited; most messages have nothing traditional in them.
        bmp_class = "".join(re.escape(chr(k)) for k, _ in sorted(bmp))
        parts = [f"[{bmp_class}{_ASTRAL if self.astral else ''}]"]
        if phrases:
            firsts = "".join(sorted({re.escape(p[0]) for p in phrases}))
            parts.insert(0, f"(?=[{firsts}]){_trie_pattern(list(phrases))}")
        self.pattern = re.compile("|".join(parts))

    def lookup(self, match: re.Match[str]) -> str:
        found = match.group()
        if len(found) > 1:
            return self.phrases[found]
        at = ord(found) - self.first
        if 0 <= at < len(self.bmp):
            return chr(self.bmp[at]) if self.bmp[at] else found
        return self.astral.get(found, found)


@cache
def _table() -> _Table:
    lines = TABLE.read_text(encoding="utf-8").split("\n")
    if lines[0] != HEADER:
        raise ValueError(f"{TABLE.name}: not a t2s table of this version")
    _, chars, into = lines[1].split("\t")
    _, keys, values = lines[2].split("\t")
    return _Table(chars, into, dict(zip(keys.split(" "), values.split(" "), strict=True)))


def _trie_pattern(words: list[str]) -> str:
    """A pattern matching the longest of `words` that starts at a point, factored by common
    prefixes: a plain alternation of 500 phrases was tried phrase by phrase at every character.
    """
    by_first: dict[str, list[str]] = {}
    ends_here = False
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    branches = [
        re.escape(first) + (_trie_pattern(rests) if rests != [""] else "")
        for first, rests in sorted(by_first.items())
    ]
    if not branches:
        return ""
    # Longer ways on first, the word ending here last: the longest match wins, as in OpenCC.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


def _canonical(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", match.group())


def convert(text: str) -> str:
    """`text` in simplified characters, as `opencc.OpenCC("t2s").convert(text)` gives it."""
    table = _table()
    text = _COMPATIBILITY.sub(_canonical, text)
    return table.pattern.sub(table.lookup, text)
