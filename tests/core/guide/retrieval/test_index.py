"""The two scorers of `bot.guide.retrieval.index`: plain Python for knowledge bases like the
shipped one, numpy for large ones, giving the same candidates to the last bit."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys

import pytest

import bot.guide.retrieval.arrays as arrays
import bot.guide.retrieval.index as index
from bot.guide.retrieval import Retriever

SUBJECTS = ["平台名称", "服务功能分类2", "证明材料", "签到表", "现场照片", "年度总结报告",
            "典型案例", "带动服务机构数量", "活动类别", "汇总表"]
SERVICES = ["知识产权", "管理咨询", "创业培训", "投资融资", "法律咨询", "技术支持"]
ASPECTS = ["怎么填", "有什么要求", "要不要盖章", "需要几份", "格式是什么", "可以空着吗"]


def _entries(count: int, seed: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    combos = list(itertools.product(SUBJECTS, SERVICES, ASPECTS))
    rng.shuffle(combos)
    return [
        (f"e{i}", [f"{a}里的{b}{x}", f"做{b}的{a}{x}{'吗' * (i % 3)}", f"{b}{a}"][: 1 + i % 3])
        for i, (a, b, x) in enumerate(combos[:count])
    ]


def _questions(seed: int) -> list[str]:
    rng = random.Random(seed)
    made = [
        rng.choice(SUBJECTS) + rng.choice(["", "和"]) + rng.choice(SERVICES) + rng.choice(ASPECTS)
        for _ in range(60)
    ]
    return [*made, "平台", "分类2能选几项", "材料材料要盖章章", "今天天气怎么样"]


@pytest.mark.parametrize("size", [pytest.param(n, id=str(n)) for n in (20, 150, 400)])
@pytest.mark.parametrize("count", [pytest.param(n, id=f"top{n}") for n in (3, 12)])
def test_plain_and_numpy_scorers_give_the_same_candidates(
    size: int, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same entries, phrasings and scores (compared with ==), numpy's pruning included."""
    entries = _entries(size, seed=size)
    plain = Retriever(entries)
    monkeypatch.setattr(index, "ARRAYS_FROM_PHRASINGS", 0)
    numpy = Retriever(entries)
    assert isinstance(plain._index, index.PlainIndex)
    assert isinstance(numpy._index, arrays.ArrayIndex)
    found = 0
    for text in _questions(seed=size):
        asked = plain._query(plain.clean(text))
        expected = plain._index.top(asked, count)
        assert numpy._index.top(asked, count) == expected, text
        found += bool(expected)
    assert found > 50


def test_scorer_follows_the_number_of_phrasings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below `ARRAYS_FROM_PHRASINGS` phrasings plain Python, from it on numpy."""
    entries = _entries(40, seed=1)
    phrasings = len(Retriever(entries)._doc_text)
    monkeypatch.setattr(index, "ARRAYS_FROM_PHRASINGS", phrasings + 1)
    assert isinstance(Retriever(entries)._index, index.PlainIndex)
    monkeypatch.setattr(index, "ARRAYS_FROM_PHRASINGS", phrasings)
    assert isinstance(Retriever(entries)._index, arrays.ArrayIndex)


def test_shipped_knowledge_is_answered_without_numpy() -> None:
    """Building the assistant on the shipped knowledge and answering questions leaves numpy
    unimported (it would cost the bot 12 MB and 50 ms of start-up)."""
    code = (
        "import sys\n"
        "from bot.assistant import Assistant\n"
        "from bot.config import Settings\n"
        "from bot.guide.knowledge import load_knowledge\n"
        "assistant = Assistant(load_knowledge(), Settings())\n"
        "for q in ('分类2能选几项', '证明材料要盖章吗', '平台名称有什么要求'):\n"
        "    assert assistant.reply(q).entry_id, q\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
