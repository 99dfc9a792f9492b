"""The FAQ as a file: the effective entries written in the format of `knowledge/faq/*.yaml`,
and such a file read back and checked whole before anything is stored (`/faq export`,
`/faq import`, `python -m bot faq export|import`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from bot.faq.errors import ImportFailedError
from bot.faq.inputs import QUESTION_MAX_CHARS
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
    except RecursionError as exc:
        raise ImportFailedError(TOO_DEEP) from exc
    except ValueError as exc:  # PyYAML's own conversions: an integer of 5,000 digits...
        raise ImportFailedError(
            "导入失败：文件里有读不了的值，比如太长的数字（答案只有数字时请加引号）。"
        ) from exc
    items = _entry_items(raw)
    wanted: dict[str, Entry] = {}
    for i, item in enumerate(items, start=1):
        entry = _entry(i, item, shipped)
        if entry.id in wanted:
            raise ImportFailedError(f"导入失败：编号 {entry.id} 出现了两次。")
        if len(entry.answer) > answer_max_chars:
            raise ImportFailedError(f"导入失败：{entry.id} 的答案超过{answer_max_chars}字。")
        for phrasing in entry.texts:
            if len(phrasing) > QUESTION_MAX_CHARS:
                raise ImportFailedError(
                    f"导入失败：{entry.id} 的问题或问法太长了（{len(phrasing)}字，"
                    f"最多{QUESTION_MAX_CHARS}字）。"
                )
        wanted[entry.id] = entry
    if not wanted:
        raise ImportFailedError("导入失败：文件里没有问答，什么也没改。")
    return wanted


TOO_DEEP = "导入失败：文件里的列表或字典嵌套太深，不是导出文件的格式。"
FIELDS = {
    "id": "编号 id",
    "kind": "类型 kind",
    "clause": "条款 clause",
    "origin": "来源 origin",
    "question": "问题 question",
    "paraphrases": "问法 paraphrases",
    "answer": "答案 answer",
}


def _entry_items(raw: Any) -> list[Any]:
    """The file's list of entries, once its outer shape is that of an export."""
    if not isinstance(raw, dict):
        raise ImportFailedError(
            "导入失败：文件最外层应该是 topic（标题）和 entries（问答列表）两项，像导出文件那样。"
        )
    unknown = [str(key) for key in raw if key not in ("topic", "entries")]
    if unknown:
        raise ImportFailedError(
            f"导入失败：不认识的项 {'、'.join(unknown)}，文件里只应该有 topic 和 entries。"
        )
    if not isinstance(raw.get("topic"), str) or not raw["topic"].strip():
        raise ImportFailedError("导入失败：缺少 topic（一行标题文字）。")
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise ImportFailedError("导入失败：entries 应该是问答列表（每条以“- id:”开头）。")
    for i, item in enumerate(entries, start=1):
        if not isinstance(item, dict):
            raise ImportFailedError(
                f"导入失败：第{i}条应该是 id、question、answer 等字段，不是一个{_kind(item)}。"
            )
    try:  # the checks above say what is wrong; the loader's model stays the rule
        EntryFile.model_validate({"topic": raw["topic"], "entries": entries})
    except ValidationError as exc:
        raise ImportFailedError(
            "导入失败：格式不对，需要导出文件那样的 topic 和 entries。"
        ) from exc
    return entries


def _entry(number: int, item: dict[str, Any], shipped: KnowledgeBase) -> Entry:
    where = f"导入失败：第{number}条（{item.get('id', '没有编号')}）"
    try:
        Entry.model_validate(item)
    except RecursionError as exc:
        raise ImportFailedError(TOO_DEEP) from exc
    except ValidationError as exc:
        raise ImportFailedError(f"{where}：{_field_problem(exc)}。") from exc
    try:
        return validate_entry(item, shipped.clauses, "导入文件")
    except KnowledgeError as exc:
        raise ImportFailedError(f"{where}的条款不对（{exc}）。") from exc


def _field_problem(exc: ValidationError) -> str:
    """The first problem of an entry, in words an admin reads."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    name = FIELDS.get(field, field)
    kind = error["type"]
    if kind == "missing":
        return f"缺少{name}"
    if kind == "extra_forbidden":
        return f"有不认识的字段 {field}"
    if field == "id":
        return "编号只能用小写字母、数字和连字符（-），以字母或数字开头，最长64个字符"
    if kind == "literal_error":
        return f"{name}只能是 {error.get('ctx', {}).get('expected', '')}"
    if kind == "value_error":
        return f"{name}不能是空的"
    return f"{name}应该是文字" + ("列表" if field == "paraphrases" else "")


def _kind(value: Any) -> str:
    return "列表" if isinstance(value, list) else "文字" if isinstance(value, str) else "值"


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
