"""The labelled fields of a pasted basic-information block."""

from __future__ import annotations

import pytest

from bot.checks.fields import category_fields, name_fields


def test_fields() -> None:
    """Labelled fields are read in order, empty ones skipped."""
    text = (
        "平台名称：A平台\n服务功能分类1：管理咨询\n分类2：信息咨询、市场营销\n分类Ⅱ：\n"
        "名称：B平台"
    )
    assert name_fields(text) == ["A平台", "B平台"]
    assert category_fields(text) == [(1, "管理咨询"), (2, "信息咨询、市场营销")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("名称：江苏科技平台 帮忙看看", id="space-bangmang"),
        pytest.param("名称：江苏科技平台，麻烦帮我检查一下", id="comma-mafan"),
        pytest.param("平台名称：江苏科技平台 看一下吧", id="kan-yixia-ba"),
    ],
)
def test_a_request_after_a_name_field_is_not_part_of_it(text: str) -> None:
    """“帮忙看看” after a name is the user asking, not part of the name."""
    assert name_fields(text) == ["江苏科技平台"]
