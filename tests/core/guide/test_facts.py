"""Answers worked out from the facts a question states (`bot.guide.facts`): what follows for
the asker's own numbers and which clause decides, never a limit the guide does not set; and
questions without such a fact are left to the knowledge base."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.guide import choices, facts, written
from bot.guide.rules import CONSULT_PHONE, TECH_PHONE, Clause
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

Answer = Callable[[Query], Reply | None]


@pytest.mark.parametrize(
    ("answer", "text", "kind", "clause", "says"),
    [
        pytest.param(
            facts.answer_proof_count,
            "一年办了32场，证明材料要全放吗",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"只提供20场.*其余12场",
            id="proof-over",
        ),
        pytest.param(
            facts.answer_proof_count,
            "我们一年才11场活动，证明材料都要提供吗",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"11场没有超过20场",
            id="proof-under",
        ),
        pytest.param(
            facts.answer_proof_count,
            "去年24场，其中6场只有五六个人，证明材料放几场",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"6场不计入.*按18场算",
            id="proof-too-few",
        ),
        pytest.param(
            facts.answer_proof_count,
            "4场活动都只有七八个人，要写进汇总表吗",
            ReplyKind.COMPUTED,
            Clause.ACTIVITY_TABLE,
            r"不填进服务活动汇总表",
            id="table-all-few",
        ),
        pytest.param(
            facts.answer_photo_count,
            "每场活动放四张照片行吗",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"4张超出了",
            id="photos-over",
        ),
        pytest.param(
            facts.answer_photo_count,
            "一场活动放两张照片可以吗",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"^2张可以",
            id="photos-within",
        ),
        pytest.param(
            facts.answer_photo_count,
            "放了2张现场照片加1张合影",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"^3张可以",
            id="photos-added",
        ),
        pytest.param(
            facts.answer_attendance,
            "这场培训只来了7个人能算吗",
            ReplyKind.COMPUTED,
            Clause.CATEGORY2,
            r"不能算.*7人.*不填进服务活动汇总表",
            id="people-few",
        ),
        pytest.param(
            facts.answer_attendance,
            "有场讲座来了15人，能计入吗",
            ReplyKind.COMPUTED,
            Clause.CATEGORY2,
            r"可以算.*15人",
            id="people-enough",
        ),
        pytest.param(
            facts.answer_attendance,
            "对接会只有5家企业参加，算不算",
            ReplyKind.COMPUTED,
            Clause.CATEGORY2,
            r"门槛是参与人数.*没有下限",
            id="enterprises",
        ),
        pytest.param(
            facts.answer_attendance,
            "3场活动人数分别是8人、12人、15人，各算不算",
            ReplyKind.COMPUTED,
            Clause.CATEGORY2,
            r"能算的是2场（12人、15人）",
            id="people-listed",
        ),
        pytest.param(
            facts.answer_attendance,
            "办了6场，其中有1场活动人数只有9个，这场能填吗",
            ReplyKind.COMPUTED,
            Clause.CATEGORY2,
            r"不能算.*9人",
            id="this-one-of-several",
        ),
        pytest.param(
            choices.answer_mandate,
            "区科技局委托我们办的活动填是吗",
            ReplyKind.COMPUTED,
            Clause.COMMISSIONED,
            r"^不属于，填“否”.*其它行政机关",
            id="other-agency",
        ),
        pytest.param(
            choices.answer_mandate,
            "市工信局让我们办的，只是微信通知，算委托吗",
            ReplyKind.COMPUTED,
            Clause.COMMISSIONED,
            r"^不属于.*没有盖章的通知或文件",
            id="no-stamped-notice",
        ),
        pytest.param(
            choices.answer_mandate,
            "县工信局发了盖章的文件委托我们办，填是吧",
            ReplyKind.COMPUTED,
            Clause.COMMISSIONED,
            r"^属于，填“是”",
            id="stamped",
        ),
        pytest.param(
            choices.answer_mandate,
            "经信局委托的活动怎么填",
            ReplyKind.COMPUTED,
            Clause.COMMISSIONED,
            CONSULT_PHONE,
            id="old-name",
        ),
        pytest.param(
            facts.answer_file_limits,
            "证明材料做出来有120M，太大了吗",
            ReplyKind.GAP,
            Clause.PROOF,
            rf"没有规定文件大小的上限.*{TECH_PHONE}.*{CONSULT_PHONE}",
            id="size",
        ),
        pytest.param(
            facts.answer_file_limits,
            "证明材料三百多页有问题吗",
            ReplyKind.GAP,
            Clause.PROOF,
            r"没有规定页数的上限",
            id="pages",
        ),
        pytest.param(
            facts.answer_file_limits,
            "年度总结写了20页，页数有要求吗",
            ReplyKind.GAP,
            Clause.REPORT,
            r"年度总结报告.*没有规定页数",
            id="report-pages",
        ),
        pytest.param(
            facts.answer_file_format,
            "签到表我们是扫描成jpg的，能直接放吗",
            ReplyKind.COMPUTED,
            Clause.PROOF,
            r"格式限制为PDF.*jpg的要先转成PDF",
            id="format",
        ),
        pytest.param(
            written.answer_case_results,
            "案例写了服务企业50家、300人次，成效够了吗",
            ReplyKind.COMPUTED,
            Clause.CASE,
            r"还缺成果",
            id="case-missing",
        ),
    ],
)
def test_fact_answers(
    answer: Answer, text: str, kind: ReplyKind, clause: Clause, says: str
) -> None:
    """The stated fact is reasoned with: the verdict for it, and the clause that decides."""
    reply = answer(Query(text))
    assert reply is not None
    assert reply.kind is kind
    assert reply.clause == clause
    assert re.search(says, reply.text), reply.text


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        pytest.param(facts.answer_proof_count, "活动超过20场证明材料怎么弄", id="rule-20"),
        pytest.param(facts.answer_proof_count, "12场活动，证明材料什么格式", id="other-ask"),
        pytest.param(facts.answer_photo_count, "现场照片放几张", id="photos-no-count"),
        pytest.param(facts.answer_photo_count, "每场1-3张照片是吧", id="photos-rule"),
        pytest.param(facts.answer_attendance, "不到10人的活动算吗", id="people-rule"),
        pytest.param(facts.answer_attendance, "12场活动各有几十人，分类2选几项", id="several"),
        pytest.param(choices.answer_mandate, "工信部门委托的活动怎么界定", id="mandate-rule"),
        pytest.param(choices.answer_mandate, "服务中心委托的算不算", id="centre-faq"),
        pytest.param(facts.answer_file_limits, "证明材料什么格式", id="no-size"),
        pytest.param(facts.answer_file_format, "证明材料能传word吗", id="format-rule"),
        pytest.param(written.answer_case_results, "典型案例写几个", id="case-no-figures"),
    ],
)
def test_without_a_fact_the_faq_answers(answer: Answer, text: str) -> None:
    """A question stating no fact of the asker's own is left to the knowledge base."""
    assert answer(Query(text)) is None


def test_no_limit_is_invented() -> None:
    """Whatever size or page count is asked about, no MB or page limit is stated."""
    for text in ("PDF有50M行吗", "证明材料1G太大了吧", "证明材料99页会超吗", "pdf最大多少m"):
        reply = facts.answer_file_limits(Query(text))
        assert reply is not None
        assert not re.search(r"不(?:能|得)?超过\s*\d|\d+\s*(?:M|m|兆|页)以内", reply.text)


@pytest.fixture(scope="module")
def hint() -> choices.Category1Hint:
    from bot.guide.knowledge import load_knowledge

    return choices.Category1Hint(load_knowledge().lexicon.category1_words)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param("我们平台主要做专利和知识产权代理，分类1选哪个", "“知识产权保护”", id="one"),
        pytest.param("我们是做会计代账的，功能分类1选什么", "“财会税务”", id="words"),
        pytest.param(
            "我们主要提供法律和投融资服务，分类一怎么选", "“投资融资”、“法律咨询”", id="two"
        ),
    ],
)
def test_category1_option_is_pointed_to(hint: choices.Category1Hint, text: str, named: str) -> None:
    """The option whose name fits the stated business is named, the choice left to the asker."""
    reply = hint(Query(text))
    assert reply is not None
    assert reply.clause == Clause.CATEGORY1
    assert f"名称对得上的是{named}；" in reply.text
    assert "由你们按平台主要业务判断" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("分类1选哪个", id="no-business"),
        pytest.param("我们做养老的，分类1选哪个", id="nothing-fits"),
        pytest.param("我们做培训、法律、财税和展会，分类1选哪个", id="too-many"),
        pytest.param("我们做培训的，分类2选哪个", id="category2"),
    ],
)
def test_category1_hint_stays_out(hint: choices.Category1Hint, text: str) -> None:
    """No business stated, none or many options fitting, or 分类2: the FAQ answers."""
    assert hint(Query(text)) is None


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        pytest.param(facts.answer_photo_count, "手机里4张照片怎么拼成一张", id="photos-not-filing"),
        pytest.param(facts.answer_attendance, "今天来了8个人吃饭算多吗", id="people-not-filing"),
        pytest.param(facts.answer_attendance, "会不会有8个人来", id="hui-is-no-event"),
    ],
)
def test_numbers_outside_the_filing_are_not_reasoned_with(answer: Answer, text: str) -> None:
    """A number in a message about something else gets no rule of the guide applied to it."""
    assert answer(Query(text)) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(
            "知识产权保护属于分类1里的吗", "“知识产权保护”是服务功能分类1的16项之一", id="cat1"
        ),
        pytest.param("活动类别里有没有融资服务", "“融资服务”是活动类别的5项之一", id="activity"),
    ],
)
def test_an_option_of_a_closed_list(text: str, says: str) -> None:
    """An option asked about is found in the guide's closed list, which is quoted."""
    reply = choices.answer_option_membership(Query(text))
    assert reply is not None
    assert says in reply.text


def test_an_online_activity_is_handed_over_with_what_the_guide_states() -> None:
    """Online activities: the guide's rules for every activity, that it says nothing more, and
    the hand-off; without counts, no number is worked out."""
    reply = facts.answer_online(Query("线上办的讲座能算进汇总表吗"))
    assert reply is not None
    assert reply.kind is ReplyKind.GAP
    assert "此外没有别的规定" in reply.text
    assert CONSULT_PHONE in reply.text
    assert facts.answer_online(Query("在线填报系统在哪")) is None
