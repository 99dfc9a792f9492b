"""Text handling shared by every part of the core: normalisation, numerals, pinyin and the
forms of a user message the intents need."""
