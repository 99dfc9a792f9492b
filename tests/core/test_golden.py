"""The golden set: questions written as platform staff ask them, through `Assistant.reply`.

At least 95% must get the expected entry (or the expected hand-off / out-of-scope reply), and
no out-of-scope question may ever get a confident answer.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.assistant import Assistant
from bot.config import Settings
from bot.guide.knowledge import KnowledgeBase, load_knowledge
from bot.reply import Reply, ReplyKind
from bot.text.normalize import normalize

GOLDEN = Path(__file__).parent / "golden_questions.yaml"
OUT_OF_SCOPE = "out_of_scope"
GAP = "gap"
MIN_ACCURACY = 0.95
CONFIDENT = frozenset({ReplyKind.ANSWER, ReplyKind.COMPUTED})
# Replies that assert no fact: right for a question that is not about the filing at all.
NO_FACT = frozenset(
    {ReplyKind.OUT_OF_SCOPE, ReplyKind.CHITCHAT, ReplyKind.HELP, ReplyKind.GAP}
)


def _expected(case: dict[str, Any]) -> tuple[str, ...]:
    expect = case["expect"]
    return tuple(expect) if isinstance(expect, list) else (expect,)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def assistant(kb: KnowledgeBase) -> Assistant:
    return Assistant(kb, Settings())


def _is_right(case: dict[str, Any], reply: Reply) -> bool:
    expected = _expected(case)
    if expected == (OUT_OF_SCOPE,):
        return reply.kind in NO_FACT
    if expected == (GAP,):
        return reply.kind is ReplyKind.GAP
    return reply.entry_id in expected


def test_golden_set_is_large_and_well_formed(
    golden: list[dict[str, Any]], kb: KnowledgeBase
) -> None:
    """At least 150 distinct questions, each expecting a known entry or a labelled non-answer."""
    assert len(golden) >= 150
    questions = Counter(normalize(c["q"]) for c in golden)
    assert [q for q, n in questions.items() if n > 1] == []
    known = set(kb.entries) | {OUT_OF_SCOPE, GAP}
    assert [c["q"] for c in golden if not set(_expected(c)) <= known] == []
    kinds = Counter(
        e if e in (OUT_OF_SCOPE, GAP) else "entry" for c in golden for e in _expected(c)[:1]
    )
    assert kinds[OUT_OF_SCOPE] >= 20
    assert kinds[GAP] >= 5


def test_golden_questions_are_not_paraphrases(
    golden: list[dict[str, Any]], kb: KnowledgeBase
) -> None:
    """No golden question equals an entry's phrasing: the set checks that retrieval generalises."""
    phrasings = {normalize(t) for e in kb.entries.values() for t in e.texts}
    assert [c["q"] for c in golden if normalize(c["q"]) in phrasings] == []


def test_golden_accuracy(golden: list[dict[str, Any]], assistant: Assistant) -> None:
    """At least 95% of the golden questions get the expected reply."""
    misses = []
    for case in golden:
        reply = assistant.reply(case["q"])
        if not _is_right(case, reply):
            misses.append(
                f"{case['q']} -> expected {case['expect']}, got {reply.kind.value} "
                f"{reply.entry_id or ''} ({reply.confidence:.2f})"
            )
    accuracy = 1 - len(misses) / len(golden)
    assert accuracy >= MIN_ACCURACY, (
        f"{accuracy:.1%} right ({len(misses)} misses of {len(golden)}):\n" + "\n".join(misses)
    )


def test_no_out_of_scope_question_is_answered(
    golden: list[dict[str, Any]], assistant: Assistant
) -> None:
    """Not one out-of-scope question gets a confident answer or a computed one."""
    answered = []
    for case in golden:
        if _expected(case) == (OUT_OF_SCOPE,):
            reply = assistant.reply(case["q"])
            if reply.kind in CONFIDENT:
                answered.append(f"{case['q']} -> {reply.entry_id} ({reply.confidence:.2f})")
    assert answered == []
