"""The filing guide: its rules stated once, the curated knowledge, retrieval, answers computed
from the rules and the hand-off of what it does not answer."""
