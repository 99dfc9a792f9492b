"""The numpy scorer for large knowledge bases (`ArrayIndex`): phrasings row by row (`Rows`), entries
by feature (`Postings`), and scoring only the entries that can still be among the best.

Imported only when an index is too large for the plain scorer of `bot.guide.retrieval.index`
(numpy costs the process 12 MB and 50 ms to import). The arithmetic is the plain scorer's, value
for value and in the same order, so both rank alike (tests/core/guide/retrieval/test_index.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from bot.guide.retrieval.index import (
    DOC_SHARE,
    ENTRY_SHARE,
    QUERY_COVER,
    Candidate,
    QueryWeights,
)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# Up to this many entries sharing something with a question are scored phrasing by phrasing
# at once; beyond it, only those that can still be among the best (see `_score_promising`).
_SCORE_ALL = 64
# `_score_entries` scores every phrasing when those asked for are at least 1/_WHOLE_INDEX of all.
_WHOLE_INDEX = 3
# A feature shared by this share of the entries (and at least _DENSE_MIN of them) is kept as a
# whole row of the entry index (see `Postings`).
_DENSE_SHARE = 0.2
_DENSE_MIN = 512


def _flat_ranges(starts: Ints, lengths: Ints) -> Ints:
    """The indexes starts[i] .. starts[i] + lengths[i] - 1, range after range."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


class Rows:
    """Weighted feature bags of some documents laid out row by row (features in ascending id
    order), for scoring a few of them, or all at once, against a question."""

    def __init__(self, rows: Sequence[Mapping[int, float]], totals: Sequence[float]) -> None:
        lengths = [len(row) for row in rows]
        self._row_start = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self._row_start[1:])
        items = [item for row in rows for item in sorted(row.items())]
        self._row_features = np.fromiter((f for f, _ in items), dtype=np.int64, count=len(items))
        self._row_weights = np.fromiter((w for _, w in items), dtype=np.float64, count=len(items))
        self._row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        self.totals = np.asarray(totals, dtype=np.float64)

    def shared_rows(self, vector: Floats, rows: Ints) -> Floats:
        """Per given document (each must have a feature), the weight it shares with the
        question (`vector`: its weight per feature id, 0 elsewhere), summed in row order."""
        if not len(rows):
            return np.zeros(0, dtype=np.float64)
        starts = self._row_start[rows]
        lengths = self._row_start[rows + 1] - starts
        flat = _flat_ranges(starts, lengths)
        values = np.minimum(self._row_weights[flat], vector[self._row_features[flat]])
        which = np.repeat(np.arange(len(rows)), lengths)
        shared = np.bincount(which, weights=values, minlength=len(rows))
        return shared.astype(np.float64, copy=False)

    def shared_all(self, vector: Floats) -> Floats:
        """`shared_rows` for every document, in document order: the same sums of the same
        values in the same order."""
        values = np.minimum(self._row_weights, vector[self._row_features])
        shared = np.bincount(self._row_of, weights=values, minlength=len(self.totals))
        return shared.astype(np.float64, copy=False)


class Postings:
    """Weighted feature bags of some documents by feature, for scoring all of them at once
    against a question: only the postings of the question's features are touched, in the
    question's order of features.

    Feature weights are idf times 1 or 2, in the question as in the documents, so a question
    weighs a feature as its largest or smallest document weight almost always: `min(weight,
    asked)` is precomputed for both rather than paid per feature and question. A feature in at
    least `dense_from` documents is kept as a whole row instead: adding a row in place is
    cheaper than scattering that many postings.
    """

    def __init__(
        self, rows: Sequence[Mapping[int, float]], n_features: int, *, dense_from: int
    ) -> None:
        self._size = len(rows)
        postings: list[list[tuple[int, float]]] = [[] for _ in range(n_features)]
        for d, row in enumerate(rows):
            for f, w in row.items():
                postings[f].append((d, w))
        # None: the feature is a whole row (`_weights_of` then spans every document).
        self._docs_of: list[npt.NDArray[np.int64] | None] = []
        self._weights_of: list[Floats] = []
        self._capped_of: list[Floats] = []
        self._max_of: list[float] = []
        self._min_of: list[float] = []
        self.dense_rows = 0
        for p in postings:  # every feature of the vocabulary is in some document
            docs = np.fromiter((d for d, _ in p), dtype=np.int64, count=len(p))
            weights = np.fromiter((w for _, w in p), dtype=np.float64, count=len(p))
            low = float(weights.min())
            self._max_of.append(float(weights.max()))
            self._min_of.append(low)
            if len(p) >= dense_from:
                self.dense_rows += 1
                full_row = np.zeros(self._size, dtype=np.float64)
                full_row[docs] = weights
                capped_row = np.zeros(self._size, dtype=np.float64)
                capped_row[docs] = low
                self._docs_of.append(None)
                self._weights_of.append(full_row)
                self._capped_of.append(capped_row)
            else:
                self._docs_of.append(docs)
                self._weights_of.append(weights)
                self._capped_of.append(np.full(len(p), low))

    def shared(self, query: QueryWeights) -> Floats:
        """Per document, the weight it shares with `query` (a feature counts at most as often
        as the query holds it)."""
        idx_parts: list[npt.NDArray[np.int64]] = []
        w_parts: list[Floats] = []
        rows: list[Floats] = []
        for f, asked in zip(query.ids, query.weights, strict=True):
            if asked >= self._max_of[f]:
                weights = self._weights_of[f]
            elif asked == self._min_of[f]:
                weights = self._capped_of[f]
            else:
                weights = np.minimum(self._weights_of[f], asked)
            docs = self._docs_of[f]
            if docs is None:
                rows.append(weights)
            else:
                idx_parts.append(docs)
                w_parts.append(weights)
        if idx_parts:
            shared = np.bincount(
                np.concatenate(idx_parts),
                weights=np.concatenate(w_parts),
                minlength=self._size,
            ).astype(np.float64, copy=False)
        else:
            shared = np.zeros(self._size, dtype=np.float64)
        for row in rows:
            np.add(shared, row, out=shared)
        return shared


def best_of_groups(scores: Floats, starts: Ints, counts: Ints) -> tuple[Floats, Ints]:
    """For consecutive groups of `scores` (group i: `counts[i]` scores from `starts[i]`, none
    empty), the best score and the index of the first score equal to it."""
    best = np.maximum.reduceat(scores, starts)
    # Best ones come in group order, so each group's first is where the group changes.
    at_best = np.flatnonzero(scores == np.repeat(best, counts))
    group = np.searchsorted(starts, at_best, side="right")
    return best, at_best[np.concatenate(([True], group[1:] != group[:-1]))]


class ArrayIndex:
    """`bot.guide.retrieval.index.ScoreIndex` in numpy arrays."""

    def __init__(
        self,
        doc_rows: Sequence[Mapping[int, float]],
        doc_totals: Sequence[float],
        doc_entry: Sequence[int],
        entry_rows: Sequence[Mapping[int, float]],
        n_features: int,
    ) -> None:
        n_entries = len(entry_rows)
        self._n_features = n_features
        self._docs = Rows(doc_rows, doc_totals)
        self.entries = Postings(
            entry_rows,
            n_features,
            dense_from=max(_DENSE_MIN, math.ceil(_DENSE_SHARE * n_entries)),
        )
        self._doc_totals = np.maximum(self._docs.totals, 1e-9)
        # Documents are grouped by entry in entry order: entry e owns documents
        # _entry_start[e] up to _entry_start[e + 1].
        self._entry_start = np.searchsorted(
            np.asarray(doc_entry, dtype=np.int64), np.arange(n_entries + 1), side="left"
        )
        has_docs = self._entry_start[1:] > self._entry_start[:-1]
        # The smallest phrasing of each entry bounds how much of a phrasing a question can cover.
        self._entry_min_total = np.full(n_entries, np.inf)
        if has_docs.any():
            self._entry_min_total[has_docs] = np.minimum.reduceat(
                self._doc_totals, self._entry_start[:-1][has_docs]
            )
        # For scoring every phrasing at once (`_score_all`): where each entry with phrasings
        # starts, how many it has, and its place among those entries.
        self._docs_start = self._entry_start[:-1][has_docs]
        self._docs_count = (self._entry_start[1:] - self._entry_start[:-1])[has_docs]
        self._docs_rank = np.cumsum(has_docs) - 1
        self._n_docs = len(doc_rows)

    def top(self, query: QueryWeights, count: int) -> list[Candidate]:
        """See `ScoreIndex.top`."""
        entry_shared = self.entries.shared(query)
        entry_cover = entry_shared / query.total
        live = np.count_nonzero(entry_shared)
        if not live:
            return []
        vector = np.zeros(self._n_features, dtype=np.float64)
        vector[query.ids] = query.weights
        if live <= _SCORE_ALL:
            entries, overall, best_doc = self._score_entries(
                np.flatnonzero(entry_shared), vector, query.total, entry_cover
            )
        else:
            entries, overall, best_doc = self._score_promising(
                entry_shared, vector, query.total, entry_cover, count
            )
        # Best first, the earlier entry first among equals.
        order = np.lexsort((entries, -overall))[:count]
        # As Python numbers: the same doubles, without numpy's per-element overhead.
        return list(
            zip(
                overall[order].tolist(),
                entries[order].tolist(),
                best_doc[order].tolist(),
                strict=True,
            )
        )

    def _score_promising(
        self, entry_shared: Floats, vector: Floats, total: float, entry_cover: Floats, count: int
    ) -> tuple[Ints, Floats, Ints]:
        """`_score_entries` for the entries sharing something with the question (more than
        `_SCORE_ALL`) that can still be among the best `count`.

        A phrasing shares no more with the question than its whole entry does, so this bounds
        each entry's overall score; phrasings are scored only for entries whose bound reaches
        the best few (scoring every phrasing cost milliseconds at 10,000 entries).
        """
        bound = ENTRY_SHARE * entry_cover + DOC_SHARE * (
            QUERY_COVER * entry_cover
            + (1 - QUERY_COVER) * np.minimum(1.0, entry_shared / self._entry_min_total)
        )
        top = np.argpartition(-bound, 2 * count)[: 2 * count]
        entries, overall, best_doc = self._score_entries(
            np.sort(top[entry_shared[top] > 0]), vector, total, entry_cover
        )
        kth = np.sort(overall)[-count] if len(overall) >= count else 0.0
        reachable = (bound >= kth) & (entry_shared > 0)
        reachable[top] = False
        if reachable.any():
            more = self._score_entries(np.flatnonzero(reachable), vector, total, entry_cover)
            entries = np.concatenate((entries, more[0]))
            overall = np.concatenate((overall, more[1]))
            best_doc = np.concatenate((best_doc, more[2]))
        return entries, overall, best_doc

    def _score_all(
        self, entries: Ints, vector: Floats, total: float, entry_cover: Floats
    ) -> tuple[Ints, Floats, Ints]:
        """`_score_entries` (for `entries`, which have phrasings) by scoring every phrasing:
        cheaper when they own most phrasings. Each phrasing's score is the same arithmetic on
        the same values, so the result is identical."""
        shared = self._docs.shared_all(vector)
        doc_score = QUERY_COVER * shared / total + (1 - QUERY_COVER) * shared / self._doc_totals
        best, first_best = best_of_groups(doc_score, self._docs_start, self._docs_count)
        rank = self._docs_rank[entries]
        overall = DOC_SHARE * best[rank] + ENTRY_SHARE * entry_cover[entries]
        return entries, overall, first_best[rank]

    def _score_entries(
        self, entries: Ints, vector: Floats, total: float, entry_cover: Floats
    ) -> tuple[Ints, Floats, Ints]:
        """(entries, overall score, best phrasing) for entries that have phrasings."""
        entries = entries[self._entry_start[entries + 1] > self._entry_start[entries]]
        starts = self._entry_start[entries]
        counts = self._entry_start[entries + 1] - starts
        if _WHOLE_INDEX * int(counts.sum()) >= self._n_docs and len(entries):
            return self._score_all(entries, vector, total, entry_cover)
        offsets = np.cumsum(counts) - counts
        docs = _flat_ranges(starts, counts)
        shared = self._docs.shared_rows(vector, docs)
        doc_score = (
            QUERY_COVER * shared / total + (1 - QUERY_COVER) * shared / self._doc_totals[docs]
        )
        if not len(docs):
            return entries, doc_score, docs
        best, first_best = best_of_groups(doc_score, offsets, counts)
        overall = DOC_SHARE * best + ENTRY_SHARE * entry_cover[entries]
        return entries, overall, docs[first_best]
