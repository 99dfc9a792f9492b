"""Loading and validating the curated knowledge in `knowledge/`.

Every file is checked with pydantic when it is read; any problem raises `KnowledgeError`
naming the file and the entry, so a broken edit stops start-up instead of silently
answering wrong. The clause ids of clauses.yaml are the `Clause` labels of `bot.guide.rules`,
and every entry cites one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.guide.rules import CATEGORY1_OPTIONS, CLAUSE_IDS, Clause


def _knowledge_dir() -> Path:
    """Where the curated files are: inside the installed package (`pip install .` ships the
    repository's top-level `knowledge/` as `bot/knowledge/`), else beside `bot/` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "knowledge"
    return installed if installed.is_dir() else package.parent / "knowledge"


KNOWLEDGE_DIR = _knowledge_dir()

EntryKind = Literal["answer", "gap"]
EntryOrigin = Literal["guide", "admin"]


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file and the entry."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClauseText(_Strict):
    """One clause of the filing guide, quoted verbatim so answers can cite it; `id` is its
    `Clause` label."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Entry(_Strict):
    """A curated question with its answer and the clause it rests on.

    `kind: gap` marks a question the guide does not answer (deadline, money, website...):
    its answer says so and hands over to the consultation phone instead of guessing.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    kind: EntryKind = "answer"
    clause: str | None = None
    origin: EntryOrigin = "guide"
    """`admin`: written by an admin in chat (`/faq add`); such an answer may cite no clause."""
    question: str = Field(min_length=1)
    paraphrases: tuple[str, ...] = ()
    answer: str

    @field_validator("question", "answer")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("paraphrases")
    @classmethod
    def _no_blank_paraphrase(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(p.strip() for p in value)
        if any(not p for p in cleaned):
            raise ValueError("paraphrases must not be empty strings")
        return cleaned

    @property
    def texts(self) -> tuple[str, ...]:
        """Every phrasing that should retrieve this entry."""
        return (self.question, *self.paraphrases)


class EntryFile(_Strict):
    topic: str = Field(min_length=1)
    entries: list[dict[str, Any]]


class QuestionWords(_Strict):
    """How a message is split into its questions (`bot.text.questions.QuestionSplitter`)."""

    markers: tuple[str, ...] = Field(min_length=1)
    """Words that make a piece of a message a question (吗, 什么, 几…)."""
    tails: tuple[str, ...] = ()
    """Whole pieces that only ask "is that right?" (行不行) or say nothing: part of the question
    before them."""
    topics: tuple[str, ...] = Field(min_length=1)
    """What questions are about (名称, 证明材料…): a piece naming one may be a question of
    its own."""
    connectives: tuple[str, ...] = ()
    """Words that introduce another question (另外, 顺便问下)."""
    predicates: tuple[str, ...] = ()
    """Words that end a question's subject (能, 要, 是…), for "分类2呢"."""

    @field_validator("markers", "tails", "topics", "connectives", "predicates")
    @classmethod
    def _no_blank_word(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not str(w).strip() for w in value):
            raise ValueError("words must not be empty")
        return tuple(str(w) for w in value)


class Lexicon(_Strict):
    """Word lists that steer retrieval: editable data, not code."""

    fillers: tuple[str, ...] = ()
    """Politeness and filler phrases removed before matching (请问, 老师, 一下…)."""
    chitchat: tuple[str, ...] = ()
    """Whole messages that are acknowledgements or small talk (好的, 收到, 谢谢…)."""
    domain_terms: tuple[str, ...] = ()
    """Words that show a message is about the filing, even when no entry matches."""
    greetings: tuple[str, ...] = ()
    """Greetings that deserve a hint of what to ask, in private chat."""
    synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Canonical word -> colloquial variants (名称: [名字]) folded into it before matching."""
    siblings: tuple[tuple[str, ...], ...] = ()
    """Groups of terms that tell neighbouring entries apart (分类1, 分类2): a question naming one
    is not answered by an entry naming only another (`bot.guide.retrieval.Retriever`)."""
    focus: tuple[str, ...] = ()
    """Terms saying what a question counts or measures (几张, 几家): an entry none of whose
    phrasings names the term a question names ranks lower (`bot.guide.retrieval.Retriever`)."""
    unstated: tuple[str, ...] = ()
    """Details the guide regulates nowhere (分辨率, 字体…): a question naming one whose best
    entry never mentions it is told what that entry states, that the guide states nothing more
    about it, and handed off."""
    category1_words: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """服务功能分类1 option -> words of its name as people describe their main business."""

    @field_validator("category1_words")
    @classmethod
    def _options_of_the_guide(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(value) - set(CATEGORY1_OPTIONS))
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not an option of 服务功能分类1")
        return value

    outline_words: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """附件3 outline part (its clause label; 附件3 itself for part 一 as a whole) -> words by
    which people name it, for "年度总结只写了…，还缺啥" (`bot.guide.written.SummaryOutline`)."""

    @field_validator("outline_words")
    @classmethod
    def _parts_of_the_outline(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        from bot.guide.written import OUTLINE_LABELS

        unknown = sorted(set(value) - set(OUTLINE_LABELS))
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a part of 附件3's outline")
        return value

    clause_topics: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Clause label -> words naming its topic: a filing question no entry answers is told what
    the clause of its topic states (and that it states nothing more) before the hand-off."""

    @field_validator("clause_topics")
    @classmethod
    def _clauses_of_the_guide(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(value) - CLAUSE_IDS)
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a Clause of bot.guide.rules")
        return value

    numbers: dict[str, str] = Field(default_factory=dict)
    """A contact number of the guide -> the entry about it, for questions naming the number
    that no entry matches well enough."""
    anchors: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Entry id -> terms one of which a question must name for that entry to answer it (an id
    no entry has, say after an admin deleted it, anchors nothing)."""
    questions: QuestionWords | None = None
    """How a message is split into questions; None: never split."""

    @field_validator("synonyms")
    @classmethod
    def _one_canonical_per_variant(
        cls, value: dict[str, tuple[str, ...]]
    ) -> dict[str, tuple[str, ...]]:
        # A variant under two words would be folded into whichever comes first: ambiguous data.
        owner: dict[str, str] = {}
        for canonical, variants in value.items():
            for variant in variants:
                if variant in owner and owner[variant] != canonical:
                    raise ValueError(
                        f"variant {variant!r} is listed under {owner[variant]!r} and {canonical!r}"
                    )
                owner[variant] = canonical
        return value


class CoverageItem(_Strict):
    """A sentence (or unit) of the guide and what answers it (knowledge/coverage.yaml)."""

    text: str = Field(min_length=1)
    """Quoted from the guide, whitespace aside."""
    entries: tuple[str, ...] = ()
    """The entries answering it."""
    lookup: Literal["codes"] | None = None
    """`codes`: the rows of 附件2, answered by the code lookup."""

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class KnowledgeBase(BaseModel):
    model_config = ConfigDict(frozen=True)

    clauses: dict[str, ClauseText]
    entries: dict[str, Entry]
    lexicon: Lexicon
    sources: dict[str, str] = Field(default_factory=dict)
    """Entry id -> file it came from, for error messages and export."""
    coverage: tuple[CoverageItem, ...] = ()
    """The guide sentence by sentence with the entries answering each (coverage.yaml)."""

    def clause_title(self, clause_id: str | None) -> str:
        if clause_id is None or clause_id not in self.clauses:
            return ""
        return self.clauses[clause_id].title


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: the same data as `yaml.safe_load`
(tests/core/guide/test_yaml_loader.py compares every shipped file) in a tenth of the time, which
was the largest part of start-up."""


def read_yaml(path: Path) -> Any:
    """A knowledge file's YAML; any failure to read or parse it is a `KnowledgeError`."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot be read: {exc}") from exc


def first_error(exc: ValidationError) -> str:
    """Where and what the first validation error of `exc` is, for a `KnowledgeError`."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else str(err["msg"])


def load_clauses(path: Path) -> dict[str, ClauseText]:
    raw = read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of clauses")
    clauses: dict[str, ClauseText] = {}
    for i, item in enumerate(raw):
        try:
            clause = ClauseText.model_validate(item)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: clause #{i + 1}: {first_error(exc)}") from exc
        if clause.id in clauses:
            raise KnowledgeError(f"{path.name}: clause {clause.id}: duplicate id")
        clauses[clause.id] = clause
    # Replies cite `Clause` members, so the two lists must be the same.
    unknown = sorted(set(clauses) - CLAUSE_IDS)
    if unknown:
        raise KnowledgeError(f"{path.name}: clause {unknown[0]}: not a Clause of bot.guide.rules")
    missing = [c for c in Clause if c not in clauses]
    if missing:
        raise KnowledgeError(f"{path.name}: clause {missing[0]}: missing, Clause.{missing[0].name}")
    return clauses


def validate_entry(raw: Any, clauses: dict[str, ClauseText], where: str) -> Entry:
    """One entry from raw data; `where` (file name) prefixes every error."""
    ident = raw.get("id", "?") if isinstance(raw, dict) else "?"
    try:
        entry = Entry.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(f"{where}: entry {ident}: {first_error(exc)}") from exc
    if entry.kind == "answer" and entry.clause is None and entry.origin != "admin":
        raise KnowledgeError(f"{where}: entry {entry.id}: an answer needs its clause")
    clause = entry.clause
    if clause is not None and (clause not in CLAUSE_IDS or clause not in clauses):
        raise KnowledgeError(f"{where}: entry {entry.id}: unknown clause {entry.clause!r}")
    return entry


def load_entry_files(
    paths: Iterable[Path], clauses: dict[str, ClauseText]
) -> tuple[dict[str, Entry], dict[str, str]]:
    entries: dict[str, Entry] = {}
    sources: dict[str, str] = {}
    for path in paths:
        raw = read_yaml(path)
        try:
            data = EntryFile.model_validate(raw)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: {first_error(exc)}") from exc
        for item in data.entries:
            entry = validate_entry(item, clauses, path.name)
            if entry.id in entries:
                raise KnowledgeError(
                    f"{path.name}: entry {entry.id}: duplicate id (also in {sources[entry.id]})"
                )
            entries[entry.id] = entry
            sources[entry.id] = path.name
    return entries, sources


def load_lexicon(path: Path) -> Lexicon:
    try:
        return Lexicon.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {first_error(exc)}") from exc


def load_coverage(path: Path, entries: dict[str, Entry]) -> tuple[CoverageItem, ...]:
    """The coverage map; every entry it names must exist. A missing file is an empty map."""
    if not path.exists():
        return ()
    raw = read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of sentences")
    items: list[CoverageItem] = []
    for i, item in enumerate(raw):
        try:
            unit = CoverageItem.model_validate(item)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: sentence #{i + 1}: {first_error(exc)}") from exc
        if not unit.entries and unit.lookup is None:
            raise KnowledgeError(f"{path.name}: sentence #{i + 1}: names no entry and no lookup")
        unknown = [e for e in unit.entries if e not in entries]
        if unknown:
            raise KnowledgeError(f"{path.name}: sentence #{i + 1}: unknown entry {unknown[0]!r}")
        items.append(unit)
    return tuple(items)


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read `clauses.yaml`, `lexicon.yaml`, `coverage.yaml` and every `faq/*.yaml` under
    `directory`."""
    clauses = load_clauses(directory / "clauses.yaml")
    entries, sources = load_entry_files(sorted((directory / "faq").glob("*.yaml")), clauses)
    lexicon = load_lexicon(directory / "lexicon.yaml")
    coverage = load_coverage(directory / "coverage.yaml", entries)
    return KnowledgeBase(
        clauses=clauses, entries=entries, lexicon=lexicon, sources=sources, coverage=coverage
    )
