"""Rule checks of pasted drafts: each rule of the guide answered with ✅/❌/⚠️, the reason and
the clause.

One module per check (`name`, `category`, `activities` with its per-row rules `row_rules` and
`mandate`, `case`, `summary`); what they read text with (`activity_table` into `rows`,
`fields`, `dates`, `figures`, `organisation`); the shared result model (`result`); and
`detect` with `name_request` for telling a check request from an ordinary question. This
module runs a request: `natural_intent` plugs the checks into `Assistant.reply`, the chat
commands call `run`, and file readers hand their rows to `check_activity_rows`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from bot.checks.activities import check_activities, check_activity_rows, reporting_year
from bot.checks.activity_table import LOOSE_EXAMPLE, Unparsed
from bot.checks.case import check_case
from bot.checks.category import (
    activity_counts,
    check_category1,
    check_category2,
    service_center,
    uncounted_activities,
)
from bot.checks.detect import CheckKind, Request, detect, detect_body
from bot.checks.fields import category_fields, name_fields
from bot.checks.name import check_platform_name
from bot.checks.result import CheckResult, RowVerdict, RuleOutcome, Status, to_reply
from bot.checks.rows import COLUMNS, Origin, SourceRow
from bot.checks.summary import check_summary
from bot.config import Settings
from bot.guide.rules import ACTIVITY_TABLE_COLUMNS, CASE_PARTS, CONSULT_PHONE
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

__all__ = [
    "COLUMNS",
    "NO_FILE",
    "CheckKind",
    "CheckResult",
    "Origin",
    "Request",
    "RowVerdict",
    "RuleOutcome",
    "SourceRow",
    "Status",
    "Unparsed",
    "check_activity_rows",
    "detect",
    "detect_body",
    "evaluate",
    "help_reply",
    "natural_intent",
    "reporting_year",
    "run",
    "to_reply",
]

log = logging.getLogger(__name__)

MAX_NAMES = 20
"""Names checked from one message; more lines than this are a paste of something else."""

EXAMPLE_NAME = "常州市中小企业公共服务平台"
HELP_TEXT = (
    "我可以按填报指南检查草稿，逐条标出✅或❌，说明原因和依据条款。发给我：\n"
    f"1. 平台名称：检查名称：{EXAMPLE_NAME}\n"
    "2. 服务功能分类：分类1选综合服务可以吗？或粘贴“服务功能分类2：信息咨询、市场营销，共8场活动”\n"
    "3. 活动汇总表：/检查活动 换行后粘贴从Excel或WPS复制的表格行，"
    f"或一行写一场，如“{LOOSE_EXAMPLE}”\n"
    f"4. 典型案例：/检查案例 后面粘贴案例全文（{'+'.join(CASE_PARTS)}）\n"
    "5. 年度总结：/检查总结 后面粘贴总结全文\n"
    "内容长的请私聊发我。"
)
NO_FILE = (
    "这条消息里没有文件，我没收到。要检查汇总表（Excel、WPS表格、csv、Word）或证明材料PDF："
    "私聊时直接把文件发给我；在群里回复你发的那个文件并@我，"
    "或者10分钟内把文件发到群里，我会看。"
    "也可以把表格行粘贴成文字：在Excel或WPS里选中表格（连表头）复制，"
    "发“/检查活动”后换行粘贴。"
)
"""The reply to "我刚传了汇总表，帮我看看" when the message itself carries no file."""
CATEGORY_USAGE = (
    "请写上所选的分类，例如：服务功能分类1：管理咨询，"
    "或“服务功能分类2：信息咨询、市场营销，共8场活动”"
)
USAGE: dict[CheckKind, str] = {
    CheckKind.NAME: f"请在后面写上平台名称，例如：/检查名称 {EXAMPLE_NAME}",
    CheckKind.ACTIVITIES: (
        "请在“/检查活动”后换行，粘贴从Excel或WPS复制的汇总表行"
        f"（{len(ACTIVITY_TABLE_COLUMNS)}列：{'、'.join(ACTIVITY_TABLE_COLUMNS)}），"
        f"或一行写一场，如“{LOOSE_EXAMPLE}”"
    ),
    CheckKind.CASE: f"请在“/检查案例”后面粘贴典型案例全文（按“{'+'.join(CASE_PARTS)}”写）",
    CheckKind.SUMMARY: "请在“/检查总结”后面粘贴年度总结全文",
    CheckKind.DRAFT: CATEGORY_USAGE,
    CheckKind.CATEGORY1: CATEGORY_USAGE,
    CheckKind.CATEGORY2: CATEGORY_USAGE,
    CheckKind.FILE: NO_FILE,
}


def help_reply(note: str = "") -> Reply:
    return Reply(ReplyKind.HELP, (note + "\n" if note else "") + HELP_TEXT)


def run(request: Request, *, year: int) -> Reply:
    """The reply to one check request; never raises, whatever the text."""
    try:
        return _run(request, year)
    except Exception:  # a bug in one rule must cost the user the check, not the reply
        log.exception("check %s failed", request.kind)
        return Reply(
            ReplyKind.CHECK,
            f"这段内容我没能检查完，请稍后再试，或打咨询电话 {CONSULT_PHONE}。",
        )


def _run(request: Request, year: int) -> Reply:
    body = request.body
    if request.kind is CheckKind.HELP:
        return help_reply("没看出要检查什么。" if body else "")
    if request.kind is CheckKind.FILE:
        return Reply(ReplyKind.HELP, NO_FILE)
    if not body.strip():
        return Reply(ReplyKind.HELP, USAGE[request.kind])
    if request.kind is CheckKind.NAME and len(body.splitlines()) > MAX_NAMES:
        return Reply(ReplyKind.HELP, f"一次最多检查{MAX_NAMES}个名称，请分几次发。")
    results = evaluate(request, year=year)
    if not results:
        return Reply(ReplyKind.HELP, USAGE[request.kind])
    return to_reply(results)


def evaluate(request: Request, *, year: int) -> list[CheckResult]:
    """The results of the checks `request` asks for (none for help and file mentions)."""
    body, context = request.body, request.context or request.body
    match request.kind:
        case CheckKind.NAME:
            names = [line for line in body.splitlines() if line.strip()][:MAX_NAMES]
            return [check_platform_name(n) for n in names]
        case CheckKind.CATEGORY1:
            return [check_category1(body, center=service_center(context))]
        case CheckKind.CATEGORY2:
            return [_category2(body, context)]
        case CheckKind.DRAFT:
            return _draft(body)
        case CheckKind.ACTIVITIES:
            return [check_activities(body, year=year)]
        case CheckKind.CASE:
            return [check_case(body)]
        case CheckKind.SUMMARY:
            return [check_summary(body)]
    return []


def _category2(selection: str, context: str) -> CheckResult:
    total, per_function = activity_counts(context)
    return check_category2(
        selection,
        activities=total,
        per_function=per_function,
        center=service_center(context),
        uncounted=uncounted_activities(context),
    )


def _draft(text: str) -> list[CheckResult]:
    """Every labelled field of a pasted basic-information block."""
    results = [check_platform_name(n) for n in name_fields(text)[:MAX_NAMES]]
    center = service_center(text)
    for number, selection in category_fields(text):
        if number == 1:
            results.append(check_category1(selection, center=center))
        else:
            results.append(_category2(selection, text))
    return results


def natural_intent(
    settings: Settings | None = None, *, today: Callable[[], date] = date.today
) -> Callable[[Query], Reply | None]:
    """The intent `Assistant.reply` tries first: a check reply for check requests, else None."""
    configured = settings.assistant_reporting_year if settings is not None else None

    def intent(query: Query) -> Reply | None:
        request = detect(query.raw)
        if request is None:
            return None
        return run(request, year=reporting_year(configured, today()))

    return intent
