"""平台名称 （一）1: banned words and the 平台 ending, after normalisation."""

from __future__ import annotations

import pytest

from bot.checks.name import LONG_NAME, check_platform_name, clean_name
from bot.checks.result import Status

BANNED = "不得含“国家”“中国”“省级”“示范”等字样"
SUFFIX = "须以“平台”结尾"


def _status(name: str, rule: str) -> Status:
    result = check_platform_name(name)
    return next(o.status for o in result.outcomes if o.rule == rule)


def _reason(name: str, rule: str) -> str:
    result = check_platform_name(name)
    return next(o.reason for o in result.outcomes if o.rule == rule)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("常州市中小企业公共服务平台", id="plain"),
        pytest.param("  常州市中小企业公共服务平台  ", id="surrounding-spaces"),
        pytest.param("“常州市中小企业公共服务平台”", id="chinese-quotes"),
        pytest.param('"常州市中小企业公共服务平台"', id="ascii-quotes"),
        pytest.param("《常州市中小企业公共服务平台》", id="book-quotes"),
        pytest.param("常州市中小企业公共服务平臺", id="traditional-suffix"),
        pytest.param("ＡＢＣ科技服务平台", id="full-width-letters"),
        pytest.param("江苏省中小企业服务平台", id="province-name-is-not-shengji"),
        pytest.param("苏州工业园区知识产权服务平台", id="long-but-normal"),
    ],
)
def test_passing_names(name: str) -> None:
    """Names that keep both rules pass, with a clear ✅ and no ❌."""
    result = check_platform_name(name)
    assert result.ok
    assert result.verdict.startswith("✅")
    assert "❌" not in "\n".join(result.lines())
    assert "不符合" not in "\n".join(result.lines())


@pytest.mark.parametrize(
    ("name", "word"),
    [
        pytest.param("南京示范科技平台", "“示范”", id="shifan"),
        pytest.param("国家级科技服务平台", "“国家”", id="guojia"),
        pytest.param("中国南京科技服务平台", "“中国”", id="zhongguo"),
        pytest.param("省级中小企业服务平台", "“省级”", id="shengji"),
        pytest.param("國家科技服務平台", "“国家”", id="traditional"),
        pytest.param("示範企業平台", "“示范”", id="traditional-shifan"),
        pytest.param("中 国科技平台", "写成了“中 国”", id="split-by-space"),
        pytest.param("中\u3000国科技平台", "“中国”", id="split-by-ideographic-space"),
        pytest.param("中·国科技平台", "写成了“中·国”", id="split-by-dot"),
        pytest.param("中\u200b国科技平台", "“中国”", id="split-by-zero-width"),
        pytest.param("南京示 范 科技平台", "“示范”", id="split-twice"),
        pytest.param("ＣＨＩＮＡ中国平台", "“中国”", id="with-full-width"),
    ],
)
def test_banned_words_fail(name: str, word: str) -> None:
    """A banned word fails the name, also in traditional form or split by spaces."""
    assert _status(name, BANNED) is Status.FAIL
    assert word in _reason(name, BANNED)


def test_all_banned_words_are_named() -> None:
    """Every banned word in the name is listed, not just the first."""
    reason = _reason("中国国家省级示范平台", BANNED)
    for word in ("国家", "中国", "省级", "示范"):
        assert f"“{word}”" in reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("常州市中小企业公共服务平台。", "标点", id="trailing-full-stop"),
        pytest.param("常州市中小企业公共服务平台!", "标点", id="trailing-exclamation"),
        pytest.param("常州市中小企业公共服务平台（苏州）", "括号", id="bracket-after"),
        pytest.param("常州市中小企业公共服务平台(苏州)", "括号", id="ascii-bracket-after"),
        pytest.param("常州市中小企业公共服务平台【试】", "括号", id="square-bracket-after"),
        pytest.param("常州市中小企业公共服务中心", "单位的名称", id="unit-name"),
        pytest.param("常州市企业综合服务站", "没有“平台”", id="no-platform"),
        pytest.param("常州市中小企业平台服务中心", "后面还有", id="platform-in-middle"),
        pytest.param("常州市中小企业公共服务平 台", "空格", id="space-inside-suffix"),
        pytest.param("常州市中小企业公共服务平台😀", "后面还有", id="emoji-after"),
    ],
)
def test_suffix_fails(name: str, expected: str) -> None:
    """Anything after 平台 (punctuation, brackets, words) breaks the ending rule."""
    assert _status(name, SUFFIX) is Status.FAIL
    assert expected in _reason(name, SUFFIX)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("“”", id="only-quotes"),
        pytest.param(" ' \" ", id="quotes-and-spaces"),
    ],
)
def test_empty_name_fails_clearly(raw: str) -> None:
    """An empty name is one clear failure, not a crash or a pass."""
    result = check_platform_name(raw)
    assert not result.ok
    assert "没收到名称" in result.outcomes[0].reason


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        pytest.param("科" * (LONG_NAME + 1) + "平台", "名称太长", id="too-long"),
        pytest.param("平台", "名称太短", id="too-short"),
        pytest.param("中华科技服务平台", "类似字样", id="zhonghua"),
        pytest.param("全国中小企业服务平台", "类似字样", id="quanguo"),
        pytest.param("常州 中小企业平台", "名称里有空格", id="inner-space"),
    ],
)
def test_soft_warnings(name: str, rule: str) -> None:
    """Things the guide does not forbid outright are flagged ⚠️ for the user to confirm."""
    result = check_platform_name(name)
    outcome = next(o for o in result.outcomes if o.rule == rule)
    assert outcome.status is Status.WARN


def test_long_name_is_not_a_failure_by_itself() -> None:
    """The guide sets no length: a long name that keeps the rules has no ❌."""
    result = check_platform_name("科" * 80 + "平台")
    assert result.ok
    assert result.verdict.startswith("⚠️")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(" “ＡＢ平臺” ", "AB平台", id="quotes-width-traditional"),
        pytest.param("'「XX平台」'", "XX平台", id="nested-quotes"),
        pytest.param("XX平台", "XX平台", id="unchanged"),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    """Surrounding quotes and spaces go; width and script are folded."""
    assert clean_name(raw) == clean


def test_echo_is_cut() -> None:
    """A very long name is echoed shortened, so the reply stays short."""
    result = check_platform_name("科" * 500 + "平台")
    assert result.subject is not None
    assert len(result.subject) < 60
