"""Finding the knowledge entry that answers a question.

Each phrasing of an entry (its question and paraphrases) is a document. Documents and queries
are turned into weighted features: characters, character bigrams and pinyin bigrams (so a
homophone typo such as 知识产全 still meets 知识产权). An inverted index held in numpy arrays
scores every document at once; the best few entries are re-ranked with rapidfuzz and the
result is a confidence in [0, 1] that callers compare with their thresholds.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from bot.text import normalize, pinyin_syllables

_UNIGRAM = 0.4
_BIGRAM = 1.0
_PINYIN = 0.5
# How much of the final confidence comes from the feature overlap versus rapidfuzz.
_OVERLAP_SHARE = 0.75
_RERANK = 12

_TOKEN = re.compile(r"[0-9]+|[a-z]+|.")


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved entry: its id, the confidence and the phrasing that matched best."""

    entry_id: str
    score: float
    matched: str


class Cleaner:
    """Normalises text and removes filler phrases (请问, 老师…), longest first."""

    def __init__(self, fillers: Iterable[str]) -> None:
        words = sorted({normalize(f) for f in fillers if normalize(f)}, key=len, reverse=True)
        self._fillers = re.compile("|".join(map(re.escape, words))) if words else None

    def __call__(self, text: str) -> str:
        text = normalize(text)
        if self._fillers is None:
            return text
        stripped = self._fillers.sub("", text)
        # A message made only of fillers keeps its words: "你好吗" must not become "".
        return stripped or text


def features(clean: str) -> Counter[str]:
    """Feature bag of an already cleaned text."""
    tokens = _TOKEN.findall(clean)
    bag: Counter[str] = Counter()
    for tok in tokens:
        bag["u:" + tok] += 1
    for a, b in itertools.pairwise(tokens):
        bag["b:" + a + b] += 1
    syllables = pinyin_syllables("".join(t if len(t) == 1 else "#" for t in tokens))
    for a, b in itertools.pairwise(syllables):
        if a != "#" and b != "#":
            bag["p:" + a + "_" + b] += 1
    return bag


def _kind_weight(feature: str) -> float:
    return {"u": _UNIGRAM, "b": _BIGRAM, "p": _PINYIN}[feature[0]]


class Retriever:
    """Search over entries; rebuild with `reindex` whenever the entries change."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]], fillers: Iterable[str] = ()):
        self.clean = Cleaner(fillers)
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
        entry_features: dict[int, set[str]] = defaultdict(set)
        for idx, bag in zip(doc_entry, doc_bags, strict=True):
            entry_features[idx].update(bag)
        df: Counter[str] = Counter()
        for feats in entry_features.values():
            df.update(feats)
        n = max(len(entry_ids), 1)
        self._idf = {f: _kind_weight(f) * math.log(1 + n / c) for f, c in df.items()}
        self._default_idf = math.log(1 + n)

        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        totals = np.zeros(len(doc_bags), dtype=np.float64)
        for d, bag in enumerate(doc_bags):
            for f, count in bag.items():
                w = self._idf[f] * min(count, 2)
                postings[f].append((d, w))
                totals[d] += w
        self._postings: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {
            f: (
                np.fromiter((d for d, _ in p), dtype=np.int64, count=len(p)),
                np.fromiter((w for _, w in p), dtype=np.float64, count=len(p)),
            )
            for f, p in postings.items()
        }
        self._totals = totals
        self._doc_entry = np.asarray(doc_entry, dtype=np.int64)
        self._doc_text = doc_text
        self._entry_ids = entry_ids
        self._exact = {text: doc_entry[d] for d, text in reversed(list(enumerate(doc_text)))}

    def __len__(self) -> int:
        return len(self._entry_ids)

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        """Best entries first; empty when the text shares nothing with any entry."""
        query = self.clean(text)
        if not query or not self._doc_text:
            return []
        if query in self._exact:
            best = self._exact[query]
            rest = [h for h in self._rank(query) if h.entry_id != self._entry_ids[best]]
            return [Hit(self._entry_ids[best], 1.0, query), *rest][:limit]
        return self._rank(query)[:limit]

    def _rank(self, query: str) -> list[Hit]:
        bag = features(query)
        q_weights = {
            f: self._idf.get(f, _kind_weight(f) * self._default_idf) * min(c, 2)
            for f, c in bag.items()
        }
        q_total = sum(q_weights.values())
        idx_parts, w_parts = [], []
        for f, qw in q_weights.items():
            posting = self._postings.get(f)
            if posting is not None:
                idx_parts.append(posting[0])
                # A shared feature counts at most as often as the query holds it.
                w_parts.append(np.minimum(posting[1], qw))
        if not idx_parts or q_total <= 0:
            return []
        shared = np.bincount(
            np.concatenate(idx_parts),
            weights=np.concatenate(w_parts),
            minlength=len(self._doc_text),
        )
        q_cover = shared / q_total
        d_cover = shared / np.maximum(self._totals, 1e-9)
        overlap = 0.7 * q_cover + 0.3 * d_cover

        k = min(len(overlap), _RERANK * 4)
        top = np.argpartition(-overlap, k - 1)[:k]
        best_per_entry: dict[int, tuple[float, int]] = {}
        for d in top:
            e = int(self._doc_entry[d])
            if overlap[d] > 0 and overlap[d] > best_per_entry.get(e, (-1.0, 0))[0]:
                best_per_entry[e] = (float(overlap[d]), int(d))
        candidates = sorted(best_per_entry.items(), key=lambda kv: (-kv[1][0], kv[0]))[:_RERANK]

        hits = []
        for e, (ov, d) in candidates:
            doc = self._doc_text[d]
            fuzzy = max(fuzz.ratio(query, doc), 0.9 * fuzz.partial_ratio(query, doc)) / 100
            score = _OVERLAP_SHARE * ov + (1 - _OVERLAP_SHARE) * fuzzy
            hits.append(Hit(self._entry_ids[e], round(min(score, 0.99), 4), doc))
        hits.sort(key=lambda h: -h.score)
        return hits
