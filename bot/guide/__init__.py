"""The filing guide: its rules stated once (`rules`), the curated knowledge (`knowledge`),
retrieval of entries (`retrieval`), answers computed from the rules (`computed`, reading counts
with `category2`) and the hand-off of what it does not answer (`handoff`)."""
