"""Cutting a long answer into parts a phone screen shows whole, and into no more parts than
one incoming message may get.

Cuts fall at a blank line if one is near the limit, else a line break, a sentence end, a
comma, and only as a last resort in the middle of a sentence. No character but the white
space at a cut is lost, so the parts read back as the whole answer. `capped_parts` keeps to a
number of parts: an answer that needs more ends, at a line, with `LEFT_OUT` saying how many
lines were not sent (a pasted 1,800-row table once made 105 messages in 0.1 s).
"""

from __future__ import annotations

from collections.abc import Callable

MIN_PART_CHARS = 50
"""Smaller limits are raised to this: a configured 5 must not split an answer into 100 parts."""

_CUTS: tuple[tuple[str, ...], ...] = (
    ("\n\n",),
    ("\n",),
    ("。", "！", "？", "；", "!", "?", ";"),
    ("，", "、", ",", "：", ":"),
)
# A cut earlier than this share of the limit leaves a stub part: look for a weaker cut instead.
_MIN_FILL = 0.5


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters (never fewer than MIN_PART_CHARS)."""
    limit = max(limit, MIN_PART_CHARS)
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        cut = _cut_at(text, limit)
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            parts.append(head)
    if text:
        parts.append(text)
    return parts


def _cut_at(text: str, limit: int) -> int:
    window = text[:limit]
    for marks in _CUTS:
        best = max((window.rfind(m) + len(m) for m in marks if m in window), default=-1)
        if best >= limit * _MIN_FILL:
            return best
    return limit


def numbered_parts(text: str, limit: int) -> list[str]:
    """Parts as `split_text`, each but a lone part headed "（2/3）" so the reader sees the order."""
    parts = split_text(text, limit)
    if len(parts) <= 1:
        return parts
    # Room for the heading, so a numbered part still fits the limit.
    marker_room = len(f"（{len(parts)}/{len(parts)}）") + 1
    parts = split_text(text, max(limit, MIN_PART_CHARS) - marker_room)
    total = len(parts)
    return [f"（{i}/{total}）{part}" for i, part in enumerate(parts, 1)]


LEFT_OUT = "（回答太长，后面还有{lines}行没有发出。请先按上面说的改好，或分几次发。）"


def capped_parts(
    text: str,
    limit: int,
    max_parts: int,
    split: Callable[[str, int], list[str]] = numbered_parts,
) -> list[str]:
    """`split(text, limit)`, but at most `max_parts` parts: a longer answer is cut at a line
    and ends with `LEFT_OUT`."""
    parts = split(text, limit)
    max_parts = max(max_parts, 1)
    if len(parts) <= max_parts:
        return parts
    # A line longer than a part counts as the pieces it is cut into.
    lines = [
        piece for line in text.strip().splitlines() for piece in split_text(line, limit) or [""]
    ]
    # The longest head of whole lines whose parts still fit; cuts fall where `split` decides,
    # so the count is tried rather than computed (only answers far too long come here).
    low, high = 0, len(lines) - 1
    best = split(_with_note(lines, 0), limit)[:max_parts]
    while low <= high:
        middle = (low + high) // 2
        candidate = split(_with_note(lines, middle), limit)
        if len(candidate) <= max_parts:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _with_note(lines: list[str], keep: int) -> str:
    left = sum(1 for line in lines[keep:] if line.strip())
    return "\n".join([*lines[:keep], LEFT_OUT.format(lines=left)])
