#!/usr/bin/env python3
"""Retrieval alone: time per question through `bot.retrieval.Retriever` as the knowledge grows.

    .venv/bin/python bench/retrieval.py [--sizes 100,300,1000,3000,10000] [--queries 1000]

For each size a synthetic knowledge base is built: the shipped entries plus made-up ones until
the size is reached, each with a question and two paraphrases written from the guide's own
vocabulary (fields, materials, service classes of 附件2), indexed with the shipped fillers and
synonyms exactly as `Assistant` does. Questions mix unseen paraphrases of entries, typos,
the questions of bench/questions.txt and off-topic text; pasted paragraphs of the guide
(100-400 characters) are timed apart, as they cost in proportion to their length. Every query
is timed alone (`search(text, limit=3)`) once in each of `--passes` passes over the whole set,
in wall-clock time and in CPU time of the thread; a question's time is its median over the
passes, which leaves out the moments another process had the core (this machine is shared:
single passes of the same code differ by a quarter). The p99 of each single pass is printed
too. Reported: index build time, p50/p99/max per question, pastes' p50/p99, and how p50 and
p99 grow relative to the smallest size. Target: question p99 <= 2 ms at 10,000 entries.
Seeded: the same run gives the same knowledge and queries.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.guide.knowledge import load_knowledge
from bot.guide.retrieval import Retriever

P99_TARGET_MS = 2.0

SUBJECTS = [
    "平台名称",
    "服务功能分类1",
    "服务功能分类2",
    "综合服务",
    "上年度资产",
    "上年度利润",
    "仪器和设备原值",
    "产业集群",
    "带动服务机构数量",
    "典型案例",
    "服务成效",
    "证明材料",
    "汇总表",
    "签到表",
    "现场照片",
    "活动通知",
    "年度总结报告",
    "活动类别",
    "承办单位",
    "主办单位",
    "参加企业数",
    "参与人数",
    "工信部门委托",
    "盖章的通知",
    "分类代码",
    "专场活动",
    "服务案例",
    "合作机构",
    "技术平台",
    "中小企业服务中心",
    "咨询电话",
    "填报咨询QQ群",
    "服务对象",
    "服务活动",
    "可持续运营模式",
    "服务模式创新",
]
SERVICE_CLASSES = [
    "信息服务",
    "投融资服务",
    "银行信贷服务",
    "信托服务",
    "基金服务",
    "证券服务",
    "小额贷款",
    "金融租赁",
    "风险投资",
    "典当",
    "信用征集与评价",
    "担保服务",
    "融资信息",
    "股权融资",
    "创业服务",
    "提供创业信息",
    "商务计划书编制",
    "创业培训",
    "政务代理",
    "创业辅导",
    "项目策划",
    "创业场地",
    "事务代理",
    "人才与培训服务",
    "经营管理",
    "专业技术人员服务",
    "人才服务",
    "技能评级",
    "职称评审",
    "资质评审",
    "职业中介",
    "劳务派遣",
    "员工培训",
    "人力资源培训",
    "信息化培训",
    "财税管理培训",
    "工业设计",
    "技术咨询",
    "知识产权",
    "节能降耗",
    "清洁生产",
    "产学研联合",
    "技术转移和成果转化",
    "创新资源共享",
    "质量检验检测",
    "原材料性能测试",
    "产品标准推广",
    "设备共享",
    "计算机网络服务",
    "管理信息化服务",
    "解决方案",
    "技术开发",
    "信息化应用",
    "战略管理咨询",
    "财务管理咨询",
    "市场营销咨询",
    "组织咨询",
    "税务服务",
    "会计服务",
    "审计服务",
    "展览展销",
    "贸易洽谈",
    "产品推介",
    "外贸代理",
    "市场考察与推荐",
    "法律诉讼",
    "法律援助",
    "公证服务",
    "仲裁服务",
    "调解服务",
    "债务清偿",
    "风险规避",
]
ASPECTS = [
    "怎么填",
    "有什么要求",
    "要不要盖章",
    "能不能用预计数",
    "写多少字",
    "放在哪一栏",
    "需要几份",
    "格式是什么",
    "算不算",
    "包括哪些",
    "可以空着吗",
    "填错了怎么改",
    "要附什么材料",
    "按什么口径统计",
    "和去年一样吗",
    "最多选几项",
]
TEMPLATES = [
    "{a}里的{b}{x}",
    "{b}相关的{a}{x}",
    "请问做{b}的平台，{a}{x}",
    "关于{b}，{a}到底{x}",
    "我们主要搞{b}，{a}{x}",
    "{a}（{b}）{x}？",
]
FILLERS = ["请问", "老师", "您好，", "麻烦问一下", "", "", ""]


def synthetic_entries(rng: random.Random, count: int) -> list[tuple[str, list[str], tuple]]:
    """(id, phrasings, (subject, class, aspect)) for `count` distinct made-up entries."""
    seen: set[tuple[str, str, str]] = set()
    out: list[tuple[str, list[str], tuple]] = []
    while len(out) < count:
        key = (rng.choice(SUBJECTS), rng.choice(SERVICE_CLASSES), rng.choice(ASPECTS))
        if key in seen:
            continue
        seen.add(key)
        a, b, x = key
        templates = rng.sample(TEMPLATES, 3)
        out.append((f"syn-{len(out)}", [t.format(a=a, b=b, x=x) for t in templates], key))
    return out


def typo(rng: random.Random, text: str) -> str:
    """One character dropped or swapped for a random common one."""
    if len(text) < 4:
        return text
    i = rng.randrange(len(text))
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice("的是在有和了做填报平台服务材料") + text[i + 1 :]


def make_queries(
    rng: random.Random,
    entries: Sequence[tuple[str, list[str], tuple]],
    real: Sequence[str],
    guide: str,
    count: int,
) -> list[tuple[str, bool]]:
    """(text, is_paste) pairs."""
    queries = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.35:
            a, b, x = rng.choice(entries)[2]
            text = rng.choice(FILLERS) + rng.choice(TEMPLATES).format(a=a, b=b, x=x)
        elif kind < 0.55:
            text = typo(rng, rng.choice(rng.choice(entries)[1]))
        elif kind < 0.8:
            text = rng.choice(real)
        elif kind < 0.92:
            size = rng.randint(4, 30)
            text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(size))
        else:
            start = rng.randrange(max(1, len(guide) - 400))
            queries.append((guide[start : start + rng.randint(100, 400)], True))
            continue
        queries.append((text, False))
    return queries


def percentile(sorted_values: Sequence[float], p: float) -> float:
    return sorted_values[max(0, math.ceil(p * len(sorted_values)) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="100,300,1000,3000,10000")
    ap.add_argument("--queries", type=int, default=1000, help="timed questions per size")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=3, help="timings per query (median kept)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    knowledge = load_knowledge()
    shipped = [(e.id, list(e.texts)) for e in knowledge.entries.values()]
    lexicon = knowledge.lexicon
    real = [
        line.strip()
        for line in (ROOT / "bench" / "questions.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    guide = "".join(c.text for c in knowledge.clauses.values())
    rng = random.Random(args.seed)
    pool = synthetic_entries(rng, max(sizes))

    print(
        f"{'entries':>8} {'docs':>7} {'build s':>8} | question {'p50':>6} {'p99':>6} {'max':>6}"
        f" {'p99 cpu':>7} | paste {'p50':>6} {'p99':>6}   (ms)"
    )
    rows = []
    for size in sizes:
        made = pool[: max(0, size - len(shipped))]
        items = [*shipped, *((i, p) for i, p, _ in made)][:size]
        t0 = time.perf_counter()
        retriever = Retriever(
            items,
            lexicon.fillers,
            getattr(lexicon, "synonyms", None),
            getattr(lexicon, "siblings", ()),
        )
        build = time.perf_counter() - t0
        queries = make_queries(
            random.Random(args.seed + size), made or pool[:50], real, guide, args.queries
        )
        for q, _ in queries[:50]:  # warm caches (pinyin, regexes) as a running bot has them
            retriever.search(q, limit=3)
        gc.collect()
        # times[i][k]: wall and CPU milliseconds of query i in pass k.
        times: list[list[tuple[float, float]]] = [[] for _ in queries]
        for _ in range(args.passes):
            for i, (q, _paste) in enumerate(queries):
                t, c = time.perf_counter(), time.thread_time()
                retriever.search(q, limit=3)
                times[i].append(((time.perf_counter() - t) * 1000, (time.thread_time() - c) * 1000))
        asked = [t for t, (_, paste) in zip(times, queries, strict=True) if not paste]
        pasted = [t for t, (_, paste) in zip(times, queries, strict=True) if paste]
        wall = sorted(statistics.median(w for w, _ in t) for t in asked)
        cpu = sorted(statistics.median(c for _, c in t) for t in asked)
        pastes = sorted(statistics.median(w for w, _ in t) for t in pasted)
        single = [percentile(sorted(t[k][0] for t in asked), 0.99) for k in range(args.passes)]
        docs = sum(len(set(p)) for _, p in items)
        row = (size, percentile(wall, 0.5), percentile(wall, 0.99), wall[-1])
        rows.append(row)
        print(
            f"{size:>8} {docs:>7} {build:>8.2f} |          {row[1]:>6.3f} {row[2]:>6.3f}"
            f" {row[3]:>6.2f} {percentile(cpu, 0.99):>7.3f} |       "
            f"{percentile(pastes, 0.5):>6.2f} {percentile(pastes, 0.99):>6.2f}"
            f"   | single-pass p99 {' '.join(f'{x:.3f}' for x in single)}",
            flush=True,
        )

    base = rows[0]
    print(f"\ngrowth of question times relative to {base[0]} entries:")
    for size, p50, p99, _ in rows:
        print(f"{size:>8}: p50 x{p50 / base[1]:.2f}, p99 x{p99 / base[2]:.2f}")
    largest = rows[-1]
    verdict = "met" if largest[2] <= P99_TARGET_MS else "MISSED"
    print(
        f"question p99 at {largest[0]} entries: {largest[2]:.3f} ms (target <= {P99_TARGET_MS} "
        f"ms: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
