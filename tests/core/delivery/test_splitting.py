"""Splitting long answers into readable parts, and into no more than a handful."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.splitting import (
    LEFT_OUT,
    MIN_PART_CHARS,
    capped_parts,
    numbered_parts,
    split_text,
)


def test_short_text_is_one_part() -> None:
    """Text within the limit is left whole."""
    assert split_text("证明材料格式限制为PDF。", 800) == ["证明材料格式限制为PDF。"]
    assert numbered_parts("证明材料格式限制为PDF。", 800) == ["证明材料格式限制为PDF。"]


def test_cuts_prefer_paragraphs_then_sentences() -> None:
    """A blank line near the limit is the cut; failing that, a sentence end."""
    first = "第一段。" * 20
    second = "第二段内容。" * 10
    assert split_text(f"{first}\n\n{second}", 100) == [first, second]
    sentences = "这是一句话，" * 5 + "到这里结束。" + "后面还有很多字" * 10
    parts = split_text(sentences, 60)
    assert parts[0].endswith("结束。")


@pytest.mark.parametrize("limit", [1, 10, MIN_PART_CHARS])
def test_tiny_limits_are_raised(limit: int) -> None:
    """A silly limit cannot split an answer into dozens of stubs."""
    assert all(len(p) <= MIN_PART_CHARS for p in split_text("字" * 200, limit))
    assert len(split_text("字" * 200, limit)) == 4


def test_numbered_parts_carry_their_order_and_fit() -> None:
    """Parts are headed （i/n） and still within the limit."""
    parts = numbered_parts("这是很长的回答。" * 60, 100)
    assert len(parts) > 1
    assert all(len(p) <= 100 for p in parts)
    assert [re.match(r"（(\d+)/(\d+)）", p).groups() for p in parts] == [  # type: ignore[union-attr]
        (str(i), str(len(parts))) for i in range(1, len(parts) + 1)
    ]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("填报指南平台。，\n ab1")), max_size=2000),
    limit=st.integers(min_value=1, max_value=400),
)
def test_parts_fit_and_lose_nothing(text: str, limit: int) -> None:
    """Every part fits the limit and the parts hold all the text but white space at cuts."""
    parts = split_text(text, limit)
    assert all(0 < len(p) <= max(limit, MIN_PART_CHARS) for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


ROWS = "\n".join(f"序号{i}：人数不足10人，不计入，也不该填进汇总表" for i in range(1, 1801))


@pytest.mark.parametrize("max_parts", [1, 3, 5])
def test_capped_parts_keep_to_the_count_and_say_what_is_left(max_parts: int) -> None:
    """1,800 lines become at most `max_parts` parts that fit; the kept lines come first, whole,
    and the last part says how many lines were not sent."""
    parts = capped_parts(ROWS, 200, max_parts)
    assert 1 <= len(parts) <= max_parts
    assert all(len(p) <= 200 for p in parts)
    sent = "\n".join(re.sub(r"^（\d+/\d+）", "", p) for p in parts)
    kept = [line for line in sent.splitlines() if line.startswith("序号")]
    assert kept == ROWS.splitlines()[: len(kept)]
    left = 1800 - len(kept)
    assert sent.endswith(LEFT_OUT.format(lines=left))


def test_answer_within_the_count_is_not_cut() -> None:
    """An answer that fits in the parts allowed is sent whole, without a note."""
    text = "\n".join(ROWS.splitlines()[:5])
    assert capped_parts(text, 200, 3) == numbered_parts(text, 200)


def test_one_endless_line_is_cut_too() -> None:
    """A single line longer than all parts together is cut like lines are."""
    parts = capped_parts("很长" * 2000, 100, 3)
    assert len(parts) <= 3
    assert "没有发出" in parts[-1]
