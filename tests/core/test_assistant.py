"""`Assistant.reply`: the reply cache gives what computing gives, and forgets in time."""

from __future__ import annotations

from datetime import date

import pytest

import bot.assistant as assistant_module
from bot.assistant import Assistant
from bot.config import Settings
from bot.guide.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.guide.rules import CONSULT_PHONE
from bot.reply import Reply, ReplyKind

QUESTIONS = [
    "平台名称有什么要求",
    "分类2能选几项",
    "银行信贷服务的分类代码是多少",
    "网站登录不上去怎么办",
    "今天天气怎么样",
    "检查名称：常州市中小企业公共服务平台",
    "你好",
]


class _Counting:
    """Wraps `Assistant._compute_reply` to count how often a reply is really computed."""

    def __init__(self, assistant: Assistant) -> None:
        self.calls: list[str] = []
        compute = assistant._compute_reply

        def counted(text: str) -> Reply:
            self.calls.append(text)
            return compute(text)

        assistant._cached_reply = assistant_module.lru_cache(
            maxsize=assistant.settings.assistant_reply_cache_size
        )(counted)


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


def test_cached_replies_equal_computed_ones(knowledge: KnowledgeBase) -> None:
    """Replies from the cache equal replies computed afresh, asked once or twice."""
    cached = Assistant(knowledge, Settings())
    plain = Assistant(knowledge, Settings(assistant_reply_cache_size=0))
    for _ in range(2):
        assert [cached.reply(q) for q in QUESTIONS] == [plain.reply(q) for q in QUESTIONS]


def test_a_repeated_question_is_computed_once(knowledge: KnowledgeBase) -> None:
    """A repeated question (surrounding space aside) is computed once, then served from cache."""
    assistant = Assistant(knowledge, Settings())
    counting = _Counting(assistant)
    first = assistant.reply("平台名称有什么要求")
    assert assistant.reply("  平台名称有什么要求 ") is first
    assert counting.calls == ["平台名称有什么要求"]


def test_size_zero_computes_every_reply(knowledge: KnowledgeBase) -> None:
    """A cache size of 0 computes every reply and keeps none."""
    assistant = Assistant(knowledge, Settings(assistant_reply_cache_size=0))
    first = assistant.reply("分类2能选几项")
    second = assistant.reply("分类2能选几项")
    assert first == second
    assert first is not second
    assert assistant._cached_reply.cache_info().currsize == 0


def test_long_pastes_are_not_kept(knowledge: KnowledgeBase) -> None:
    """A long paste is computed each time and never fills the cache."""
    assistant = Assistant(knowledge, Settings())
    counting = _Counting(assistant)
    paste = "年度总结：" + "我们平台全年开展服务活动，" * 30
    assistant.reply(paste)
    assistant.reply(paste)
    assert counting.calls == []  # computed directly, twice, never through the cache
    assert assistant._cached_reply.cache_info().currsize == 0


def test_changed_entries_are_answered_at_once(knowledge: KnowledgeBase) -> None:
    """An entry added by an admin answers at once, not after the cached reply."""
    assistant = Assistant(knowledge, Settings())
    question = "签到表要用什么颜色的笔签"
    before = assistant.reply(question)
    added = Entry(
        id="admin-pen-colour",
        question=question,
        answer="测试答案：用黑色笔。",
        clause=None,
        kind="answer",
        origin="admin",
    )
    assistant.set_entries({**assistant.entries, added.id: added})
    after = assistant.reply(question)
    assert after != before
    assert after.kind is ReplyKind.ANSWER
    assert after.entry_id == "admin-pen-colour"


def test_the_same_entries_keep_the_index(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FAQ database hands the shipped entries back at start-up: nothing is re-indexed
    then, while the same entries in another order (ties follow the order) are."""
    assistant = Assistant(knowledge, Settings())
    built: list[int] = []
    reindex = assistant.retriever.reindex

    def counted(items: list[tuple[str, tuple[str, ...]]]) -> None:
        built.append(1)
        reindex(items)

    monkeypatch.setattr(assistant.retriever, "reindex", counted)
    assistant.set_entries(dict(assistant.entries))
    assert built == []
    assistant.set_entries(dict(reversed(assistant.entries.items())))
    assert built == [1]


def test_a_new_day_forgets_the_cache(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks default to the previous year: after midnight a reply may differ."""
    day = [date(2026, 12, 31)]

    class _Date(date):
        @classmethod
        def today(cls) -> date:
            return day[0]

    monkeypatch.setattr(assistant_module, "date", _Date)
    assistant = Assistant(knowledge, Settings())
    counting = _Counting(assistant)
    assistant.reply("分类2能选几项")
    assistant.reply("分类2能选几项")
    day[0] = date(2027, 1, 1)
    assistant.reply("分类2能选几项")
    assert counting.calls == ["分类2能选几项", "分类2能选几项"]


@pytest.fixture(scope="module")
def plain(knowledge: KnowledgeBase) -> Assistant:
    return Assistant(knowledge, Settings(assistant_reply_cache_size=0))


def test_a_single_question_gets_a_single_reply(plain: Assistant) -> None:
    """One question (with its statements and tails) is answered as before: no parts, no number."""
    for text in (
        "平台名称有什么要求",
        "我们办了8场活动，分类2能选几项？谢谢",
        "证明材料什么格式？行不行",
    ):
        reply = plain.reply(text)
        assert reply.parts == ()
        assert not reply.text.startswith("1.")


def test_each_question_of_a_message_is_answered_in_order(plain: Assistant) -> None:
    """A compound message gets each of its questions answered, in order, code lookups too."""
    reply = plain.reply("分类1能选几项？另外1403是什么代码")
    assert [p.kind for p in reply.parts] == [ReplyKind.ANSWER, ReplyKind.CODE]
    assert reply.parts[0].entry_id == "category1-count"
    assert reply.text.startswith("1. ")
    assert "\n2. " in reply.text


def test_a_part_the_guide_does_not_answer_is_handed_over(plain: Assistant) -> None:
    """The unanswered part gets the hand-off line while the other is answered."""
    reply = plain.reply("照片放几张？填报截止时间是哪天？")
    assert [p.kind for p in reply.parts] == [ReplyKind.ANSWER, ReplyKind.GAP]
    assert reply.kind is ReplyKind.ANSWER
    assert reply.handoff == "consult"


def test_a_question_asked_twice_is_answered_once(plain: Assistant) -> None:
    """Two wordings of one question in a message get one answer."""
    reply = plain.reply("照片放几张？现场照片要几张？")
    assert reply.parts == ()
    assert reply.entry_id == "proof-photos"


def test_statements_reach_every_question(plain: Assistant) -> None:
    """A fact stated once ("25场") is used by each question that needs it."""
    reply = plain.reply("我们去年办了25场活动。分类2能选几项？证明材料要全放吗？")
    assert [p.kind for p in reply.parts] == [ReplyKind.COMPUTED, ReplyKind.COMPUTED]
    assert "25场" in reply.parts[0].text
    assert "其余5场" in reply.parts[1].text


def test_a_check_request_is_a_question_of_its_own(plain: Assistant) -> None:
    """"检查名称：…？另外…" is a check and a question, each answered."""
    reply = plain.reply("检查名称：常州市科技服务平台？另外分类1选几项")
    assert [p.kind for p in reply.parts] == [ReplyKind.CHECK, ReplyKind.ANSWER]


def test_a_pasted_draft_is_never_split(plain: Assistant) -> None:
    """A pasted table or labelled draft is one thing to check, whatever its line breaks."""
    for text in (
        "平台名称：常州市科技服务平台\n服务功能分类1：技术支持",
        "1\t2024-03-01\t常州\t培训会\n2\t2024-04-01\t南京\t对接会",
    ):
        assert plain.reply(text).parts == ()


def test_a_gap_quotes_what_the_guide_says_nearby(plain: Assistant) -> None:
    """A filing question no entry answers gets its topic's clause quoted, then the hand-off."""
    reply = plain.reply("活动地点要写到门牌号吗")
    assert reply.kind is ReplyKind.GAP
    assert reply.clause == "附件1"
    assert "此外没有别的规定" in reply.text
    assert plain.knowledge.clauses["附件1"].text in reply.text
    unknown = plain.reply("平台员工人数怎么填")
    assert unknown.kind is ReplyKind.GAP
    assert unknown.clause is None


def test_a_detail_the_guide_never_sets_is_handed_over(plain: Assistant) -> None:
    """A detail no rule is about (color photos, A4 paper) gets what the nearest entry states,
    that the guide says nothing more, and the hand-off once, not that entry as if it answered."""
    for text, detail, stated in (
        ("活动照片需要彩色的吗", "彩色", "1-3张现场照片"),
        ("签到表纸张用A4吗", "纸张", "签到表"),
    ):
        reply = plain.reply(text)
        assert reply.kind is ReplyKind.GAP
        assert reply.text.startswith(f"填报指南没有关于“{detail}”的规定。")
        assert stated in reply.text
        assert reply.text.count(CONSULT_PHONE) == 1
    assert plain.reply("每场活动的照片放几张").kind is ReplyKind.ANSWER
