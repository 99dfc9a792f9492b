"""Dates as Excel, WPS and people write them in the 时间 column or a loose line."""

from __future__ import annotations

import pytest

from bot.checks.dates import find_date


@pytest.mark.parametrize(
    ("text", "cell", "ymd"),
    [
        pytest.param("2024/3/5", True, (2024, 3, 5), id="slashes"),
        pytest.param("2024-03-05", True, (2024, 3, 5), id="iso"),
        pytest.param("2024.3.5", True, (2024, 3, 5), id="dots"),
        pytest.param("2024年3月5日", True, (2024, 3, 5), id="chinese"),
        pytest.param("2024年3月5日-6日", True, (2024, 3, 5), id="range-takes-start"),
        pytest.param("2024-03-05 14:00", True, (2024, 3, 5), id="with-time"),
        pytest.param("20240305", True, (2024, 3, 5), id="compact"),
        pytest.param("2024年3月", True, (2024, 3, None), id="year-month"),
        pytest.param("2024.3", True, (2024, 3, None), id="year-month-dot"),
        pytest.param("3月5日", True, (None, 3, 5), id="month-day"),
        pytest.param("3月5号", False, (None, 3, 5), id="month-day-hao"),
        pytest.param("3/5", True, (None, 3, 5), id="numeric-month-day-in-cell"),
        pytest.param("45356", True, (2024, 3, 5), id="excel-serial"),
        pytest.param("2024年", True, (2024, None, None), id="year-only"),
        pytest.param("3月份", True, (None, 3, None), id="month-only"),
    ],
)
def test_found_dates(text: str, cell: bool, ymd: tuple[int | None, ...]) -> None:
    """Each written form yields its year, month and day (None where not written)."""
    found = find_date(text, cell=cell)
    assert found is not None
    assert (found.year, found.month, found.day) == ymd


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        pytest.param("3.5万元", False, id="decimal-in-loose-line"),
        pytest.param("25人", False, id="people"),
        pytest.param("待定", True, id="no-date"),
        pytest.param("13800138000", True, id="phone-number"),
    ],
)
def test_no_date(text: str, cell: bool) -> None:
    """Figures that only look like dates are not taken for one."""
    assert find_date(text, cell=cell) is None


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("2024.13.1", False, id="month-13"),
        pytest.param("2023-02-29", False, id="not-leap"),
        pytest.param("2024-02-29", True, id="leap"),
        pytest.param("2月30日", False, id="february-30"),
        pytest.param("2024年4月31日", False, id="april-31"),
    ],
)
def test_validity(text: str, valid: bool) -> None:
    """Impossible dates are found but marked invalid."""
    found = find_date(text, cell=True)
    assert found is not None
    assert found.valid is valid
