"""Chinese numerals both ways without cn2an (bot.text.numerals), compared with cn2an."""

from __future__ import annotations

import itertools
import warnings

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.numerals import NUMERAL_CHARS, numeral_value, spelled


def _cn2an(run: str) -> str:
    """What bot.text.normalize made of a run with cn2an: the number, or the run itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.cn2an(run, "smart"))
        except Exception:
            return run


def _ours(run: str) -> str:
    try:
        return str(numeral_value(run))
    except ValueError:
        return run


def test_every_run_up_to_four_characters_reads_as_cn2an() -> None:
    """All 88,000 runs of one to four numeral characters (二十, 两千, 一万二, 万一, 零十…)."""
    runs = (
        "".join(chars)
        for n in range(1, 5)
        for chars in itertools.product(NUMERAL_CHARS, repeat=n)
    )
    assert [r for r in runs if _ours(r) != _cn2an(r)] == []


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=NUMERAL_CHARS, min_size=5, max_size=10))
def test_longer_runs_read_as_cn2an(run: str) -> None:
    """Runs of five to ten numeral characters, the longest the bot converts."""
    assert _ours(run) == _cn2an(run)


@settings(max_examples=3000, deadline=None)
@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1))
def test_spelled_is_cn2an_an2cn_and_reads_back(number: int) -> None:
    """Any number of up to 16 digits is written as cn2an writes it and read back to itself."""
    assert spelled(number) == cn2an.an2cn(number)
    if number >= 0:
        assert numeral_value(spelled(number)) == number


@pytest.mark.parametrize(
    ("run", "value"),
    [
        pytest.param("十二", 12, id="leading-ten"),
        pytest.param("两千", 2000, id="liang"),
        pytest.param("一万二", 12000, id="spoken-shortening"),
        pytest.param("十万零一千", 101000, id="zero-before-thousand"),
        pytest.param("一二三", 123, id="digit-by-digit"),
        pytest.param("〇", 0, id="ling-circle"),
    ],
)
def test_numeral_value(run: str, value: int) -> None:
    """Written, spoken and digit-by-digit forms."""
    assert numeral_value(run) == value


@pytest.mark.parametrize("run", ["万一", "十十", "百", "一十亿二", ""])
def test_not_a_numeral(run: str) -> None:
    """Words made of numeral characters that are no number raise ValueError."""
    with pytest.raises(ValueError, match="numeral"):
        numeral_value(run)


def test_spelled_small_counts() -> None:
    """Counts as replies spell them: 0, 4, 10, 16, 101."""
    assert [spelled(n) for n in (0, 4, 10, 16, 101)] == ["零", "四", "十", "十六", "一百零一"]
