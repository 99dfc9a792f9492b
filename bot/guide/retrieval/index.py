"""The numeric index retrieval scores with: a question as weights (`QueryWeights`) against every
phrasing and entry at once (`ScoreIndex.top`), giving the entries to re-rank.

`build_index` picks the scorer by size: plain Python (`PlainIndex`) for a knowledge base like the
shipped one, numpy (`bot.guide.retrieval.arrays`) from `ARRAYS_FROM_PHRASINGS` phrasings on,
where whole-array operations pay for numpy's 12 MB and 50 ms of import. Both add the same
values in the same order (a phrasing's features in ascending id order, an entry's in the
question's order), so they give the same candidates to the last bit
(tests/core/guide/retrieval/test_index.py); only the whole rows numpy keeps for features of
thousands of entries are added last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, Protocol

# How the best single phrasing and the entry as a whole share an entry's score (the retriever
# adds rapidfuzz's share on top).
DOC_SHARE = 0.4
ENTRY_SHARE = 0.4
# Within a phrasing, covering the question matters more than covering the phrasing.
QUERY_COVER = 0.7

ARRAYS_FROM_PHRASINGS = 2000
"""From this many phrasings on, the numpy scorer: below it plain Python is about as fast (the
shipped knowledge has about 500) and numpy is not imported at all."""

Candidate = tuple[float, int, int]
"""(score before re-ranking, entry number, number of the entry's best phrasing)."""


@dataclass(frozen=True, slots=True)
class QueryWeights:
    """A cleaned question as weights: the features some phrasing has (by id), and the total
    weight, unseen features included."""

    ids: list[int]
    weights: list[float]
    total: float


class ScoreIndex(Protocol):
    def top(self, query: QueryWeights, count: int) -> list[Candidate]:
        """The `count` entries that share most with `query` (overall score: `DOC_SHARE` of the
        best phrasing's, `ENTRY_SHARE` of the entry's), best first, the earlier entry first among
        equals; only entries that share something."""
        ...


def build_index(
    doc_rows: Sequence[Mapping[int, float]],
    doc_entry: Sequence[int],
    entry_rows: Sequence[Mapping[int, float]],
    n_features: int,
) -> ScoreIndex:
    """The scorer for phrasings `doc_rows` (feature id -> weight; each has a feature) owned by
    entries `doc_entry` (in entry order) and the entries' own rows `entry_rows`."""
    doc_totals = [_row_total(row) for row in doc_rows]
    if len(doc_rows) >= ARRAYS_FROM_PHRASINGS:
        from bot.guide.retrieval.arrays import ArrayIndex

        return ArrayIndex(doc_rows, doc_totals, doc_entry, entry_rows, n_features)
    return PlainIndex(doc_rows, doc_totals, doc_entry, entry_rows, n_features)


def _row_total(row: Mapping[int, float]) -> float:
    """A row's weight, added up one by one in ascending feature id order, as both scorers add
    up what a phrasing shares (`sum` adds floats differently from Python 3.12 on)."""
    total = 0.0
    for _, w in sorted(row.items()):
        total += w
    return total


Grouped = tuple[Any, ...]
"""A feature's postings grouped by weight, flat: weight (float), its rows in order (tuple of
int), the next weight, its rows... (one tuple a feature: pairs of tuples held a third more)."""


def _by_weight(rows: Sequence[Mapping[int, float]], n_features: int) -> list[Grouped]:
    """Per feature id, its postings grouped by weight (see `Grouped`).

    A feature weighs idf times 1 or 2, so a feature has one or two groups, and a question's
    share of each group is one `min`, not one per posting.
    """
    groups: dict[tuple[int, float], list[int]] = {}
    for r, row in enumerate(rows):
        for f, w in row.items():
            members = groups.get((f, w))
            if members is None:
                groups[f, w] = [r]
            else:
                members.append(r)
    # One int object per row number, shared by every tuple that names it.
    numbers = list(range(len(rows)))
    grouped: list[Grouped] = [()] * n_features
    for (f, w), members in groups.items():
        grouped[f] += (w, tuple([numbers[r] for r in members]))
    return grouped


class PlainIndex:
    """`ScoreIndex` in plain Python: the question's features are looked up in postings lists,
    phrasing by phrasing and entry by entry, and every entry sharing something is scored."""

    def __init__(
        self,
        doc_rows: Sequence[Mapping[int, float]],
        doc_totals: Sequence[float],
        doc_entry: Sequence[int],
        entry_rows: Sequence[Mapping[int, float]],
        n_features: int,
    ) -> None:
        self._doc_postings = _by_weight(doc_rows, n_features)
        self._entry_postings = _by_weight(entry_rows, n_features)
        self._doc_totals = tuple(max(t, 1e-9) for t in doc_totals)
        self._doc_entry = tuple(doc_entry)
        self._n_entries = len(entry_rows)

    def top(self, query: QueryWeights, count: int) -> list[Candidate]:
        """See `ScoreIndex.top`."""
        entry_shared = [0.0] * self._n_entries
        postings = self._entry_postings
        for f, asked in zip(query.ids, query.weights, strict=True):
            groups = postings[f]
            for g in range(0, len(groups), 2):
                w = groups[g]
                share = w if w < asked else asked
                for e in groups[g + 1]:
                    entry_shared[e] += share
        doc_shared = [0.0] * len(self._doc_totals)
        postings = self._doc_postings
        for f, asked in sorted(zip(query.ids, query.weights, strict=True)):
            groups = postings[f]
            for g in range(0, len(groups), 2):
                w = groups[g]
                share = w if w < asked else asked
                for d in groups[g + 1]:
                    doc_shared[d] += share
        total = query.total
        cover, rest = QUERY_COVER, 1 - QUERY_COVER
        best = [-1.0] * self._n_entries
        best_doc = [0] * self._n_entries
        doc_entry, doc_totals = self._doc_entry, self._doc_totals
        # Only the phrasings that share something (compress skips the others in C).
        for d in compress(range(len(doc_shared)), doc_shared):
            shared = doc_shared[d]
            score = cover * shared / total + rest * shared / doc_totals[d]
            e = doc_entry[d]
            if score > best[e]:
                best[e] = score
                best_doc[e] = d
        # Negated so that plain tuple order is best first, the earlier entry first among equals.
        found = [
            (-(DOC_SHARE * best[e] + ENTRY_SHARE * (entry_shared[e] / total)), e, best_doc[e])
            for e in compress(range(self._n_entries), entry_shared)
        ]
        found.sort()
        return [(-score, e, d) for score, e, d in found[:count]]
