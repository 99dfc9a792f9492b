"""Routing to humans: website trouble to 18652917911, unanswerable policy to 02583673201."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.assistant import Assistant
from bot.config import Settings
from bot.guide.handoff import (
    HandoffLexicon,
    TechRouter,
    gap_reply,
    load_handoff_lexicon,
    tech_reply,
)
from bot.guide.knowledge import KnowledgeError, load_knowledge
from bot.guide.rules import CONSULT_PHONE, TECH_PHONE
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

ROUTING_SET = Path(__file__).resolve().parents[1] / "data" / "handoff_routing.yaml"

EXPECTED: dict[str, Callable[[Reply], bool]] = {
    "tech": lambda r: r.kind is ReplyKind.TECH,
    "gap": lambda r: r.kind is ReplyKind.GAP,
    "filing": lambda r: r.kind is not ReplyKind.TECH,
    "chat": lambda r: r.kind in (ReplyKind.CHITCHAT, ReplyKind.OUT_OF_SCOPE),
}


def _routing_cases() -> list[tuple[str, str]]:
    raw = yaml.safe_load(ROUTING_SET.read_text(encoding="utf-8"))
    return [(label, text) for label, texts in raw.items() for text in texts]


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(), Settings())


@pytest.fixture(scope="module")
def router() -> TechRouter:
    return TechRouter(load_handoff_lexicon())


def test_routing_set_is_large_and_labelled() -> None:
    """The routing set holds at least 60 messages, every one under a known label."""
    cases = _routing_cases()
    assert len(cases) >= 60
    assert {label for label, _ in cases} == set(EXPECTED)


def test_routing_accuracy(assistant: Assistant) -> None:
    """At least 95% of the routing set is routed right through `Assistant.reply`."""
    cases = _routing_cases()
    wrong = [
        (label, text, assistant.reply(text).kind.value)
        for label, text in cases
        if not EXPECTED[label](assistant.reply(text))
    ]
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= 0.95, f"accuracy {accuracy:.1%}; misrouted: {wrong}"


def test_tech_and_consult_are_never_swapped(assistant: Assistant) -> None:
    """No technical message gets the consultation line and no filing question the tech line."""
    swapped = []
    for label, text in _routing_cases():
        kind = assistant.reply(text).kind
        if label == "tech" and kind is ReplyKind.GAP:
            swapped.append((label, text))
        if label in ("gap", "filing") and kind is ReplyKind.TECH:
            swapped.append((label, text))
    assert swapped == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("网站进不去", id="colloquial-cannot-enter"),
        pytest.param("验证码一直不对", id="captcha-wrong"),
        pytest.param("密碼忘了", id="traditional-chars"),
        pytest.param("登 录 不 了", id="spaced-out"),
        pytest.param("一个手机号能注册几个账号", id="two-account-words"),
        pytest.param("签到表上传一直失败", id="hard-trouble-beats-topic"),
        pytest.param("注册地在外省，系统登录不了", id="policy-phrase-plus-strong"),
    ],
)
def test_router_spots_website_trouble(router: TechRouter, text: str) -> None:
    """Technical trouble is recognised in colloquial, traditional and spaced-out forms."""
    assert router.is_technical(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("证明材料上传什么格式", id="upload-format"),
        pytest.param("注册公司是哪个代码", id="company-registration-code"),
        pytest.param("注册资本怎么填", id="registered-capital"),
        pytest.param("年度总结报告要上传吗", id="upload-without-trouble"),
        pytest.param("系统提示平台名称不能含示范", id="soft-trouble-on-topic"),
        pytest.param("利润500万怎么填", id="number-is-not-error-code"),
        pytest.param("有问题打什么电话", id="phone-question"),
    ],
)
def test_router_leaves_policy_questions_alone(router: TechRouter, text: str) -> None:
    """Policy questions that name a part of the website are not technical."""
    assert not router.is_technical(text)
    assert router(Query(text)) is None


def test_upload_trouble_gets_the_guides_first_step(router: TechRouter) -> None:
    """An upload failure is answered with the tech phone and the guide's PDF rule."""
    reply = router(Query("PDF传不上去"))
    assert reply is not None
    assert reply.kind is ReplyKind.TECH
    assert TECH_PHONE in reply.text
    assert "PDF" in reply.text
    assert "（二）" in reply.text


def test_login_trouble_gets_no_invented_step(router: TechRouter) -> None:
    """Where the guide gives no first step, the reply is the phone line alone."""
    reply = router(Query("登录不上去"))
    assert reply == tech_reply()
    assert reply.render().count("\n") == 1  # the text and the citation, nothing else


def test_tech_and_policy_replies_name_their_own_phone_only() -> None:
    """The tech reply names only 18652917911, the gap reply only 02583673201."""
    tech, policy = tech_reply("可先试试"), gap_reply()
    assert TECH_PHONE in tech.render()
    assert CONSULT_PHONE not in tech.render()
    assert CONSULT_PHONE in policy.render()
    assert TECH_PHONE not in policy.render()
    assert tech.handoff == "tech"
    assert policy.handoff == "consult"


def test_every_first_step_cites_a_known_clause() -> None:
    """First steps quote the guide: each cites a clause that exists in clauses.yaml."""
    clauses = load_knowledge().clauses
    lexicon = load_handoff_lexicon()
    assert lexicon.first_steps
    for step in lexicon.first_steps:
        assert step.clause in clauses
        assert step.clause in step.text


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param("tech_terms: [注册]\n", "strong", id="old-format"),
        pytest.param("strong: [验证码, '!!']\n", "strong", id="word-without-letters"),
        pytest.param("strong: [\n", "cannot be read", id="broken-yaml"),
    ],
)
def test_broken_lexicon_names_the_file(tmp_path: Path, content: str, fragment: str) -> None:
    """A malformed handoff.yaml stops loading with the file and the problem named."""
    path = tmp_path / "handoff.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_handoff_lexicon(path)
    assert "handoff.yaml" in str(info.value)
    assert fragment in str(info.value)


def test_shipped_lexicon_loads() -> None:
    """The shipped lexicon validates and has every list filled."""
    lexicon = load_handoff_lexicon()
    assert isinstance(lexicon, HandoffLexicon)
    for words in (lexicon.strong, lexicon.objects, lexicon.hard_troubles, lexicon.soft_troubles):
        assert words
