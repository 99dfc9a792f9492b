"""The proof PDF of guide （二）: summary table, notices, sign-in sheets, photos, order, count."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pytest

from bot.files import check_file
from bot.files.limits import CANNOT_OPEN, ENCRYPTED
from bot.guide.rules import MAX_PROOF_ACTIVITIES
from tests.core.files.pdfgen import PageSpec, pdf

YEAR = 2024
PHOTO = (400, 300)
NAMES = ["政策宣讲会", "融资对接会", "数字化转型培训", "专利申报辅导", "市场拓展沙龙"]


def summary_page(names: Sequence[str]) -> PageSpec:
    rows = [
        f"{i} 2024.{i}.5 南京 {n} 本平台 本平台 讲解 12 30 培训服务 否"
        for i, n in enumerate(names, 1)
    ]
    header = (
        "序号 时间 地点 活动名称 主办单位 承办单位 主要内容 参加企业数 人数 活动类别 "
        "是否工信部门委托的活动"
    )
    return PageSpec(["服务活动汇总表", header, *rows])


def activity_pages(
    name: str, *, photos: int = 2, sign_in: bool = True, scanned_sign_in: bool = False
) -> list[PageSpec]:
    pages = [PageSpec([f"关于举办{name}的通知", "各有关企业：", "现将有关事项通知如下。"])]
    if sign_in:
        pages.append(PageSpec([f"{name}签到表", "序号 姓名 单位 电话"]))
    if scanned_sign_in:
        pages.append(PageSpec([], [(1200, 1700)]))
    pages.append(PageSpec(["活动现场照片"], [PHOTO] * photos))
    return pages


def proof(
    names: Sequence[str] = NAMES[:3], *, table: Sequence[str] | None = None, **each: object
) -> bytes:
    pages = [summary_page(names if table is None else table)]
    for name in names:
        pages.extend(activity_pages(name, **each))  # type: ignore[arg-type]
    return pdf(pages)


def check(data: bytes) -> str:
    return check_file("证明材料.pdf", data, year=YEAR).render()


def rule(text: str, name: str) -> str:
    return next((line for line in text.splitlines() if re.match(rf"^(✅|❌|⚠️) {name}", line)), "")


def test_complete_proof_passes() -> None:
    """Summary table, then per activity a notice, a sign-in sheet and 2 photos: all ✅."""
    text = check(proof())
    assert text.startswith("证明材料PDF检查：✅ 符合要求"), text
    assert "按通知分出3场活动" in text
    assert rule(text, "活动顺序与汇总表一致").startswith("✅")
    assert "第2场「融资对接会」第5–7页：通知第5页；签到表第6页；图片2张" in text


def test_what_cannot_be_seen_is_said() -> None:
    """The reply says plainly what a PDF cannot show."""
    assert "我核对不了：照片是不是活动现场、签到表上签了多少人" in check(proof())


def test_no_invented_limits() -> None:
    """No size or page limit the guide does not give appears in the reply."""
    text = check(proof())
    assert not re.search(r"\d+\s*(?:MB|M|兆|KB)|不超过\d+页|\d+页以内", text)


def test_scanned_pdf_is_said_to_be_scanned() -> None:
    """A PDF of pictures only says it has no text and what could therefore not be checked."""
    text = check(pdf([PageSpec([], [(1200, 1700)])] * 4))
    assert "扫描件或图片，没有可读的文字" in text
    assert "图片4张" in text
    assert "请对照指南（二）自己核对" in text


def test_missing_summary_table() -> None:
    """Without 汇总表 pages the rule warns and the order cannot be checked."""
    pages = [p for name in NAMES[:2] for p in activity_pages(name)]
    text = check(pdf(pages))
    assert rule(text, "含服务活动汇总表").startswith("⚠️")
    assert "没找到汇总表，顺序核对不了" in text


def test_missing_sign_in_named_by_activity() -> None:
    """An activity without a sign-in page is named with its pages."""
    pages = [
        summary_page(NAMES[:2]),
        *activity_pages(NAMES[0]),
        *activity_pages(NAMES[1], sign_in=False),
    ]
    text = check(pdf(pages))
    assert "第2场（第5–6页）没认出签到表" in rule(text, "每场有签到表")


@pytest.mark.parametrize(
    ("photos", "sign_in", "scanned", "ok"),
    [
        (1, True, False, True),
        (3, True, False, True),
        (4, True, False, False),
        (0, True, False, False),
        (3, False, True, True),
        (5, False, True, False),
    ],
    ids=["one", "three", "four", "none", "three-plus-scanned-sign-in", "five-plus-scan"],
)
def test_photo_count(photos: int, sign_in: bool, scanned: bool, ok: bool) -> None:
    """1-3 pictures per activity; a scanned sign-in sheet may be one more picture."""
    text = check(proof(photos=photos, sign_in=sign_in, scanned_sign_in=scanned))
    assert rule(text, "每场1-3张现场照片").startswith("✅" if ok else "⚠️"), text


def test_pictures_in_forms_count_and_icons_do_not() -> None:
    """A photo wrapped in a form XObject counts; a 32-pixel icon does not."""
    pages = [
        summary_page(NAMES[:1]),
        PageSpec([f"关于举办{NAMES[0]}的通知"], [(32, 32)]),
        PageSpec(["签到表"]),
        PageSpec(["照片"], [(16, 16)], form_pictures=[PHOTO, PHOTO]),
    ]
    assert "图片2张" in check(pdf(pages))


def test_more_than_twenty_activities() -> None:
    """More proof than 20 activities is flagged: only 20 are needed."""
    names = [f"第{i}期企业沙龙" for i in range(1, MAX_PROOF_ACTIVITIES + 3)]
    text = check(proof(names, photos=1))
    assert f"这份有{MAX_PROOF_ACTIVITIES + 2}份通知" in rule(text, "超过20场")


def test_order_differs_from_summary_table() -> None:
    """Proof in another order than the summary table names the pair."""
    text = check(proof(NAMES[:3], table=[NAMES[1], NAMES[0], NAMES[2]]))
    line = rule(text, "活动顺序与汇总表一致")
    assert line.startswith("⚠️")
    assert "「政策宣讲会」在汇总表里排在「融资对接会」前面" not in line
    assert "「融资对接会」在汇总表里排在「政策宣讲会」前面" in line


def test_activity_missing_from_summary_table() -> None:
    """A notice whose activity the summary table does not list is named."""
    text = check(proof(NAMES[:3], table=NAMES[:2]))
    assert "汇总表里没找到「数字化转型培训」" in rule(text, "活动顺序与汇总表一致")


def test_no_notices() -> None:
    """A PDF with text but no notice says the one-to-one match could not be checked."""
    text = check(pdf([summary_page(NAMES[:2]), PageSpec(["活动照片"], [PHOTO])]))
    assert "没认出通知" in text


def test_encrypted_pdf() -> None:
    """A PDF with an open password gets the password line."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(proof()))
    writer.encrypt(user_password="1234", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert check_file("证明材料.pdf", out.getvalue(), year=YEAR).text == ENCRYPTED


def test_permissions_only_pdf_is_read() -> None:
    """A PDF restricted by an owner password only (no open password) is checked normally."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(proof()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert check(out.getvalue()).startswith("证明材料PDF检查：✅")


@pytest.mark.parametrize("fraction", [0.2, 0.6, 0.97], ids=str)
def test_cut_pdf_cannot_be_opened(fraction: float) -> None:
    """A PDF missing its end (an interrupted download) gets the cannot-open line."""
    data = proof()
    assert check_file("a.pdf", data[: int(len(data) * fraction)], year=YEAR).text == CANNOT_OPEN


def test_annual_summary_pdf_gets_the_summary_check() -> None:
    """A PDF with the 附件3 outline and no proof pages is checked as an annual summary."""
    outline = [
        "一、服务经验及做法",
        "1、服务模式创新方面",
        "全年服务企业300家、1200人次。",
        "二、服务成效",
        "帮助企业获得贷款3000万元。",
        "三、在对中小微企业服务中存在的问题和工作建议",
        "四、下一年度工作计划",
    ]
    text = check(pdf([PageSpec(outline)]))
    assert "看起来是年度总结" in text
