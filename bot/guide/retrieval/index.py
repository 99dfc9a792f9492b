"""The numeric index retrieval scores with: a question as weights (`QueryWeights`), documents
row by row (`Rows`, for scoring some or all phrasings) and by feature (`Postings`, for scoring
every entry at once), in numpy arrays so one question is scored against everything in a few
array operations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class QueryWeights:
    """A cleaned question as weights: the features some phrasing has (by id), and the total
    weight, unseen features included."""

    ids: list[int]
    weights: list[float]
    total: float
    vector: npt.NDArray[np.float64]
    """`weights` spread over every feature id, 0 elsewhere: one gather scores a row."""


class Rows:
    """Weighted feature bags of some documents, laid out row by row, for scoring a few of
    them, or all at once, against a question.

    Feature ids come from the retriever's vocabulary, shared with `Postings`, so a question
    is turned into ids once.
    """

    def __init__(self, rows: Sequence[Mapping[int, float]]) -> None:
        totals = np.zeros(len(rows), dtype=np.float64)
        row_features: list[int] = []
        row_weights: list[float] = []
        row_start = [0]
        for d, row in enumerate(rows):
            for f, w in row.items():
                totals[d] += w
                row_features.append(f)
                row_weights.append(w)
            row_start.append(len(row_features))
        self.totals = totals
        self._row_start = np.asarray(row_start, dtype=np.int64)
        self._row_features = np.asarray(row_features, dtype=np.int64)
        self._row_weights = np.asarray(row_weights, dtype=np.float64)

    def shared_rows(
        self, query: QueryWeights, rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Per given document (each must have a feature), the weight it shares with `query`
        (a feature counts at most as often as the query holds it)."""
        if not len(rows):
            return np.zeros(0, dtype=np.float64)
        starts = self._row_start[rows]
        lengths = self._row_start[rows + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        flat = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
        values = np.minimum(self._row_weights[flat], query.vector[self._row_features[flat]])
        return np.add.reduceat(values, offsets)

    def shared_all(self, query: QueryWeights) -> npt.NDArray[np.float64]:
        """`shared_rows` for every document (each must have a feature), in document order.

        The same sums of the same values as `shared_rows`: one gather over all rows is
        cheaper than picking out the rows of most documents first.
        """
        if not len(self.totals):
            return np.zeros(0, dtype=np.float64)
        values = np.minimum(self._row_weights, query.vector[self._row_features])
        return np.add.reduceat(values, self._row_start[:-1])


class Postings:
    """Weighted feature bags of some documents by feature, for scoring all of them at once
    against a question: only the postings of the question's features are touched.

    Feature weights are idf times 1 or 2 (a feature seen more than once), in the question as in
    the documents, so a question weighs a feature as its largest or smallest document weight
    almost always: `min(weight, asked)` is precomputed for both rather than paid per feature and
    question. A feature in at least `dense_from` documents is kept as a whole row instead:
    adding a row in place is cheaper than scattering that many postings.
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
        self._weights_of: list[npt.NDArray[np.float64]] = []
        self._capped_of: list[npt.NDArray[np.float64]] = []
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

    def shared(self, query: QueryWeights) -> npt.NDArray[np.float64]:
        """Per document, the weight it shares with `query` (a feature counts at most as often
        as the query holds it)."""
        idx_parts: list[npt.NDArray[np.int64]] = []
        w_parts: list[npt.NDArray[np.float64]] = []
        rows: list[npt.NDArray[np.float64]] = []
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


def best_of_groups(
    scores: npt.NDArray[np.float64],
    starts: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """For consecutive groups of `scores` (group i: `counts[i]` scores from `starts[i]`, none
    empty), the best score and the index of the first score equal to it."""
    best = np.maximum.reduceat(scores, starts)
    # Best ones come in group order, so each group's first is where the group changes.
    at_best = np.flatnonzero(scores == np.repeat(best, counts))
    group = np.searchsorted(starts, at_best, side="right")
    return best, at_best[np.concatenate(([True], group[1:] != group[:-1]))]
