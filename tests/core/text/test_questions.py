"""Splitting a message into its questions (`bot.text.questions`), with the shipped word lists:
each question of a compound message on its own, elliptical ones completed, and statements,
tails and pasted drafts never taken for questions."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.config import Settings
from bot.guide.knowledge import load_knowledge
from bot.text.questions import MAX_SPLIT_CHARS, QuestionSplitter


@pytest.fixture(scope="module")
def splitter() -> QuestionSplitter:
    splitter = Assistant(load_knowledge(), Settings()).splitter
    assert splitter is not None
    return splitter


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        pytest.param(
            "名称有要求吗？照片放几张", ["名称有要求吗", "照片放几张"], id="question-mark"
        ),
        pytest.param("名称有要求吗?照片放几张?", ["名称有要求吗", "照片放几张"], id="ascii-mark"),
        pytest.param(
            "证明材料什么格式。年报写什么。", ["证明材料什么格式", "年报写什么"], id="full-stop"
        ),
        pytest.param("汇总表几列；照片几张", ["汇总表几列", "照片几张"], id="semicolon"),
        pytest.param("汇总表几列\n照片几张", ["汇总表几列", "照片几张"], id="line-break"),
        pytest.param(
            "案例怎么写另外年报写什么", ["案例怎么写", "年报写什么"], id="connective-no-mark"
        ),
        pytest.param(
            "案例怎么写，顺便问下年报写什么", ["案例怎么写", "年报写什么"], id="connective"
        ),
        pytest.param(
            "照片几张，签到表要对应吗", ["照片几张", "签到表要对应吗"], id="comma-two-topics"
        ),
        pytest.param("1403是啥 质量检测呢", ["1403是啥", "质量检测是啥"], id="space-ellipsis"),
        pytest.param("分类1选几项？分类2呢", ["分类1选几项", "分类2选几项"], id="ellipsis-subject"),
        pytest.param("6场能选几项？9场呢", ["6场能选几项", "9场能选几项"], id="ellipsis-count"),
        pytest.param(
            "案例能写活动吗？要写几个", ["案例能写活动吗", "案例要写几个"], id="borrowed-topic"
        ),
        pytest.param(
            "证明材料什么格式？还有没有别的要求",
            ["证明材料什么格式", "证明材料还有没有别的要求"],
            id="follow-up",
        ),
        pytest.param(
            "名称有啥要求证明材料要盖章吗",
            ["名称有啥要求", "证明材料要盖章吗"],
            id="run-on",
        ),
        pytest.param(
            "1、名称有要求吗 2、照片放几张", ["名称有要求吗", "照片放几张"], id="numbered"
        ),
        pytest.param(
            "证明材料和年报分别什么格式", ["证明材料什么格式", "年报什么格式"], id="each-of-two"
        ),
        pytest.param(
            "1.名称要求 2.照片几张", ["名称要求", "照片几张"], id="numbered-without-marks"
        ),
        pytest.param(
            "网站打不开了，另外证明材料啥格式",
            ["网站打不开了", "证明材料啥格式"],
            id="trouble-stated",
        ),
    ],
)
def test_splits_into_questions(splitter: QuestionSplitter, text: str, questions: list[str]) -> None:
    """Each question of a compound message comes out on its own, completed where elliptical."""
    assert [q.text for q in splitter.split(text)] == questions


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("我们办了8场活动，分类2能选几项", id="statement-then-question"),
        pytest.param("我们办了8场活动。分类2能选几项？", id="statement-sentence"),
        pytest.param("名称叫XX科技服务平台，行不行？", id="tail"),
        pytest.param("证明材料什么格式？谢谢老师", id="thanks"),
        pytest.param("老师好，请问证明材料什么格式", id="greeting"),
        pytest.param("平台叫什么名字有规定没", id="run-on-same-topic"),
        pytest.param("8场活动能选几个分类2", id="topic-at-the-end"),
        pytest.param("一年搞了好几十场，证明材料全交吗", id="rough-number"),
        pytest.param("平台名称 有什么要求", id="space-in-one-question"),
        pytest.param("1\t2024-03-01\t常州\t培训会\n2\t2024-04-01\t南京\t对接会", id="tab-table"),
        pytest.param("平台名称：XX平台\n服务功能分类1：管理咨询", id="labelled-fields"),
        pytest.param("主要做法：开展培训。服务成效：服务企业100家。", id="case-paste"),
        pytest.param("名称有要求吗？" * (MAX_SPLIT_CHARS // 7 + 1), id="too-long"),
    ],
)
def test_one_question_stays_whole(splitter: QuestionSplitter, text: str) -> None:
    """A single question, with its statements and tails, or a pasted draft is not split."""
    assert [q.text for q in splitter.split(text)] == [text.strip()]


def test_statements_are_context_of_the_other_questions(splitter: QuestionSplitter) -> None:
    """A statement goes with the question after it and is the context of the others."""
    first, second = splitter.split("我们办了25场活动。分类2能选几项？证明材料要全放吗？")
    assert first.text == "我们办了25场活动，分类2能选几项"
    assert first.context == ""
    assert second.text == "证明材料要全放吗"
    assert second.context == "我们办了25场活动"
