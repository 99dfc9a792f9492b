"""Cutting a long answer into parts a phone screen shows whole.

Cuts fall at a blank line if one is near the limit, else a line break, a sentence end, a
comma, and only as a last resort in the middle of a sentence. No character but the white
space at a cut is lost, so the parts read back as the whole answer.
"""

from __future__ import annotations

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
