"""`Reply.compound`: one reply answering several questions, numbered, each with its clause; its
kind, confidence and hand-off are what chat code needs to decide whether to speak."""

from __future__ import annotations

import pytest

from bot.reply import Reply, ReplyKind

ANSWER = Reply(ReplyKind.ANSWER, "证明材料格式限制为PDF。", 0.62, "proof-format-pdf", "（二）")
COMPUTED = Reply(ReplyKind.COMPUTED, "开展8场活动，最多选2项。", 1.0, clause="（一）3")
GAP = Reply(ReplyKind.GAP, "指南没有写截止时间。", 1.0, "gap-deadline")
TECH = Reply(ReplyKind.TECH, "请打技术咨询电话。", 1.0, clause="（四）")
OUT = Reply(ReplyKind.OUT_OF_SCOPE, "不在指南范围内。", 0.1)


def test_one_part_is_that_part() -> None:
    """A message of one question gets exactly that question's reply, without numbering."""
    assert Reply.compound((ANSWER,)) is ANSWER
    assert ANSWER.answers == (ANSWER,)


def test_parts_are_numbered_in_order_with_their_clauses() -> None:
    """Each part is numbered in order and cites its own clause; the whole cites none."""
    reply = Reply.compound((ANSWER, GAP, COMPUTED))
    assert reply.parts == (ANSWER, GAP, COMPUTED)
    assert reply.answers == reply.parts
    lines = reply.render().splitlines()
    assert lines == [
        "1. 证明材料格式限制为PDF。",
        "依据：填报指南（二）",
        "2. 指南没有写截止时间。",
        "3. 开展8场活动，最多选2项。",
        "依据：填报指南（一）3",
    ]
    assert reply.entry_id is None
    assert reply.clause is None


@pytest.mark.parametrize(
    ("parts", "kind", "confidence"),
    [
        pytest.param((GAP, ANSWER), ReplyKind.ANSWER, 0.62, id="answer-over-gap"),
        pytest.param((ANSWER, COMPUTED), ReplyKind.COMPUTED, 1.0, id="most-confident"),
        pytest.param((OUT, TECH), ReplyKind.TECH, 1.0, id="tech-over-nothing"),
        pytest.param((OUT, GAP), ReplyKind.GAP, 1.0, id="gap-over-nothing"),
    ],
)
def test_kind_and_confidence_are_the_strongest_parts(
    parts: tuple[Reply, ...], kind: ReplyKind, confidence: float
) -> None:
    """A group hears a compound message answered when one of its questions is answered."""
    reply = Reply.compound(parts)
    assert (reply.kind, reply.confidence) == (kind, confidence)


@pytest.mark.parametrize(
    ("parts", "handoff"),
    [
        pytest.param((ANSWER, GAP), "consult", id="gap-part"),
        pytest.param((GAP, TECH), "tech", id="tech-first"),
        pytest.param((ANSWER, COMPUTED), None, id="all-answered"),
    ],
)
def test_a_part_handed_over_hands_the_message_over(
    parts: tuple[Reply, ...], handoff: str | None
) -> None:
    """The admins hear of the part the guide does not answer, even when the rest is answered."""
    assert Reply.compound(parts).handoff == handoff


def test_details_are_numbered_like_their_parts() -> None:
    """Long supplementary text of the parts is kept, under the part's number."""
    detailed = Reply(ReplyKind.CHECK, "检查结果", detail="逐行说明")
    reply = Reply.compound((ANSWER, detailed))
    assert reply.detail == "2. 逐行说明"
    assert "逐行说明" not in reply.render(with_detail=False)


def test_only_keeps_the_parts_of_the_kinds_asked_for() -> None:
    """An unasked group answer can drop the parts that answer nothing, renumbering the rest."""
    answered = frozenset({ReplyKind.ANSWER, ReplyKind.COMPUTED})
    reply = Reply.compound((OUT, ANSWER, COMPUTED))
    kept = reply.only(answered)
    assert kept is not None
    assert kept.parts == (ANSWER, COMPUTED)
    assert kept.text.startswith("1. 证明材料")
    assert Reply.compound((OUT, ANSWER)).only(answered) is ANSWER
    assert Reply.compound((OUT, GAP)).only(answered) is None
    assert ANSWER.only(answered) is ANSWER
