"""The proof PDF of guide （二）, as far as its text and pictures show it.

（二） says: one document, PDF; it holds the summary table (附件1), and for each activity its
notice, sign-in sheet and 1-3 photos, matching one to one; a unit with more than 20 activities
provides proof for 20. From the file the bot can see which pages carry text, which words they
carry (汇总表, a notice's title, 签到) and how many pictures each page has. Activities are cut
at each notice; the notices' titles are looked up in the summary table's text to compare the
order. A scanned page is pictures only: what is on it is said to be unverifiable, never guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.files.pdf import Page, Pdf
from bot.guide.rules import MAX_PROOF_ACTIVITIES
from bot.reply import Reply, ReplyKind

CLAUSE = "（二）"
TITLE = "证明材料PDF检查"
MIN_PHOTOS, MAX_PHOTOS = 1, 3
"""（二）: 1-3张现场照片 per activity."""
UNVERIFIABLE = (
    "我核对不了：照片是不是活动现场、签到表上签了多少人、只有图片的页面上写了什么（包括盖章）。"
)
_SUMMARY_WORDS = ("序号", "活动名称", "主办单位", "承办单位", "参加企业数", "活动类别", "工信部门")
_NOTICE_TITLE = re.compile(r"^.{0,60}通\s*知\s*$|^关于.{2,80}的\s*通\s*知")
_NOTICE_NAME = re.compile(r"关于(?:举办|召开|开展|组织|举行|参加)?(.{2,60}?)的\s*通\s*知")
_SIGN_IN = re.compile(r"签\s*到")
_HEAD_LINES = 8
_MATCH_SCORE = 80


@dataclass
class Activity:
    notice: Page
    name: str
    pages: list[Page] = field(default_factory=list)

    @property
    def sign_in(self) -> Page | None:
        return next((p for p in self.pages if p is not self.notice and _is_sign_in(p)), None)

    @property
    def photos(self) -> int:
        return sum(p.pictures for p in self.pages if p is not self.notice and not _is_sign_in(p))

    @property
    def span(self) -> str:
        first, last = self.pages[0].number, self.pages[-1].number
        return f"第{first}页" if first == last else f"第{first}–{last}页"


def _is_sign_in(page: Page) -> bool:
    return _SIGN_IN.search(page.text) is not None


def _is_summary(page: Page) -> bool:
    flat = "".join(page.text.split())
    return "汇总表" in flat or sum(word in flat for word in _SUMMARY_WORDS) >= 4


def _notice_name(page: Page) -> str | None:
    """The activity named by the notice that starts on `page`, '' if unnamed; None: no notice."""
    lines = [line.strip() for line in page.text.splitlines() if line.strip()][:_HEAD_LINES]
    for index, line in enumerate(lines):
        if _NOTICE_TITLE.search(line):
            title = "".join(lines[max(0, index - 1) : index + 1])
            m = _NOTICE_NAME.search("".join(title.split()))
            return m.group(1) if m else ""
    return None


def activities(pdf: Pdf) -> tuple[list[Page], list[Activity]]:
    """Pages of the summary table, and the activities cut at each notice."""
    summary = [p for p in pdf.pages if _is_summary(p) and _notice_name(p) is None]
    found: list[Activity] = []
    for page in pdf.pages:
        if page in summary:
            continue
        name = _notice_name(page)
        if name is not None:
            found.append(Activity(page, name))
        if found:
            found[-1].pages.append(page)
    return summary, found


def check_proof(pdf: Pdf) -> Reply:
    """What （二） asks of the proof PDF, rule by rule, and what could not be seen."""
    head = f"共{pdf.total}页"
    text_pages = sum(p.has_text for p in pdf.pages)
    if pdf.scanned:
        lines = [
            f"{TITLE}：⚠️ 这份PDF{'是扫描件或图片，' if pdf.pictures else ''}没有可读的文字",
            f"{head}，图片{pdf.pictures}张。",
            f"✅ 整合成一个PDF文件（见指南{CLAUSE}）",
            "汇总表、通知、签到表在不在，照片和活动是否一一对应，是否超过"
            f"{MAX_PROOF_ACTIVITIES}场，都要看文字才能核对，请对照指南{CLAUSE}自己核对。",
        ]
        return Reply(ReplyKind.CHECK, "\n".join(lines), clause=CLAUSE)
    summary, found = activities(pdf)
    images_only = len(pdf.pages) - text_pages
    subject = f"{head}：有文字的{text_pages}页"
    if images_only:
        subject += f"，只有图片的{images_only}页"
    subject += f"；图片{pdf.pictures}张。按通知分出{len(found)}场活动。"
    if len(pdf.pages) < pdf.total:
        subject += f"（页数太多，我只看了前{len(pdf.pages)}页。）"
    rules = [
        f"✅ 整合成一个PDF文件（见指南{CLAUSE}）",
        _summary_rule(summary),
        *_activity_rules(found),
    ]
    if found:
        rules.append(_order_rule(summary, found))
    body = [TITLE, subject, *rules, UNVERIFIABLE]
    body[0] = f"{TITLE}：{_verdict(rules)}"
    detail = [
        f"第{i}场「{a.name or '没认出名称'}」{a.span}：通知第{a.notice.number}页；"
        + (f"签到表第{a.sign_in.number}页" if a.sign_in else "没认出签到表")
        + f"；图片{a.photos}张"
        for i, a in enumerate(found, 1)
    ]
    return Reply(
        ReplyKind.CHECK,
        "\n".join(body),
        clause=CLAUSE,
        detail=("逐场明细：\n" + "\n".join(detail)) if detail else None,
    )


def _pages(pages: Sequence[Page]) -> str:
    numbers = [str(p.number) for p in pages[:5]]
    return "第" + "、".join(numbers) + ("等" if len(pages) > 5 else "") + "页"


def _summary_rule(summary: Sequence[Page]) -> str:
    if summary:
        return f"✅ 含服务活动汇总表：{_pages(summary)}"
    return "⚠️ 含服务活动汇总表（附件1）：没找到“汇总表”字样或它的表头，请确认放进去了"


def _activity_rules(found: Sequence[Activity]) -> list[str]:
    if not found:
        return [
            "⚠️ 每场活动有通知、签到表、照片：没认出通知（标题含“通知”的页；扫描的通知我认不出），"
            "每场的材料是否一一对应我核对不了"
        ]
    rules = [f"✅ 每场有通知：找到{len(found)}份（{_pages([a.notice for a in found])}）"]
    no_sign_in = [a for a in found if a.sign_in is None]
    rules.append(
        _listed("每场有签到表", no_sign_in, found, "没认出签到表（扫描的签到表我认不出）")
        if no_sign_in
        else f"✅ 每场有签到表：{len(found)}场都找到了"
    )
    # A scanned sign-in sheet is a picture too: without a recognised one, allow one more.
    wrong = [
        a for a in found if a.photos < MIN_PHOTOS or a.photos > MAX_PHOTOS + (a.sign_in is None)
    ]
    rule = f"每场{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片"
    rules.append(
        _listed(rule, wrong, found, None) if wrong else f"✅ {rule}：每场的图片数都在范围内"
    )
    if len(found) > MAX_PROOF_ACTIVITIES:
        rules.append(
            f"⚠️ 超过{MAX_PROOF_ACTIVITIES}场只提供{MAX_PROOF_ACTIVITIES}场的证明材料："
            f"这份有{len(found)}份通知，其余的活动在汇总表里填写即可"
        )
    else:
        rules.append(f"✅ 证明材料不超过{MAX_PROOF_ACTIVITIES}场：{len(found)}场")
    return rules


def _listed(
    rule: str, items: Sequence[Activity], found: Sequence[Activity], reason: str | None
) -> str:
    """A warning naming the first few activities that break `rule` by their place in `found`."""
    parts = [
        f"第{_index(found, a)}场（{a.span}）" + (reason or f"有{a.photos}张图片") for a in items[:3]
    ]
    more = f"等{len(items)}场" if len(items) > 3 else ""
    return f"⚠️ {rule}：" + "；".join(parts) + more


def _index(found: Sequence[Activity], item: Activity) -> int:
    return next(i for i, a in enumerate(found, 1) if a is item)


def _order_rule(summary: Sequence[Page], found: Sequence[Activity]) -> str:
    rule = "活动顺序与汇总表一致"
    if not summary:
        return f"⚠️ {rule}：没找到汇总表，顺序核对不了"
    from rapidfuzz import fuzz

    table = "".join("".join(p.text for p in summary).split())
    positions: list[tuple[int, Activity]] = []
    unknown: list[str] = []
    for activity in found:
        if len(activity.name) < 2:
            continue
        match = fuzz.partial_ratio_alignment(activity.name, table, score_cutoff=_MATCH_SCORE)
        if match is None:
            unknown.append(activity.name)
        else:
            positions.append((match.dest_start, activity))
    late = [
        (earlier, later) for (p1, earlier), (p2, later) in itertools.pairwise(positions) if p2 < p1
    ]
    if late:
        first, second = late[0]
        return (
            f"⚠️ {rule}：「{second.name}」在汇总表里排在「{first.name}」前面，"
            f"证明材料里却在后面（见指南{CLAUSE}一一对应）"
        )
    if unknown:
        shown = "、".join(f"「{n}」" for n in unknown[:3])
        return f"⚠️ {rule}：汇总表里没找到{shown}{'等' if len(unknown) > 3 else ''}，请核对"
    if len(positions) < 2:
        return f"⚠️ {rule}：能对上的活动不到2场，顺序核对不了"
    return f"✅ {rule}：{len(positions)}场都在汇总表里找到，顺序一致"


def _verdict(lines: Sequence[str]) -> str:
    """The verdict over the rule lines (the PDF's rules are lines, not `RuleOutcome`s)."""
    failures = sum(line.startswith("❌") for line in lines)
    warnings = sum(line.startswith("⚠️") for line in lines)
    if failures:
        return f"❌ 不符合，有{failures}处要改"
    if warnings:
        return f"⚠️ 有{warnings}处请你核对"
    return "✅ 符合要求"
