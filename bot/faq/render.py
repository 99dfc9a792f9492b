"""The Chinese texts that report FAQ results: the `/faq` chat commands' replies, and the import
summary that `python -m bot faq import` prints too."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.faq import (
    AuditRecord,
    EntryState,
    ImportResult,
    MissedGroup,
    Page,
    Revision,
    UsageSummary,
)
from bot.guide.knowledge import Entry
from bot.guide.rules import GUIDE

REFUSAL = "只有管理员可以维护问答库。有填报问题可以直接问我。"
HISTORY_SHOWN = 10
SNIPPET = 40


def when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def snippet(text: str, limit: int = SNIPPET) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit and "\n" not in text.strip() else line[:limit] + "…"


def usage(cmd: str) -> str:
    """`cmd` is how the command is typed here, e.g. "/faq"."""
    return "\n".join(
        [
            "问答库维护命令（也可用 /问答 加中文，例如 /问答 添加）：",
            f"{cmd} add 问题（换行写答案）｜添加",
            f"{cmd} edit 编号（换行写新答案）｜修改",
            f"{cmd} alias 编号 新问法｜问法",
            f"{cmd} del 编号｜删除；{cmd} restore 编号｜恢复",
            f"{cmd} show 编号｜查看；{cmd} list [页码]｜列表；{cmd} search 关键词｜搜索",
            f"{cmd} history [编号]｜历史；{cmd} rollback 编号 版本｜回滚",
            f"{cmd} missed｜未答；{cmd} adopt 编号 [问答编号]｜采纳；{cmd} ignore 编号｜忽略",
            f"{cmd} export｜导出；{cmd} import（换行粘贴导出的文件）｜导入",
            f"{cmd} stats [天数]｜统计（问得最多、没用上的问答，没答上的个数，最忙的时段）",
        ]
    )


def added(entry: Entry, cmd: str) -> str:
    return (
        f"已添加问答 {entry.id}：{entry.question}\n"
        f"现在就能回答了。改答案发 {cmd} edit {entry.id}"
    )


def edited(entry: Entry) -> str:
    return f"已修改问答 {entry.id} 的答案，现在就生效。"


def aliased(entry: Entry, paraphrase: str) -> str:
    return f"已给问答 {entry.id} 添加问法：{paraphrase}（共{len(entry.texts)}种问法）"


def deleted(state: EntryState, cmd: str) -> str:
    return f"已删除问答 {state.id}，不再回答。要恢复发 {cmd} restore {state.id}"


def restored(state: EntryState) -> str:
    return f"已恢复问答 {state.id}，现在就能回答了。"


def rolled_back(state: EntryState, version: int) -> str:
    where = "内置文件的版本" if version == 0 else f"版本{version}"
    hidden = "（这个版本是删除状态，所以现在不回答）" if state.hidden else ""
    return f"已把问答 {state.id} 回滚到{where}，记为版本{state.version}。{hidden}"


_SOURCE = {"shipped": "内置", "override": "管理员修改过的内置问答", "admin": "管理员添加"}


def show(state: EntryState, cmd: str) -> str:
    entry = state.entry
    head = f"问答 {state.id}（版本{state.version}，{_SOURCE[state.source]}）"
    if state.hidden:
        head += "［已删除］"
    if entry is None:
        return f"{head}\n内置文件里已经没有这条了。"
    lines = [head, f"问题：{entry.question}"]
    if entry.paraphrases:
        lines.append("其他问法：" + "；".join(entry.paraphrases))
    if entry.kind == "gap":
        lines.append("类型：指南没写的问题（转咨询电话）")
    lines.append("答案：\n" + entry.answer)
    if entry.clause:
        lines.append(f"依据：{GUIDE}{entry.clause}")
    if state.shipped_changed:
        lines.append(
            "注意：内置文件里的这条在管理员修改之后更新过，现在仍用管理员的版本。"
            f"要改用文件里的版本，发 {cmd} rollback {state.id} 0"
        )
    elif state.shipped_removed:
        lines.append("注意：内置文件里已经没有这条，现在用的是管理员保存的版本。")
    return "\n".join(lines)


def page(result: Page, cmd: str) -> str:
    lines = [f"问答列表 第{result.page}/{result.pages}页（共{result.total}条）："]
    for state in result.items:
        assert state.entry is not None
        mark = "［已删除］" if state.hidden else ""
        lines.append(f"{state.id}{mark}：{state.entry.question}")
    if result.page < result.pages:
        lines.append(f"下一页发 {cmd} list {result.page + 1}")
    return "\n".join(lines)


def search(keyword: str, found: Sequence[EntryState]) -> str:
    if not found:
        return f"没有找到和“{keyword}”有关的问答。"
    lines = [f"和“{keyword}”有关的问答："]
    for state in found:
        assert state.entry is not None
        mark = "［已删除］" if state.hidden else ""
        lines.append(f"{state.id}{mark}：{state.entry.question}")
        lines.append(f"  答：{snippet(state.entry.answer)}")
    return "\n".join(lines)


def history(state: EntryState, revisions: Sequence[Revision]) -> str:
    lines = [f"问答 {state.id} 的修改记录："]
    if state.shipped is not None:
        lines.append("版本0：内置文件")
    if not revisions:
        lines.append("还没有管理员修改过。")
    shown = revisions[-HISTORY_SHOWN:]
    if len(shown) < len(revisions):
        lines.append(f"（只列最近{HISTORY_SHOWN}次，共{len(revisions)}次）")
    for rev in shown:
        who = f"{when(rev.created_at)} {rev.actor}（{rev.place}）"
        lines.append(f"版本{rev.version}：{who}{rev.note}")
        before, after = rev.before, rev.after
        if before is not None and after is not None and before.answer != after.answer:
            lines.append(f"  原答案：{snippet(before.answer)}")
            lines.append(f"  新答案：{snippet(after.answer)}")
        elif before is None and after is not None and rev.action in ("add", "adopt", "import"):
            lines.append(f"  答案：{snippet(after.answer)}")
    return "\n".join(lines)


def audit(records: Sequence[AuditRecord]) -> str:
    if not records:
        return "还没有任何修改记录。"
    lines = ["最近的修改记录："]
    for r in records:
        target = f" {r.entry_id}" if r.entry_id else ""
        version = f" 版本{r.version}" if r.version else ""
        lines.append(f"{when(r.created_at)} {r.actor}（{r.place}）{target}{version} {r.summary}")
    return "\n".join(lines)


def missed(groups: Sequence[MissedGroup], cmd: str) -> str:
    if not groups:
        return "目前没有没答上的问题。"
    lines = ["没答上的问题（问得多的在前）："]
    for g in groups:
        lines.append(f"编号{g.number}：{snippet(g.sample)}（{g.count}次，最近 {when(g.last_at)}）")
    lines.append(
        f"并入已有问答发 {cmd} adopt 编号 问答编号；做成新问答发 {cmd} adopt 编号，换行写答案；"
        f"不用管的发 {cmd} ignore 编号"
    )
    return "\n".join(lines)


def usage_report(summary: UsageSummary, title: str, cmd: str) -> str:
    """`/faq stats`, the weekly digest and `python -m bot stats`: `title` names the period."""
    span = "至".join(
        time.strftime("%m-%d", time.localtime(t)) for t in (summary.since, summary.until)
    )
    total = summary.answered + summary.missed
    if total == 0:
        return f"{title}（{span}）：没有人提问。"
    counts = f"共{total}个问题，答上{summary.answered}个，没答上{summary.missed}个"
    lines = [f"{title}（{span}）：{counts}。"]
    if summary.most_asked:
        lines.append("用得最多的问答：")
        lines += [
            f"{i}. {u.entry_id}：{snippet(u.question, 24)}（{u.hits}次）"
            for i, u in enumerate(summary.most_asked, 1)
        ]
    if summary.unhelpful:
        lines.append("这段时间一次也没用上的问答（举例）：")
        lines += [
            f"{u.entry_id}：{snippet(u.question, 24)}"
            f"（{'从未用上' if u.last_hit_at is None else '上次 ' + when(u.last_hit_at)}）"
            for u in summary.unhelpful
        ]
    if summary.busiest_hours:
        hours = "、".join(
            f"{h.hour}点至{h.hour + 1}点 {h.total}个" for h in summary.busiest_hours[:3]
        )
        lines.append(f"提问最多的时段：{hours}")
    if summary.missed:
        lines.append(f"没答上的问题发 {cmd} missed 查看，可以采纳进问答库。")
    return "\n".join(lines)


def adopted(number: int, entry: Entry, new: bool) -> str:
    if new:
        return f"已把未答问题{number}做成新问答 {entry.id}：{entry.question}"
    return f"已把未答问题{number}并入问答 {entry.id}，作为新问法。"


def ignored(group: MissedGroup) -> str:
    return f"已忽略未答问题{group.number}：{snippet(group.sample)}"


def imported(result: ImportResult) -> str:
    if result.total_changes == 0:
        return f"导入完成：{result.unchanged}条都和现在一样，没有改动。"
    return (
        f"导入完成：新增{result.added}条，修改{result.changed}条，删除{result.hidden}条，"
        f"未变{result.unchanged}条。现在就生效。"
    )


def ask_answer(subject: str, timeout: int) -> str:
    return f"请发送{subject}的答案（可以多行）；发“取消”放弃。{timeout}秒内有效。"


def dialog_timed_out(timeout: int, cmd: str) -> str:
    return f"{timeout}秒内没有收到答案，已取消，问答库没有改动。需要时请重新发 {cmd} 命令。"


CANCELLED = "已取消，问答库没有改动。"


def failed(cmd: str) -> str:
    return f"处理时出错了，请稍后再试。是否已经改动，可以发 {cmd} history 查看。"
