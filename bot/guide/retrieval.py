"""Finding the knowledge entry that answers a question.

Each phrasing of an entry (its question and paraphrases) is a document; the union of an
entry's phrasings is a second, entry-level document, so a question that borrows words from
two paraphrases of the same entry still fits it. Texts become weighted features: characters,
character bigrams and "fuzzy" pinyin bigrams, so homophone typos (证名材料, 照骗) and
the n/l, zh/z, in/ing mergers common in the province's accents (分内 for 分类) still meet.
An inverted index in numpy arrays scores every document at once; the best entries are
re-ranked with rapidfuzz, and the result is a confidence in [0, 1] that callers compare with
their thresholds.

Words never seen in any phrasing weigh as much as the rarest known ones: a question that is
mostly about something else (the weather, shares) keeps a low confidence even when it shares a
common word such as 平台 with the knowledge.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from bot.text.normalize import arabic_numerals, normalize, pinyin_syllables

_UNIGRAM = 0.4
_BIGRAM = 1.0
_PINYIN = 0.5
_KIND_WEIGHT = {"u": _UNIGRAM, "b": _BIGRAM, "p": _PINYIN}

# How the best single phrasing, the entry as a whole and rapidfuzz share the confidence.
_DOC_SHARE = 0.4
_ENTRY_SHARE = 0.4
_FUZZY_SHARE = 0.2
# Within a phrasing, covering the question matters more than covering the phrasing.
_QUERY_COVER = 0.7
_RERANK = 12
# Up to this many entries sharing something with a question are scored phrasing by phrasing
# at once; beyond it, only those that can still be among the best (see `_score_promising`).
_SCORE_ALL = 64
_UNSEEN_NUMBER = 0.4
# `_score_entries` scores every phrasing when those asked for are at least 1/_WHOLE_INDEX of all.
_WHOLE_INDEX = 3
# A feature shared by this share of the entries (and at least _DENSE_MIN of them) is kept as a
# whole row of the entry index (see `_Postings`).
_DENSE_SHARE = 0.2
_DENSE_MIN = 512

_TOKEN = re.compile(r"[0-9]+|[a-z]+|.")
_DIGIT = re.compile(r"[0-9]")

# Sound mergers of Jiangsu Mandarin and of hurried phone typing: folded before comparing.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("r", "l"), ("f", "h"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("ong", "on"))


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved entry: its id, the confidence and the phrasing that matched best."""

    entry_id: str
    score: float
    matched: str


class Cleaner:
    """Normalises text, writes numerals as digits, folds variants and removes filler phrases.

    Numerals become digits so 十人 meets 10人 and 分类二 meets 分类2. `synonyms` maps a
    canonical word to its variants (名称: [名字, 名儿]); every variant is
    replaced by the canonical word, longest first, before the fillers (请问, 老师…) go.
    """

    def __init__(
        self, fillers: Iterable[str], synonyms: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        words = sorted({normalize(f) for f in fillers} - {""}, key=len, reverse=True)
        self._fillers = re.compile("|".join(map(re.escape, words))) if words else None
        self._canonical: dict[str, str] = {}
        for canonical, variants in (synonyms or {}).items():
            target = normalize(canonical)
            for variant in variants:
                source = normalize(variant)
                if source and target and source != target:
                    self._canonical[source] = target
        variants_first = sorted(self._canonical, key=len, reverse=True)
        self._variants = (
            re.compile("|".join(map(re.escape, variants_first))) if variants_first else None
        )

    def folded(self, text: str) -> str:
        """Normalised, numerals as digits, variants folded; fillers still in."""
        text = arabic_numerals(normalize(text))
        if self._variants is not None:
            text = self._variants.sub(lambda m: self._canonical[m.group(0)], text)
        return text

    def strip_fillers(self, folded: str) -> str:
        """`folded` without filler phrases; empty when it held nothing else."""
        return self._fillers.sub("", folded) if self._fillers is not None else folded

    def __call__(self, text: str) -> str:
        folded = self.folded(text)
        # A message made only of fillers keeps its words: "你好吗" must not become "".
        return self.strip_fillers(folded) or folded


@lru_cache(maxsize=4096)
def fuzzy_syllable(syllable: str) -> str:
    """The syllable with easily confused sounds folded together: nei -> lei, zheng -> zen."""
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[len(a) :]
            break
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            return syllable[: -len(a)] + b
    return syllable


@lru_cache(maxsize=16384)
def _token_sound(token: str) -> str:
    """A one-character token's folded syllable; "#" for runs of digits or letters and for
    characters without pinyin (punctuation)."""
    if len(token) != 1:
        return "#"
    syllable = pinyin_syllables(token)[0]
    return fuzzy_syllable(syllable) if syllable != token else "#"


def features(clean: str) -> Counter[str]:
    """Feature bag of an already cleaned text."""
    tokens = _TOKEN.findall(clean)
    # Counting whole lists runs in C: a question is weighed on every message.
    bag: Counter[str] = Counter(["u:" + tok for tok in tokens])
    bag.update(["b:" + a + b for a, b in itertools.pairwise(tokens)])
    syllables = [_token_sound(t) for t in tokens]
    bag.update(
        ["p:" + a + "_" + b for a, b in itertools.pairwise(syllables) if a != "#" and b != "#"]
    )
    return bag


def _kind_weight(feature: str) -> float:
    return _KIND_WEIGHT[feature[0]]


@dataclass(frozen=True, slots=True)
class _Query:
    """A cleaned question as weights: the features some phrasing has (by id), and the total
    weight, unseen features included."""

    ids: list[int]
    weights: list[float]
    total: float
    vector: npt.NDArray[np.float64]
    """`weights` spread over every feature id, 0 elsewhere: one gather scores a row."""


class _Rows:
    """Weighted feature bags of some documents, laid out row by row, for scoring a few of
    them, or all at once, against a question.

    Feature ids come from the retriever's vocabulary, shared with `_Postings`, so a question
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

    def shared_rows(self, query: _Query, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
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

    def shared_all(self, query: _Query) -> npt.NDArray[np.float64]:
        """`shared_rows` for every document (each must have a feature), in document order.

        The same sums of the same values as `shared_rows`: one gather over all rows is
        cheaper than picking out the rows of most documents first.
        """
        if not len(self.totals):
            return np.zeros(0, dtype=np.float64)
        values = np.minimum(self._row_weights, query.vector[self._row_features])
        return np.add.reduceat(values, self._row_start[:-1])


class _Postings:
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

    def shared(self, query: _Query) -> npt.NDArray[np.float64]:
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


def _best_of_groups(
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


class Retriever:
    """Search over entries; rebuild with `reindex` whenever the entries change."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        fillers: Iterable[str] = (),
        synonyms: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.clean = Cleaner(fillers, synonyms)
        self.reindex(entries)

    def reindex(self, entries: Iterable[tuple[str, Sequence[str]]]) -> None:
        """(entry id, phrasings) pairs; the order of ids breaks ties."""
        doc_entry: list[int] = []
        doc_text: list[str] = []
        doc_bags: list[Counter[str]] = []
        entry_ids: list[str] = []
        for entry_id, phrasings in entries:
            entry_ids.append(entry_id)
            for phrase in dict.fromkeys(self.clean(p) for p in phrasings):
                if phrase:
                    doc_entry.append(len(entry_ids) - 1)
                    doc_text.append(phrase)
                    doc_bags.append(features(phrase))

        # Document frequency counted per entry, so many paraphrases do not dilute a feature.
        entry_features: list[Counter[str]] = [Counter() for _ in entry_ids]
        for e, bag in zip(doc_entry, doc_bags, strict=True):
            entry_features[e] |= bag
        df: Counter[str] = Counter()
        for feats in entry_features:
            df.update(feats.keys())
        n = max(len(entry_ids), 1)
        # One vocabulary for both indexes: a question's features are looked up once.
        self._vocab = {f: i for i, f in enumerate(df)}
        self._idf = [_kind_weight(f) * math.log(1 + n / c) for f, c in df.items()]
        # Unknown words weigh like the rarest known ones: they are what the question is about.
        self._unknown_idf = math.log(1 + n)

        self._docs = _Rows([self._row(bag) for bag in doc_bags])
        self._entries = _Postings(
            [self._row(bag) for bag in entry_features],
            len(df),
            dense_from=max(_DENSE_MIN, math.ceil(_DENSE_SHARE * len(entry_ids))),
        )
        self._doc_entry = np.asarray(doc_entry, dtype=np.int64)
        self._doc_totals = np.maximum(self._docs.totals, 1e-9)
        # Documents are grouped by entry in entry order: entry e owns documents
        # _entry_start[e] up to _entry_start[e + 1].
        self._entry_start = np.searchsorted(
            self._doc_entry, np.arange(len(entry_ids) + 1), side="left"
        )
        has_docs = self._entry_start[1:] > self._entry_start[:-1]
        # The smallest phrasing of each entry bounds how much of a phrasing a question can cover.
        self._entry_min_total = np.full(len(entry_ids), np.inf)
        if has_docs.any():
            self._entry_min_total[has_docs] = np.minimum.reduceat(
                self._doc_totals, self._entry_start[:-1][has_docs]
            )
        # For scoring every phrasing at once (`_score_entries`): where each entry with
        # phrasings starts, how many it has, and its place among those entries.
        self._has_docs = has_docs
        self._docs_start = self._entry_start[:-1][has_docs]
        self._docs_count = (self._entry_start[1:] - self._entry_start[:-1])[has_docs]
        self._docs_rank = np.cumsum(has_docs) - 1
        self._doc_text = doc_text
        self._entry_ids = entry_ids
        self._exact = {text: doc_entry[d] for d, text in reversed(list(enumerate(doc_text)))}

    def _row(self, bag: Mapping[str, int]) -> dict[int, float]:
        """A phrasing's or an entry's bag (every feature known) as weights by feature id."""
        vocab, idf = self._vocab, self._idf
        return {vocab[f]: idf[vocab[f]] * (2 if c > 1 else 1) for f, c in bag.items()}

    def _query(self, clean: str) -> _Query:
        """A cleaned question as weights, on the same scale as the phrasings'."""
        vocab, idf = self._vocab, self._idf
        ids: list[int] = []
        weights: list[float] = []
        total = 0.0
        for f, c in features(clean).items():
            fid = vocab.get(f)
            weight = (self._unseen_weight(f) if fid is None else idf[fid]) * (2 if c > 1 else 1)
            total += weight
            if fid is not None:
                ids.append(fid)
                weights.append(weight)
        vector = np.zeros(len(idf), dtype=np.float64)
        if ids:
            vector[ids] = weights
        return _Query(ids, weights, total, vector)

    def _unseen_weight(self, feature: str) -> float:
        # An unseen number (4张, 40场) says little about which rule is asked: the rules are
        # phrased with other numbers. Unseen words, though, are what an off-topic question is about.
        unseen = _UNSEEN_NUMBER if _DIGIT.search(feature) else 1.0
        return _kind_weight(feature) * unseen * self._unknown_idf

    def __len__(self) -> int:
        return len(self._entry_ids)

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        """Best entries first; empty when the text shares nothing with any entry."""
        query = self.clean(text)
        if not query or not self._doc_text:
            return []
        if query in self._exact:
            best = self._exact[query]
            rest = [h for h in self._rank(query, limit) if h.entry_id != self._entry_ids[best]]
            return [Hit(self._entry_ids[best], 1.0, query), *rest][:limit]
        return self._rank(query, limit)[:limit]

    def _rank(self, query: str, limit: int | None = None) -> list[Hit]:
        """Hits best first; with `limit`, only the first `limit` (a candidate that cannot reach
        them is not re-ranked)."""
        asked = self._query(query)
        if asked.total <= 0:
            return []
        entry_shared = self._entries.shared(asked)
        entry_cover = entry_shared / asked.total
        live = np.count_nonzero(entry_shared)
        if not live:
            return []
        if live <= _SCORE_ALL:
            entries, overall, best_doc = self._score_entries(
                np.flatnonzero(entry_shared), asked, entry_cover
            )
        else:
            entries, overall, best_doc = self._score_promising(entry_shared, asked, entry_cover)
        # Best first, the earlier entry first among equals.
        order = np.lexsort((entries, -overall))
        top = order[:_RERANK]
        # As Python numbers: the same doubles, without numpy's per-element overhead.
        candidates = zip(
            overall[top].tolist(), entries[top].tolist(), best_doc[top].tolist(), strict=True
        )

        scored: list[tuple[float, int, int]] = []
        # The `limit` best re-ranked scores so far, lowest first: a later candidate whose score
        # cannot exceed the lowest of them would be sorted after it (the sort is stable), so it
        # is left out without computing its fuzzy score.
        leaders: list[float] = []
        for base, e, d in candidates:
            if not base > 0:
                continue
            if (
                limit is not None
                and 0 < limit <= len(leaders)
                and round(min(base + _FUZZY_SHARE, 0.99), 4) <= leaders[0]
            ):
                continue
            doc = self._doc_text[d]
            fuzzy = max(fuzz.ratio(query, doc), 0.9 * fuzz.partial_ratio(query, doc)) / 100
            score = round(min(base + _FUZZY_SHARE * fuzzy, 0.99), 4)
            scored.append((score, e, d))
            if limit is not None:
                bisect.insort(leaders, score)
                if len(leaders) > limit:
                    del leaders[0]
        scored.sort(key=lambda hit: -hit[0])
        if limit is not None and limit > 0:
            del scored[limit:]
        return [Hit(self._entry_ids[e], score, self._doc_text[d]) for score, e, d in scored]

    def _score_promising(
        self,
        entry_shared: npt.NDArray[np.float64],
        query: _Query,
        entry_cover: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """`_score_entries` for the entries sharing something with the question (more than
        `_SCORE_ALL`) that can still be among the best.

        A phrasing shares no more with the question than its whole entry does, so this bounds
        each entry's overall score; phrasings are scored only for entries whose bound reaches
        the best few (scoring every phrasing cost milliseconds at 10,000 entries).
        """
        bound = _ENTRY_SHARE * entry_cover + _DOC_SHARE * (
            _QUERY_COVER * entry_cover
            + (1 - _QUERY_COVER) * np.minimum(1.0, entry_shared / self._entry_min_total)
        )
        top = np.argpartition(-bound, 2 * _RERANK)[: 2 * _RERANK]
        entries, overall, best_doc = self._score_entries(
            np.sort(top[entry_shared[top] > 0]), query, entry_cover
        )
        kth = np.sort(overall)[-_RERANK] if len(overall) >= _RERANK else 0.0
        reachable = (bound >= kth) & (entry_shared > 0)
        reachable[top] = False
        if reachable.any():
            more = self._score_entries(np.flatnonzero(reachable), query, entry_cover)
            entries = np.concatenate((entries, more[0]))
            overall = np.concatenate((overall, more[1]))
            best_doc = np.concatenate((best_doc, more[2]))
        return entries, overall, best_doc

    def _score_all(
        self,
        entries: npt.NDArray[np.int64],
        query: _Query,
        entry_cover: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """`_score_entries` (for `entries`, which have phrasings) by scoring every phrasing:
        cheaper when they own most phrasings, as in a small knowledge base. Each phrasing's
        score is the same arithmetic on the same values, so the result is identical."""
        shared = self._docs.shared_all(query)
        doc_score = (
            _QUERY_COVER * shared / query.total + (1 - _QUERY_COVER) * shared / self._doc_totals
        )
        best, first_best = _best_of_groups(doc_score, self._docs_start, self._docs_count)
        rank = self._docs_rank[entries]
        overall = _DOC_SHARE * best[rank] + _ENTRY_SHARE * entry_cover[entries]
        return entries, overall, first_best[rank]

    def _score_entries(
        self,
        entries: npt.NDArray[np.int64],
        query: _Query,
        entry_cover: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """(entries, overall score, best phrasing) for entries that have phrasings."""
        entries = entries[self._entry_start[entries + 1] > self._entry_start[entries]]
        starts = self._entry_start[entries]
        counts = self._entry_start[entries + 1] - starts
        if _WHOLE_INDEX * int(counts.sum()) >= len(self._doc_text) and len(entries):
            return self._score_all(entries, query, entry_cover)
        offsets = np.cumsum(counts) - counts
        docs = np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))
        shared = self._docs.shared_rows(query, docs)
        doc_score = (
            _QUERY_COVER * shared / query.total
            + (1 - _QUERY_COVER) * shared / self._doc_totals[docs]
        )
        if not len(docs):
            return entries, doc_score, docs
        best, first_best = _best_of_groups(doc_score, offsets, counts)
        overall = _DOC_SHARE * best + _ENTRY_SHARE * entry_cover[entries]
        return entries, overall, docs[first_best]
