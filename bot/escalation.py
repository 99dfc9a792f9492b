"""Recognising what only a human can solve, and which human.

Technical trouble with the filing website goes to the technical phone; filing questions the
guide does not answer go to the consultation phone (and an admin).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError
from bot.query import Query
from bot.reply import CONSULT_PHONE, TECH_PHONE, Reply, ReplyKind
from bot.text import normalize


class EscalationLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tech_terms: tuple[str, ...]


def load_escalation_lexicon(path: Path = KNOWLEDGE_DIR / "escalation.yaml") -> EscalationLexicon:
    try:
        return EscalationLexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except Exception as exc:
        raise KnowledgeError(f"{path.name}: {exc}") from exc


class TechRouter:
    """Spots technical problems with the website."""

    def __init__(self, lexicon: EscalationLexicon) -> None:
        self._terms = tuple(normalize(t) for t in lexicon.tech_terms)

    def __call__(self, query: Query) -> Reply | None:
        if not any(t in query.norm for t in self._terms):
            return None
        return tech_reply()


def tech_reply() -> Reply:
    return Reply(
        ReplyKind.TECH,
        f"这是网站注册、登录等技术问题，请打技术咨询电话 {TECH_PHONE}（网站注册等技术问题咨询）。",
        clause="（四）",
    )


def unanswered_reply() -> Reply:
    return Reply(
        ReplyKind.UNANSWERED,
        f"填报指南里没有这个问题的答案，我不乱猜。请打咨询电话 {CONSULT_PHONE} 问清楚。",
    )
