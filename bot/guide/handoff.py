"""Recognising what only a human can solve, and which human.

Technical trouble with the filing website goes to the technical phone; filing questions the
guide does not answer go to the consultation phone (and an admin). The two lines are never
mixed up: a policy question that merely names a part of the website ("证明材料上传什么格式",
"注册公司是哪个代码") is not technical, so the router stays out of its way.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.guide.knowledge import (
    KNOWLEDGE_DIR,
    ClauseText,
    KnowledgeError,
    first_error,
    read_yaml,
)
from bot.guide.rules import CONSULT_PHONE, TECH_PHONE, TECH_PHONE_USE, Clause
from bot.reply import Reply, ReplyKind
from bot.text.normalize import normalize
from bot.text.query import Query


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FirstStep(_Strict):
    """A first thing to try, quoted from the guide, for technical messages naming `when`."""

    when: tuple[str, ...] = Field(min_length=1)
    clause: Clause
    text: str = Field(min_length=1)


class HandoffLexicon(_Strict):
    """The word lists of `knowledge/handoff.yaml` (see the comments there)."""

    strong: tuple[str, ...] = Field(min_length=1)
    account_words: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    hard_troubles: tuple[str, ...] = ()
    soft_troubles: tuple[str, ...] = ()
    policy_phrases: tuple[str, ...] = ()
    policy_topics: tuple[str, ...] = ()
    first_steps: tuple[FirstStep, ...] = ()

    @field_validator(
        "strong",
        "account_words",
        "objects",
        "hard_troubles",
        "soft_troubles",
        "policy_phrases",
        "policy_topics",
    )
    @classmethod
    def _normalisable(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # A word that normalises to nothing would match every message.
        for word in value:
            if not normalize(str(word)):
                raise ValueError(f"{word!r} has no letters or digits")
        return tuple(str(w) for w in value)


def load_handoff_lexicon(path: Path = KNOWLEDGE_DIR / "handoff.yaml") -> HandoffLexicon:
    try:
        return HandoffLexicon.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {first_error(exc)}") from exc


def _norm_all(words: tuple[str, ...]) -> tuple[str, ...]:
    # Longest first, so removing 注册地址 is not pre-empted by 注册地.
    return tuple(sorted({normalize(w) for w in words}, key=len, reverse=True))


class TechRouter:
    """Spots technical problems with the website and answers them with the technical phone.

    A message is technical when it holds a strong word (验证码, 登录, 打不开…), two account
    words (手机号 + 注册), or names a part of the website (注册, 上传, 系统…) together with a
    trouble word: a hard one (失败, 不了, 忘了…) always, a soft one (提示, 错误…) only when the
    message is not about a filing topic (名称, 分类, 代码…). Policy uses of website words
    (注册资本, 注册公司…) are removed first.
    """

    def __init__(self, lexicon: HandoffLexicon) -> None:
        self._strong = _norm_all(lexicon.strong)
        self._accounts = _norm_all(lexicon.account_words)
        self._objects = _norm_all(lexicon.objects)
        self._hard = _norm_all(lexicon.hard_troubles)
        self._soft = _norm_all(lexicon.soft_troubles)
        self._policy_phrases = _norm_all(lexicon.policy_phrases)
        self._policy_topics = _norm_all(lexicon.policy_topics)
        self._steps = tuple((_norm_all(step.when), step.text) for step in lexicon.first_steps)

    def is_technical(self, text: str) -> bool:
        """Whether `text` describes trouble with the filing website."""
        norm = normalize(text)
        for phrase in self._policy_phrases:
            norm = norm.replace(phrase, "|")
        if _holds(norm, self._strong):
            return True
        if sum(w in norm for w in self._accounts) >= 2:
            return True
        if not _holds(norm, self._objects):
            return False
        if _holds(norm, self._hard):
            return True
        return _holds(norm, self._soft) and not _holds(norm, self._policy_topics)

    def first_step(self, text: str) -> str | None:
        norm = normalize(text)
        for words, step in self._steps:
            if _holds(norm, words):
                return step
        return None

    def __call__(self, query: Query) -> Reply | None:
        if not self.is_technical(query.raw):
            return None
        return tech_reply(self.first_step(query.raw))


def _holds(norm: str, words: tuple[str, ...]) -> bool:
    return any(w in norm for w in words)


def tech_reply(first_step: str | None = None) -> Reply:
    """The hand-off to the technical phone, with the guide's first step when there is one."""
    text = f"这是填报网站的技术问题，请打技术咨询电话 {TECH_PHONE}（{TECH_PHONE_USE}）。"
    if first_step:
        text += "\n" + first_step
    return Reply(ReplyKind.TECH, text, clause=Clause.CONTACT)


def gap_reply(nearby: ClauseText | None = None) -> Reply:
    """The hand-off of a filing question the guide does not answer; with `nearby`, the clause
    of its topic is quoted first, so the asker learns what the guide does say about it."""
    if nearby is None:
        return Reply(
            ReplyKind.GAP,
            f"填报指南里没有这个问题的答案，我不乱猜。请打咨询电话 {CONSULT_PHONE} 问清楚。",
        )
    return Reply(
        ReplyKind.GAP,
        f"填报指南没有直接回答这个问题。关于{nearby.title}，指南写的是：“{nearby.text}”"
        f"此外没有别的规定，我不乱猜。请打咨询电话 {CONSULT_PHONE} 问清楚。",
        clause=nearby.id,
    )


def detail_gap_reply(detail: str, stated: str, clause: str | None) -> Reply:
    """The hand-off of a question about a detail the guide regulates nowhere (照片的分辨率):
    what the guide states about the thing asked (`stated`, an entry's answer), that it says
    nothing about `detail`, and the consultation phone."""
    # The entry's own hand-off, if it has one, gives way to the one below.
    sentences = [s for s in stated.strip().split("。") if s and CONSULT_PHONE not in s]
    stated = "。".join(sentences) + "。"
    return Reply(
        ReplyKind.GAP,
        f"填报指南没有关于“{detail}”的规定。关于这一点，指南写明的是：{stated}"
        f"此外没有别的规定，我不乱猜。请打咨询电话 {CONSULT_PHONE} 问清楚。",
        clause=clause,
    )
