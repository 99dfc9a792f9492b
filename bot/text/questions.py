"""Splitting a message into the questions it asks: `QuestionSplitter`.

"名称有啥要求？另外证明材料要盖章吗" asks two things and deserves two answers. A message is cut
at question marks, full stops, semicolons and line breaks, at connectives (另外, 还有, 顺便问下…),
at a comma or space between two complete questions, and where one question runs into the next
without punctuation ("…有啥要求证明材料要盖章吗"). The pieces are then put back together where
they belong to one question: a statement ("我们办了8场活动。") is the context of the question
after it; a bare tail ("行不行？", "谢谢") belongs to the one before; "分类2呢" borrows the rest
of the question before it ("分类1选几项？分类2呢" → 分类2选几项), and "能不能带省级" its subject.

A pasted draft (a table, labelled fields, a case or a summary) is never split: it is one thing
to check. The word lists come from knowledge/lexicon.yaml (`questions`), so the splitter itself
knows no filing words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.text.normalize import normalize

MAX_SPLIT_CHARS = 300
"""Longer messages are pastes or stories, not lists of questions: never split."""
_FAST_MARKS = re.compile(r"[？?。；;！!\n，,、\s]")
_EACH_MARK = re.compile(r"分别|各自|各")
# Cut points, strongest first: what ends a sentence, then what may separate two questions.
_STOP = re.compile(r"[？?。；;！!\n]+|(?P<item>(?:^|\s)\(?\d{1,2}[、.．)）](?!\d))")
_SOFT = re.compile(r"[，,、\s]+")
_PUNCT = re.compile(r"[，,、]")
_QMARK_IN = re.compile(r"[？?]")
# Pieces ending so ask yes or no: 有啥禁忌不, 有问题没.
_YES_NO_END = re.compile(r"(?:不|没|没有|否)[？?\s]*$")
# After a connective these words continue the question instead (还有没有, 还有什么).
_NOT_AFTER_CONNECTIVE = r"(?!没|什么|啥|哪|多少|几|别的|其他|其它)"
# "好几十场", "十几个人": 几 in a rough number asks nothing.
_ROUGH_COUNT = re.compile(r"好几|几十|十几|几百|百几|几千|几万")
_SHORT_QUESTION = 6
"""A question this short without a topic ("什么要求") is about the topic of the one before."""
_COUNT = re.compile(r"\d+\s*多?\s*([场次项个张页人家])")
# A pasted draft: tabs, table rows, labelled fields, a case or summary with its headings.
_PASTE_LINE = re.compile(
    r"\t|^\s*\d{1,3}\s+\S+\s+\S+\s+\S+|(?:^|[。；;])\s*[\u4e00-\u9fff]{2,10}\s*[:：]\s*\S{4,}"
    r"|^\s*[一二三四五六七八九十]、\s*\S+$",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a message."""

    text: str
    """The question as it should be answered (ellipsis resolved, its own statements first)."""
    context: str = ""
    """Statements made elsewhere in the message (facts it may rely on)."""


@dataclass(slots=True)
class _Piece:
    text: str
    hard: bool
    """Whether a full stop, question mark, line break or connective came before it."""
    asked: bool = False
    """Whether it is a question whatever its words: it ended with a question mark, or is an
    item of a numbered list."""
    spaced: bool = False
    """Whether only a space came before it (no comma)."""


class QuestionSplitter:
    """Splits messages into questions (see the module docstring).

    `markers`: words that make a piece a question (吗, 什么, 几…); `tails`: whole pieces that only
    ask "is that right?" (行不行, 可以吗) or are noise (谢谢); `topics`: the things questions are
    about (名称, 证明材料…); `connectives`: words that introduce another question (另外, 顺便问下);
    `predicates`: words that end a question's subject (能, 要, 是…), so "分类2呢" can take the
    rest of the question before it. `asks_for_help`: whether a statement is a request all the
    same ("网站打不开了": website trouble).
    """

    def __init__(
        self,
        *,
        markers: Iterable[str],
        tails: Iterable[str],
        topics: Iterable[str],
        connectives: Iterable[str],
        predicates: Iterable[str],
        asks_for_help: Callable[[str], bool] | None = None,
    ) -> None:
        self._markers = _alternation(markers)
        self._tails = frozenset(normalize(t) for t in tails) - {""}
        self._topics = _alternation(topics)
        self._connective = re.compile(
            "(?:" + _alternation(connectives).pattern + ")" + _NOT_AFTER_CONNECTIVE + r"[，,：:\s]*"
        )
        self._predicate = _alternation(predicates)
        self._asks_for_help = asks_for_help
        topic = self._topics.pattern
        # "证明材料和年报分别什么格式": one predicate for two topics, so two questions.
        self._each = re.compile(
            rf"^(?P<a>.{{0,6}}?(?:{topic}))(?:和|跟|与|及|、)(?P<b>.{{0,6}}?(?:{topic}))"
            r"(?:分别|各自|各)(?P<rest>.+)$"
        )
        ends = (
            r"吗|呢|么|嘛|啥|什么|几[项个张场种类次]?|多少|哪些|哪个|哪里|怎么办|行不行|可以不|"
            r"要求|规定|格式"
        )
        # One question running into the next: a question's end, then a topic that starts
        # another question.
        self._run_on = re.compile(
            rf"(?<=[\u4e00-\u9fff0-9])(?:{ends})(?:啊|呀|呢)?(?={self._topics.pattern})"
        )

    def split(self, text: str) -> list[Question]:
        """The questions of `text` in order; one (the whole text) when it asks only one."""
        text = text.strip()
        whole = [Question(text)]
        if len(text) > MAX_SPLIT_CHARS or self.is_pasted(text):
            return whole
        if _FAST_MARKS.search(text) or self._connective.search(text) or self._run_on.search(text):
            pieces = self._pieces(text)
            questions = self._group(pieces) if len(pieces) > 1 else whole
        else:
            questions = whole
        if _EACH_MARK.search(text):
            questions = [q for question in questions for q in self._each_of(question)]
        return questions if len(questions) > 1 else whole

    def _each_of(self, question: Question) -> list[Question]:
        """ "A和B分别…" as two questions, A… and B…; any other question as it is."""
        m = self._each.match(question.text)
        if m is None:
            return [question]
        rest = m.group("rest")
        return [
            Question(m.group("a") + rest, question.context),
            Question(m.group("b") + rest, question.context),
        ]

    @staticmethod
    def is_pasted(text: str) -> bool:
        """Whether `text` looks like a pasted draft rather than questions."""
        if "\t" in text:
            return True
        # Rows and headings need line breaks, labelled fields a colon: one line without a colon
        # (most questions) is no paste.
        if "\n" not in text and "：" not in text and ":" not in text:
            return False
        return len(_PASTE_LINE.findall(text)) >= 2

    def is_question(self, piece: str) -> bool:
        piece = _ROUGH_COUNT.sub("", piece)
        return self._markers.search(piece) is not None or _YES_NO_END.search(piece) is not None

    def _pieces(self, text: str) -> list[_Piece]:
        pieces: list[_Piece] = []
        start = 0
        # Each item of a numbered list ("1.名称要求 2.照片几张") is a question, asked or not.
        listed = False
        for stop in [*_STOP.finditer(text), None]:
            end = stop.start() if stop is not None else len(text)
            sentence = text[start:end]
            asked = stop is not None and _QMARK_IN.search(stop.group(0)) is not None
            first = True
            for hard, spaced, clause in self._clauses(sentence):
                piece = _Piece(clause, hard=first or hard, spaced=spaced and not first)
                piece.asked = listed and first
                pieces.append(piece)
                first = False
            if pieces and pieces[-1].text and asked:
                pieces[-1].asked = True
            if stop is None:
                break
            listed = stop.group("item") is not None
            start = stop.end()
        return [p for p in pieces if p.text]

    def _clauses(self, sentence: str) -> list[tuple[bool, bool, str]]:
        """A sentence cut at connectives (hard) and at commas, spaces and run-ons (soft), each
        clause with whether a connective and whether only a space came before it."""
        out: list[tuple[bool, bool, str]] = []
        for i, chunk in enumerate(self._connective.split(sentence)):
            start, spaced = 0, False
            for sep in [*_SOFT.finditer(chunk), None]:
                end = sep.start() if sep is not None else len(chunk)
                for k, run in enumerate(self._run_ons(chunk[start:end])):
                    out.append((i > 0 and start == 0 and k == 0, spaced and k == 0, run))
                if sep is None:
                    break
                start, spaced = sep.end(), _PUNCT.search(sep.group(0)) is None
        return out

    def _run_ons(self, clause: str) -> list[str]:
        cuts = [0]
        for m in self._run_on.finditer(clause):
            left, right = clause[cuts[-1] : m.end()], clause[m.end() :]
            # Both halves whole questions about different topics: "平台叫什么名字有规定没"
            # is one question about the name.
            topic = self._topics.search(left)
            if (
                topic is not None
                and len(left) >= 4
                and self.is_question(left)
                and self.is_question(right)
                and not right.startswith(topic.group(0))
            ):
                cuts.append(m.end())
        return [clause[a:b] for a, b in zip(cuts, [*cuts[1:], len(clause)], strict=True)]

    def _group(self, pieces: list[_Piece]) -> list[Question]:
        """Pieces joined into questions, statements kept as context."""
        questions: list[str] = []
        statements: list[str] = []
        pending: list[str] = []  # statements before the next question
        for piece in pieces:
            text = piece.text
            norm = normalize(text)
            if not norm:
                continue
            is_question = (
                piece.asked
                or self.is_question(text)
                or (self._asks_for_help is not None and self._asks_for_help(text))
            )
            if questions and (
                norm in self._tails
                or (not piece.hard and not self._stands_alone(questions[-1], piece, is_question))
            ):
                # A tail or a continuation of the question before.
                questions[-1] += ("，" if not piece.hard else "") + text
                continue
            if not is_question:
                pending.append(text)
                statements.append(text)
                continue
            text = self._complete(text, questions[-1] if questions else None)
            questions.append("，".join([*pending, text]))
            pending = []
        if pending:
            if not questions:
                return []
            questions[-1] += "，" + "，".join(pending)
        if len(questions) < 2:
            return [Question(q) for q in questions]
        out = []
        for q in questions:
            context = "，".join(s for s in statements if s not in q)
            out.append(Question(q, context))
        return out

    def _stands_alone(self, before: str, piece: _Piece, is_question: bool) -> bool:
        """Whether a piece after a comma or space is a question of its own: after a space any
        question is; after a comma one about a topic of its own, or "X呢"."""
        if not (is_question and self.is_question(before)):
            return False
        text = piece.text
        return piece.spaced or self._topics.search(text) is not None or self._is_ellipsis(text)

    def _is_ellipsis(self, text: str) -> bool:
        core = text.rstrip("呢？? ")
        return (
            text.rstrip("？? ").endswith("呢")
            and 0 < len(core) <= 12
            and not self.is_question(core)
        )

    def _complete(self, text: str, before: str | None) -> str:
        """ "分类2呢" and "能带省级吗" completed from the question before them."""
        if before is None:
            return text
        if self._is_ellipsis(text):
            subject = text.rstrip("呢？? ")
            count = _COUNT.search(subject)
            if count is not None:
                unit = count.group(1)
                same = re.search(rf"\d+\s*多?\s*{unit}", before)
                if same is not None:
                    return before[: same.start()] + subject + before[same.end() :]
            head = self._subject(before)
            return subject + before[len(head) :] if head else subject + before
        if self._topics.search(text) is None and (
            self._predicate.match(text) or len(normalize(text)) <= _SHORT_QUESTION
        ):
            topic = self._topics.search(before)
            head = topic.group(0) if topic is not None else self._subject(before)
            if head:
                return head + text
        return text

    def _subject(self, question: str) -> str:
        """What a question is about: the words before its first predicate word."""
        m = self._predicate.search(question)
        return question[: m.start()] if m is not None and m.start() > 0 else ""


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of `words`, longest first."""
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, unique)) if unique else r"(?!x)x")
