"""The FAQ as a file: the effective entries written in the format of `knowledge/faq/*.yaml`,
and such a file read back and checked whole before anything is stored (`/faq export`,
`/faq import`, `python -m bot faq export|import`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from bot.faq.errors import ImportFailedError
from bot.guide.knowledge import Entry, EntryFile, KnowledgeBase, KnowledgeError, validate_entry

EXPORT_TOPIC = "全部问答（导出）"


def export_yaml(entries: Mapping[str, Entry]) -> str:
    """`entries` as a knowledge file, with a header saying what it is and how to import it."""
    header = (
        f"# 填报助手问答导出：内置文件加管理员修改，共 {len(entries)} 条。\n"
        "# 可替换 knowledge/faq/ 下的文件提交；用 /faq import 导回得到同样的问答。\n"
    )
    body = {"topic": EXPORT_TOPIC, "entries": [_export_item(e) for e in entries.values()]}
    return header + yaml.dump(
        body, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=1000
    )


def parse_import(text: str, shipped: KnowledgeBase, answer_max_chars: int) -> dict[str, Entry]:
    """Every entry of an exported file by id; raises `ImportFailedError` saying what is wrong."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportFailedError(f"导入失败：不是有效的 YAML（{_yaml_where(exc)}）。") from exc
    try:
        data = EntryFile.model_validate(raw)
    except ValidationError as exc:
        raise ImportFailedError(
            "导入失败：格式不对，需要导出文件那样的 topic 和 entries。"
        ) from exc
    wanted: dict[str, Entry] = {}
    for i, item in enumerate(data.entries, start=1):
        try:
            entry = validate_entry(item, shipped.clauses, "导入文件")
        except KnowledgeError as exc:
            raise ImportFailedError(f"导入失败：第{i}条有问题（{exc}）。") from exc
        if entry.id in wanted:
            raise ImportFailedError(f"导入失败：编号 {entry.id} 出现了两次。")
        if len(entry.answer) > answer_max_chars:
            raise ImportFailedError(f"导入失败：{entry.id} 的答案超过{answer_max_chars}字。")
        wanted[entry.id] = entry
    if not wanted:
        raise ImportFailedError("导入失败：文件里没有问答，什么也没改。")
    return wanted


def _export_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id}
    if entry.kind != "answer":
        item["kind"] = entry.kind
    if entry.clause is not None:
        item["clause"] = entry.clause
    if entry.origin != "guide":
        item["origin"] = entry.origin
    item["question"] = entry.question
    if entry.paraphrases:
        item["paraphrases"] = list(entry.paraphrases)
    item["answer"] = entry.answer
    return item


def _yaml_where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f"第{mark.line + 1}行" if mark is not None else "无法解析"


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line answers as `|` blocks and indented lists, as the shipped files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _represent_str)
