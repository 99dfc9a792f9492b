"""The assistant's one entry point: a message in, a `Reply` out.

Chat plugins and `python -m bot ask` both go through `Assistant.reply`, so what the command
line prints is what QQ users get. A message asking several questions is split into them
(`bot.text.questions`) and each is answered in order in one compound reply (`Reply.compound`);
a pasted draft is one thing to check. For each question, intents are tried in a fixed order:
drafts to check, code lookups, website trouble, answers worked out from the facts the question
states, then the knowledge base; anything left is handed to a human rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import lru_cache

from bot.codes import CodeBook
from bot.config import Settings
from bot.guide import choices, facts, written
from bot.guide.computed import answer_category2_count, answer_name_word, answer_org_as_name
from bot.guide.handoff import TechRouter, detail_gap_reply, gap_reply, load_handoff_lexicon
from bot.guide.knowledge import ClauseText, Entry, KnowledgeBase, Lexicon, load_knowledge
from bot.guide.retrieval import Hit, Retriever
from bot.guide.rules import CONSULT_PHONE
from bot.reply import Reply, ReplyKind
from bot.text.normalize import normalize
from bot.text.query import Query
from bot.text.questions import Question, QuestionSplitter

Intent = Callable[[Query], Reply | None]

HINT = (
    "可以问我：平台名称有什么要求、分类2能选几项、证明材料什么格式、某项服务的分类代码，"
    "或发“检查名称：XX平台”检查草稿。"
)
GREETING = "你好，我是填报助手。" + HINT
# A piece of a message starting so asks for a check even without a question word
# ("检查名称：XX平台？另外分类1选几项").
_CHECK_VERB = re.compile(r"/?(?:请|麻烦)?(?:帮我|帮忙)?(?:检查|核对|自查|校对|看看|看一下)")
_DRAFT_KINDS = frozenset({"activities", "case", "summary", "draft"})
"""`bot.checks.CheckKind` values of pasted drafts (the others are questions about one value)."""
# Questions are short; pasted drafts, which are rarely sent twice, are computed each time.
_CACHED_MAX_CHARS = 200


class Assistant:
    def __init__(
        self,
        knowledge: KnowledgeBase,
        settings: Settings,
        *,
        codebook: CodeBook | None = None,
        intents: Iterable[Intent] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.codebook = codebook if codebook is not None else CodeBook.load()
        self.settings = settings
        self._entries: dict[str, Entry] = dict(knowledge.entries)
        self._domain = tuple(normalize(t) for t in knowledge.lexicon.domain_terms)
        self.retriever = Retriever(
            self._index_items(),
            knowledge.lexicon.fillers,
            knowledge.lexicon.synonyms,
            knowledge.lexicon.siblings,
            knowledge.lexicon.anchors,
            knowledge.lexicon.focus,
        )
        self._unstated = tuple(
            dict.fromkeys(self.retriever.clean.folded(w) for w in knowledge.lexicon.unstated)
        )
        self._entry_words: dict[str, str] = {}
        """Entry id -> its phrasings and answer folded, for `_unstated_detail` (filled lazily)."""
        self._chitchat = self._forms(knowledge.lexicon.chitchat)
        self._greetings = self._forms(knowledge.lexicon.greetings)
        tech = TechRouter(load_handoff_lexicon())
        self._clause_topics = tuple(
            (clause, tuple(self.retriever.clean.folded(w) for w in words))
            for clause, words in knowledge.lexicon.clause_topics.items()
        )
        self.splitter = _splitter(
            knowledge, lambda text: tech.is_technical(text) or _CHECK_VERB.match(text) is not None
        )
        # A tuple: replies are cached, so what decides them must not change behind the cache.
        self.intents: tuple[Intent, ...] = (
            tuple(intents)
            if intents is not None
            else tuple(default_intents(self.codebook, settings, knowledge.lexicon))
        )
        self._cached_reply = lru_cache(maxsize=settings.assistant_reply_cache_size)(
            self._compute_reply
        )
        self._cached_on = date.today()

    @classmethod
    def load(cls, settings: Settings, codebook: CodeBook | None = None) -> Assistant:
        """The shipped knowledge and code table (a broken file raises, naming file and entry)."""
        return cls(load_knowledge(), settings, codebook=codebook)

    @property
    def entries(self) -> Mapping[str, Entry]:
        return self._entries

    def set_entries(self, entries: Mapping[str, Entry]) -> None:
        """Replace the effective entries (shipped plus admin changes); takes effect at once."""
        if list(entries.items()) == list(self._entries.items()):
            # The FAQ database without admin changes, at start-up: the index stands (building it
            # twice doubled that part of start-up and left megabytes of freed memory behind).
            return
        self._entries = dict(entries)
        self._entry_words.clear()
        self.retriever.reindex(self._index_items())
        self._cached_reply.cache_clear()

    def _index_items(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(e.id, e.texts) for e in self._entries.values()]

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        return self.retriever.search(text, limit)

    def reply(self, text: str) -> Reply:
        """The answer to one message, as it would be sent in private chat.

        A reply depends only on the text, the entries and the date (checks default to the
        previous year), so a question asked before is answered from the cache
        (`ASSISTANT_REPLY_CACHE_SIZE`) until the entries or the day change.
        """
        text = text.strip()
        if not self.settings.assistant_reply_cache_size or len(text) > _CACHED_MAX_CHARS:
            return self._compute_reply(text)
        today = date.today()
        if today != self._cached_on:
            self._cached_reply.cache_clear()
            self._cached_on = today
        return self._cached_reply(text)

    def _compute_reply(self, text: str) -> Reply:
        query = Query(text)
        if len(query.raw) > self.settings.assistant_max_input_chars:
            return Reply(
                ReplyKind.HELP,
                f"消息太长了（超过{self.settings.assistant_max_input_chars}字），请分几次发。",
            )
        if not query.norm:
            return Reply(ReplyKind.CHITCHAT, "我只能看懂文字消息。" + HINT)
        small_talk = self._small_talk(query)
        if small_talk is not None:
            return small_talk
        questions = self.splitter.split(query.raw) if self.splitter is not None else []
        if len(questions) < 2 or _is_draft(query.raw):
            return self._answer(query)
        return self._compound(questions)

    def _compound(self, questions: list[Question]) -> Reply:
        """Each question answered in order; one asked twice is answered once."""
        parts: list[Reply] = []
        seen: set[str] = set()
        for question in questions:
            part = self._answer(Query(question.text, question.context))
            # The same entry, or the same worked-out text, answers both: say it once. Replies
            # that answer nothing ("不在指南范围内") look alike for different questions.
            said = part.kind not in (ReplyKind.GAP, ReplyKind.OUT_OF_SCOPE)
            key = part.entry_id or (part.text if said else question.text)
            if key not in seen:
                seen.add(key)
                parts.append(replace(part, question=question.text))
        return Reply.compound(tuple(parts))

    def _answer(self, query: Query) -> Reply:
        """The reply to one question."""
        for intent in self.intents:
            found = intent(query)
            if found is not None:
                return found
        return self._from_knowledge(query)

    def _forms(self, words: Iterable[str]) -> frozenset[str]:
        """Each word as typed and without its fillers, as `_small_talk` compares them."""
        cleaner = self.retriever.clean
        forms = {normalize(w) for w in words}
        forms |= {cleaner.strip_fillers(cleaner.folded(w)) for w in words}
        return frozenset(forms - {""})

    def _small_talk(self, query: Query) -> Reply | None:
        """Greetings and acknowledgements, also wrapped in fillers ("在吗老师", "好的呢")."""
        cleaner = self.retriever.clean
        core = cleaner.strip_fillers(cleaner.folded(query.raw))
        for form in (query.norm, core):
            if form in self._greetings:
                return Reply(ReplyKind.HELP, GREETING)
            if form in self._chitchat:
                return Reply(ReplyKind.CHITCHAT, "好的，有填报问题随时问我。")
        if len(core) <= 1:
            # Nothing, or a lone character, is left once the fillers go ("你好请问", "在"):
            # no question to answer.
            return Reply(ReplyKind.HELP, GREETING)
        return None

    def _from_knowledge(self, query: Query) -> Reply:
        hits = self.retriever.search(query.raw, limit=1)
        if hits and hits[0].score >= self.settings.assistant_min_confidence:
            entry = self._entries[hits[0].entry_id]
            detail = self._unstated_detail(query, entry)
            if detail is not None:
                return detail_gap_reply(detail, entry.answer, entry.clause)
            return self.entry_reply(hits[0])
        for number, entry_id in self.knowledge.lexicon.numbers.items():
            if number in query.norm and entry_id in self._entries:
                return self.entry_reply(
                    Hit(entry_id, self.settings.assistant_min_confidence, number)
                )
        if self.is_about_filing(query):
            return gap_reply(self._nearby(query))
        return Reply(
            ReplyKind.OUT_OF_SCOPE,
            f"这个问题不在填报指南范围内，我只回答平台信息填报的问题。{HINT}"
            f"填报问题也可打 {CONSULT_PHONE}。",
            confidence=hits[0].score if hits else 0.0,
        )

    def _unstated_detail(self, query: Query, entry: Entry) -> str | None:
        """A detail the guide regulates nowhere that the question asks about and the entry
        never mentions ("照片要多大分辨率" against the entry on how many photos): the entry is
        only next to the question."""
        if entry.kind != "answer" or not self._unstated:
            return None
        folded = self.retriever.clean.folded(query.raw)
        asked = [w for w in self._unstated if w in folded]
        if not asked:
            return None
        words = self._entry_words.get(entry.id)
        if words is None:
            fold = self.retriever.clean.folded
            words = "\n".join(fold(t) for t in (*entry.texts, entry.answer))
            self._entry_words[entry.id] = words
        return next((w for w in asked if w not in words), None)

    def entry_reply(self, hit: Hit) -> Reply:
        entry = self._entries[hit.entry_id]
        kind = ReplyKind.ANSWER if entry.kind == "answer" else ReplyKind.GAP
        return Reply(kind, entry.answer, hit.score, entry.id, entry.clause)

    def _nearby(self, query: Query) -> ClauseText | None:
        """The clause whose topic the question names (lexicon `clause_topics`), if any."""
        folded = self.retriever.clean.folded(query.raw)
        for clause, words in self._clause_topics:
            if any(w in folded for w in words):
                return self.knowledge.clauses.get(clause)
        return None

    def is_about_filing(self, query: Query) -> bool:
        return any(t in query.norm for t in self._domain)


def _is_draft(text: str) -> bool:
    """Whether `text` is a pasted draft (a case, a summary, an activity table, labelled fields):
    one thing to check, never a list of questions, whatever its full stops."""
    from bot.checks import detect

    request = detect(text)
    return request is not None and request.kind in _DRAFT_KINDS


def _splitter(
    knowledge: KnowledgeBase, asks_for_help: Callable[[str], bool]
) -> QuestionSplitter | None:
    words = knowledge.lexicon.questions
    if words is None:
        return None
    lexicon = knowledge.lexicon
    return QuestionSplitter(
        markers=words.markers,
        tails=(*words.tails, *lexicon.chitchat),
        topics=words.topics,
        connectives=words.connectives,
        predicates=words.predicates,
        asks_for_help=asks_for_help,
    )


def default_intents(
    codebook: CodeBook, settings: Settings | None = None, lexicon: Lexicon | None = None
) -> list[Intent]:
    """The intent handlers in the order they are tried (`settings`: the reporting year;
    `lexicon`: the words of the 分类1 options for `facts.Category1Hint`)."""
    from bot import checks, codes

    words = lexicon.category1_words if lexicon is not None else {}
    return [
        # Before the checks: "总结写了A和B，还缺啥" names the parts, it pastes no summary.
        written.SummaryOutline(lexicon.outline_words if lexicon is not None else {}),
        checks.natural_intent(settings),
        codes.natural_intent(codebook),
        TechRouter(load_handoff_lexicon()),
        facts.answer_proof_count,
        answer_category2_count,
        facts.answer_photo_count,
        facts.answer_attendance,
        choices.answer_mandate,
        facts.answer_file_limits,
        facts.answer_file_format,
        written.answer_case_results,
        facts.answer_online,
        choices.answer_option_membership,
        choices.Category1Hint(words),
        answer_name_word,
        answer_org_as_name,
    ]
