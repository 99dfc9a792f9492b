"""Finding the knowledge entry that answers a question: `Retriever`.

Each phrasing of an entry (its question and paraphrases) is a document; the union of an
entry's phrasings is a second, entry-level document, so a question that borrows words from
two paraphrases of the same entry still fits it. Both are weighted features (`features`) in
the numpy index (`index`), which scores every document at once; the best entries are re-ranked
with rapidfuzz, and the result is a confidence in [0, 1] that callers compare with their
thresholds.

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

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from bot.guide.retrieval.features import Cleaner, features, kind_weight
from bot.guide.retrieval.index import Postings, QueryWeights, Rows, best_of_groups

# How the best single phrasing, the entry as a whole and rapidfuzz share the confidence.
_DOC_SHARE = 0.4
_ENTRY_SHARE = 0.4
_FUZZY_SHARE = 0.2
# Within a phrasing, covering the question matters more than covering the phrasing.
_QUERY_COVER = 0.7
_RERANK = 12
# Up to this many entries sharing something with a question are scored phrasing by phrasing
# at once; beyond it, only those that can still be among the best (see `_score_promising`).
# Above the shipped knowledge's size (about 80 entries): at 64, a third of the load questions
# took the bounding path, which costs more than it saves in so small an index.
_SCORE_ALL = 128
_UNSEEN_NUMBER = 0.4
# `_score_entries` scores every phrasing when those asked for are at least 1/_WHOLE_INDEX of all.
_WHOLE_INDEX = 3
# A feature shared by this share of the entries (and at least _DENSE_MIN of them) is kept as a
# whole row of the entry index (see `Postings`).
_DENSE_SHARE = 0.2
_DENSE_MIN = 512
_DIGIT = re.compile(r"[0-9]")
# What an entry keeps of its score when it names a sibling of the term the question asks about
# (分类2 for 分类1) and not that term: it answers another question, so the exact sibling ranks
# first even when the wrong one shares more of the question's other words.
_SIBLING_PENALTY = 0.6


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved entry: its id, the confidence and the phrasing that matched best."""

    entry_id: str
    score: float
    matched: str


class Retriever:
    """Search over entries; rebuild with `reindex` whenever the entries change."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        fillers: Iterable[str] = (),
        synonyms: Mapping[str, Iterable[str]] | None = None,
        siblings: Iterable[Iterable[str]] = (),
        anchors: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """`siblings`: groups of terms that tell neighbouring entries apart (分类1, 分类2): a
        question naming one term of a group ranks an entry lower whose phrasings name another
        term of that group but not this one, however many other words they share. `anchors`:
        entry id -> the terms one of which a question must name for that entry to answer it
        (综合服务 for who may choose 综合服务); without one the entry ranks lower the same way."""
        self.clean = Cleaner(fillers, synonyms)
        self._anchors = {
            entry_id: tuple(self.clean.folded(t) for t in terms)
            for entry_id, terms in (anchors or {}).items()
        }
        self._sibling_groups = tuple(
            group
            for group in (tuple(dict.fromkeys(self.clean.folded(t) for t in g)) for g in siblings)
            if len(group) > 1
        )
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
        self._idf = [kind_weight(f) * math.log(1 + n / c) for f, c in df.items()]
        # Unknown words weigh like the rarest known ones: they are what the question is about.
        self._unknown_idf = math.log(1 + n)

        self._docs = Rows([self._row(bag) for bag in doc_bags])
        self._entries = Postings(
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
        self._entry_anchors = {
            e: self._anchors[entry_id]
            for e, entry_id in enumerate(entry_ids)
            if entry_id in self._anchors
        }
        # Per entry naming any sibling term: per group, the terms its phrasings name.
        self._entry_siblings: dict[int, tuple[frozenset[str], ...]] = {}
        if self._sibling_groups:
            for e, (a, b) in enumerate(itertools.pairwise(self._entry_start.tolist())):
                named = self._named_siblings("\n".join(doc_text[a:b]))
                if named is not None:
                    self._entry_siblings[e] = named
        self._exact = {text: doc_entry[d] for d, text in reversed(list(enumerate(doc_text)))}

    def _row(self, bag: Mapping[str, int]) -> dict[int, float]:
        """A phrasing's or an entry's bag (every feature known) as weights by feature id."""
        vocab, idf = self._vocab, self._idf
        return {vocab[f]: idf[vocab[f]] * (2 if c > 1 else 1) for f, c in bag.items()}

    def _query(self, clean: str) -> QueryWeights:
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
        return QueryWeights(ids, weights, total, vector)

    def _unseen_weight(self, feature: str) -> float:
        # An unseen number (4张, 40场) says little about which rule is asked: the rules are
        # phrased with other numbers. Unseen words, though, are what an off-topic question is about.
        unseen = _UNSEEN_NUMBER if _DIGIT.search(feature) else 1.0
        return kind_weight(feature) * unseen * self._unknown_idf

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
        named = self._named_siblings(query)
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
            if (named and self._names_other_sibling(e, named)) or self._misses_anchor(e, query):
                score = round(score * _SIBLING_PENALTY, 4)
            scored.append((score, e, d))
            if limit is not None:
                bisect.insort(leaders, score)
                if len(leaders) > limit:
                    del leaders[0]
        scored.sort(key=lambda hit: -hit[0])
        if limit is not None and limit > 0:
            del scored[limit:]
        return [Hit(self._entry_ids[e], score, self._doc_text[d]) for score, e, d in scored]

    def _named_siblings(self, query: str) -> tuple[frozenset[str], ...] | None:
        """Per sibling group, the terms the question names; None when it names none."""
        if not self._sibling_groups:
            return None
        named = tuple(frozenset(t for t in group if t in query) for group in self._sibling_groups)
        return named if any(named) else None

    def _misses_anchor(self, entry: int, query: str) -> bool:
        """Whether the entry has anchor terms and the question names none of them."""
        terms = self._entry_anchors.get(entry)
        return terms is not None and not any(t in query for t in terms)

    def _names_other_sibling(self, entry: int, named: tuple[frozenset[str], ...]) -> bool:
        """Whether the entry names another term of a group the question names, and not the
        question's (a phrasing may name both: 分类2跟分类1一样吗)."""
        has = self._entry_siblings.get(entry)
        return has is not None and any(
            q and e and not q & e for q, e in zip(named, has, strict=True)
        )

    def _score_promising(
        self,
        entry_shared: npt.NDArray[np.float64],
        query: QueryWeights,
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
        query: QueryWeights,
        entry_cover: npt.NDArray[np.float64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """`_score_entries` (for `entries`, which have phrasings) by scoring every phrasing:
        cheaper when they own most phrasings, as in a small knowledge base. Each phrasing's
        score is the same arithmetic on the same values, so the result is identical."""
        shared = self._docs.shared_all(query)
        doc_score = (
            _QUERY_COVER * shared / query.total + (1 - _QUERY_COVER) * shared / self._doc_totals
        )
        best, first_best = best_of_groups(doc_score, self._docs_start, self._docs_count)
        rank = self._docs_rank[entries]
        overall = _DOC_SHARE * best[rank] + _ENTRY_SHARE * entry_cover[entries]
        return entries, overall, first_best[rank]

    def _score_entries(
        self,
        entries: npt.NDArray[np.int64],
        query: QueryWeights,
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
        best, first_best = best_of_groups(doc_score, offsets, counts)
        overall = _DOC_SHARE * best + _ENTRY_SHARE * entry_cover[entries]
        return entries, overall, docs[first_best]
