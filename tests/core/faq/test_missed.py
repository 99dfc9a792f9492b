"""The missed-question queue: grouping by similarity, adopt and ignore."""

from __future__ import annotations

import pytest

from bot.faq.repository import Actor, FaqRepository, InvalidInputError
from tests.core.faq.sample import ADMIN, OTHER


async def test_missed_questions_are_grouped(repo: FaqRepository) -> None:
    """Similar missed questions share a number; the count and last time grow."""
    a = await repo.record_missed("填报截止时间是什么时候", Actor("1", "私聊"))
    b = await repo.record_missed("请问什么时候截止", Actor("2", "群807645478"))
    c = await repo.record_missed("网站地址是多少", Actor("3", "私聊"))
    assert a is not None
    assert b is not None
    assert c is not None
    assert a.number == b.number != c.number
    groups = await repo.missed()
    assert [(g.number, g.count) for g in groups] == [(a.number, 2), (c.number, 1)]
    assert groups[0].last_at > groups[0].first_at
    assert groups[0].sample == "填报截止时间是什么时候"
    assert await repo.record_missed("  ", ADMIN) is None
    assert await repo.record_missed("长" * 400, ADMIN) is None


async def test_adopt_and_ignore_missed(repo: FaqRepository) -> None:
    """Adopt makes a paraphrase or a new entry; ignore hides the number; both are audited."""
    one = await repo.record_missed("活动照片要拍几张", ADMIN)
    two = await repo.record_missed("可以找人代填吗", ADMIN)
    three = await repo.record_missed("今天食堂吃什么", ADMIN)
    assert one is not None
    assert two is not None
    assert three is not None
    entry = await repo.adopt(one.number, ADMIN, entry_id="proof-format")
    assert "活动照片要拍几张" in entry.paraphrases
    new = await repo.adopt(two.number, OTHER, answer="填报指南没有写这一点。")
    assert (new.id, new.question) == ("admin-1", "可以找人代填吗")
    await repo.ignore(three.number, ADMIN)
    assert await repo.missed() == []
    with pytest.raises(InvalidInputError, match="已经采纳"):
        await repo.adopt(one.number, ADMIN, entry_id="name-rule")
    with pytest.raises(InvalidInputError, match="二选一"):
        await repo.adopt(three.number, ADMIN)
    # An ignored question asked again is counted under its number but stays out of the list.
    again = await repo.record_missed("今天食堂吃什么", ADMIN)
    assert again is not None
    assert (again.number, again.count) == (three.number, 2)
    assert await repo.missed() == []
    actions = [r.action for r in await repo.audit()]
    assert actions == ["ignore", "adopt", "adopt"]
