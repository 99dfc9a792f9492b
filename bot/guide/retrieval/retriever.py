"""Finding the knowledge entry that answers a question: `Retriever`.

Each phrasing of an entry (its question and paraphrases) is a document; the union of an
entry's phrasings is a second, entry-level document, so a question that borrows words from
two paraphrases of the same entry still fits it. Both are weighted features (`features`) in
the index (`index`), which scores every document at once; the best entries are re-ranked
with rapidfuzz, and the result is a confidence in [0, 1] that callers compare with their
thresholds.

Words never seen in any phrasing weigh as much as the rarest known ones: a question that is
mostly about something else (the weather, shares) keeps a low confidence even when it shares a
common word such as 平台 with the knowledge.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.guide.retrieval.features import Cleaner, features, kind_weight
from bot.guide.retrieval.index import QueryWeights, build_index

# rapidfuzz's share of the confidence; the index scores the rest (`index.DOC_SHARE`...).
_FUZZY_SHARE = 0.2
_RERANK = 12
# Up to this many entries sharing something with a question are scored phrasing by phrasing
# at once; beyond it, only those that can still be among the best (see `_score_promising`).
# Above the shipped knowledge's size (about 80 entries): at 64, a third of the load questions
# took the bounding path, which costs more than it saves in so small an index.
_SCORE_ALL = 128
_UNSEEN_NUMBER = 0.4
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
        focus: Iterable[str] = (),
    ) -> None:
        """`siblings`: groups of terms that tell neighbouring entries apart (分类1, 分类2): a
        question naming one term of a group ranks an entry lower whose phrasings name another
        term of that group but not this one, however many other words they share. `anchors`:
        entry id -> the terms one of which a question must name for that entry to answer it
        (综合服务 for who may choose 综合服务); without one the entry ranks lower the same way.
        `focus`: terms that say what a question counts or measures (几张, 几家): a question
        naming one ranks lower an entry none of whose phrasings names it, when some entry does
        (so "照片放几张" is not answered by the entry about what the material holds)."""
        self.clean = Cleaner(fillers, synonyms)
        self._focus = tuple(dict.fromkeys(t for t in (self.clean.folded(f) for f in focus) if t))
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

        self._index = build_index(
            [self._row(bag) for bag in doc_bags],
            doc_entry,
            [self._row(bag) for bag in entry_features],
            len(df),
        )
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
            entry_texts: list[list[str]] = [[] for _ in entry_ids]
            for e, text in zip(doc_entry, doc_text, strict=True):
                entry_texts[e].append(text)
            for e, texts in enumerate(entry_texts):
                named = self._entry_named_siblings(texts)
                if named is not None:
                    self._entry_siblings[e] = named
        self._exact = {text: doc_entry[d] for d, text in reversed(list(enumerate(doc_text)))}
        # Per focus term some entry names: the entries naming it.
        self._focus_entries: dict[str, frozenset[int]] = {}
        for term in self._focus:
            having = frozenset(doc_entry[d] for d, text in enumerate(doc_text) if term in text)
            if having:
                self._focus_entries[term] = having

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
        return QueryWeights(ids, weights, total)

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
        focus = [e for t, e in self._focus_entries.items() if t in query]
        # Best first, the earlier entry first among equals.
        candidates = self._index.top(asked, _RERANK)

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
            if (
                (named and self._names_other_sibling(e, named))
                or self._misses_anchor(e, query)
                or any(e not in having for having in focus)
            ):
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

    def _entry_named_siblings(self, texts: list[str]) -> tuple[frozenset[str], ...] | None:
        """Per sibling group, the terms an entry is about: those its question (the first text)
        names and those a paraphrase names alone; a paraphrase comparing two terms of the group
        (分类2的选项跟分类1一样吗) does not make the entry about both."""
        groups: list[frozenset[str]] = []
        for group in self._sibling_groups:
            per_text = [frozenset(t for t in group if t in text) for text in texts]
            about = [n for i, n in enumerate(per_text) if i == 0 or len(n) == 1]
            groups.append(frozenset().union(*about) or frozenset().union(*per_text))
        return tuple(groups) if any(groups) else None

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
