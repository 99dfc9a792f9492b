"""The labelled fields of a pasted basic-information block: 平台名称：… and
服务功能分类1：… / 分类2：… lines, and their values as the checks take them."""

from __future__ import annotations

import re

from bot.checks.name_request import name_request

NAME_FIELD = re.compile(r"^\s*(?:平台名称|名称)\s*[:：]\s*(?P<body>.*)$")
CATEGORY_FIELD = re.compile(
    r"^\s*(?:服务)?(?:功能)?分类\s*(?P<n>[12一二]|II?)\s*[:：]\s*(?P<body>.*)$"
)
# "XX平台 帮忙看看": a request after a name, not part of it.
REQUEST_TAIL = re.compile(
    r"\s*[，,]?\s*(?:请|麻烦)?(?:你)?(?:帮忙|帮我)?"
    r"(?:看看|看一下|看下|检查一下|检查|核对一下|核对|把关|把把关)(?:一下|下)?[吧呗啊]?\s*[。.!！]*$"
)


def name_fields(text: str) -> list[str]:
    """Values of 平台名称：… lines, without a question around them ("XX平台，可以吗")."""
    names: list[str] = []
    for line in text.splitlines():
        m = NAME_FIELD.match(line)
        body = m.group("body").strip() if m else ""
        if body:
            names.extend(name_request(body) or [REQUEST_TAIL.sub("", body).strip()])
    return [name for name in names if name]


def category_fields(text: str) -> list[tuple[int, str]]:
    """(1 or 2, value) of 服务功能分类1：… / 分类2：… lines, in order."""
    fields: list[tuple[int, str]] = []
    for line in text.splitlines():
        m = CATEGORY_FIELD.match(line)
        if m and m.group("body").strip():
            fields.append((1 if m.group("n") in {"1", "一", "I"} else 2, m.group("body").strip()))
    return fields
