"""Shipped entries, actors and a database opener shared by the FAQ package's tests."""

from __future__ import annotations

from bot.faq.repository import Actor, FaqRepository
from bot.guide.knowledge import KNOWLEDGE_DIR, Entry, KnowledgeBase, Lexicon, load_clauses

ADMIN = Actor("90001", "私聊")
OTHER = Actor("90002", "群807645478")
CLAUSES = load_clauses(KNOWLEDGE_DIR / "clauses.yaml")

NAME = Entry(
    id="name-rule",
    clause="（一）1",
    question="平台名称有什么要求",
    paraphrases=("名称能写国家级吗",),
    answer="平台名称不得包含“国家”“中国”“省级”“示范”等字样，须以“平台”结尾。",
)
PDF = Entry(
    id="proof-format",
    clause="（二）",
    question="证明材料是什么格式",
    answer="服务活动证明材料整合成一个文档，格式限制为PDF。",
)
GAP = Entry(
    id="deadline",
    kind="gap",
    question="填报截止时间是什么时候",
    answer="填报指南没有写截止时间，请打咨询电话 02583673201 确认。",
)


def knowledge(*entries: Entry) -> KnowledgeBase:
    return KnowledgeBase(
        clauses=CLAUSES,
        entries={e.id: e for e in entries},
        lexicon=Lexicon(fillers=("请问", "老师")),
    )


SHIPPED = knowledge(NAME, PDF, GAP)

async def revision_count(repo: FaqRepository) -> int:
    """How many revisions the repository's database holds."""
    async with repo.storage.read() as conn, conn.execute("SELECT count(*) FROM revision") as cur:
        row = await cur.fetchone()
    return int(row[0])
