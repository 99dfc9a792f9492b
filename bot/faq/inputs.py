"""What an admin may store: a question or paraphrase that is not empty and not too long, an
answer within `answer_max_chars`, and no phrasing shared by two visible entries (compared as
retrieval compares them, fillers and punctuation left out)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.faq.errors import DuplicateQuestionError, InvalidInputError
from bot.faq.model import EntryState
from bot.guide.retrieval import Cleaner

QUESTION_MAX_CHARS = 200
"""Longest question or paraphrase an admin may store (answers: `assistant_answer_max_chars`)."""


class InputRules:
    """Checks input before anything is stored; each raises a `FaqError` saying what is wrong."""

    def __init__(self, clean: Cleaner, answer_max_chars: int) -> None:
        self.clean = clean
        self.answer_max_chars = answer_max_chars

    def question(self, text: str, what: str = "问题") -> str:
        """The question with its white space collapsed."""
        text = " ".join(text.split())
        if not self.clean(text):
            raise InvalidInputError(f"{what}不能为空。")
        if len(text) > QUESTION_MAX_CHARS:
            raise InvalidInputError(f"{what}太长了（{len(text)}字，最多{QUESTION_MAX_CHARS}字）。")
        return text

    def answer(self, text: str) -> str:
        text = text.strip()
        if not text:
            raise InvalidInputError("答案不能为空。")
        if len(text) > self.answer_max_chars:
            raise InvalidInputError(
                f"答案太长了（{len(text)}字，最多{self.answer_max_chars}字），没有保存。"
            )
        return text

    def unique(self, states: Mapping[str, EntryState], text: str, own: str | None = None) -> None:
        """No visible entry (other than `own`, which gets its own message) has this phrasing."""
        key = self.clean(text)
        for state in states.values():
            if not state.visible or state.entry is None:
                continue
            for phrase in state.entry.texts:
                if self.clean(phrase) == key:
                    if state.id == own:
                        raise DuplicateQuestionError(f"问答 {own} 已经有这个问法：{phrase}")
                    raise DuplicateQuestionError(
                        f"这个问法和问答 {state.id} 的“{phrase}”重复，没有保存。"
                    )
