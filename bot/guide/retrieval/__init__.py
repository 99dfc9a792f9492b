"""Retrieval of knowledge entries: `features` (cleaning and weighing text), `index` (scoring
every phrasing and entry at once; numpy's scorer for large knowledge in `arrays`) and
`retriever` (`Retriever`, which finds the entries answering a question)."""

from bot.guide.retrieval.features import Cleaner, features, fuzzy_syllable
from bot.guide.retrieval.retriever import Hit, Retriever

__all__ = ["Cleaner", "Hit", "Retriever", "features", "fuzzy_syllable"]
