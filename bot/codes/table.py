"""The code table of 附件2 and the everyday phrases for its codes, read from
`knowledge/codes.yaml` and `knowledge/code_synonyms.yaml` and validated: a broken file raises
`KnowledgeError` naming the file and the class or code."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.guide.knowledge import KnowledgeError, first_error, read_yaml
from bot.text.normalize import normalize


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MinorCode(_Strict):
    """A 4-digit 中类 code; `name` exactly as in the guide (1206 keeps its description)."""

    code: str = Field(pattern=r"^1[0-7][0-9]{2}$")
    name: str = Field(min_length=1)

    @property
    def short_name(self) -> str:
        """The name without the bracketed description: 创业辅导 for 1206."""
        return self.name.split("（", 1)[0]

    @property
    def major_code(self) -> str:
        return self.code[:2]

    @property
    def is_other(self) -> bool:
        """The xx99 codes: 其他…服务, for what the class has no specific code for."""
        return self.code.endswith("99")


class MajorClass(_Strict):
    """A 2-digit 大类 with its minor codes; class 10 has none, only a definition."""

    code: str = Field(pattern=r"^1[0-7]$")
    name: str = Field(min_length=1)
    definition: str | None = None
    minors: tuple[MinorCode, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> MajorClass:
        for minor in self.minors:
            if minor.major_code != self.code:
                raise ValueError(f"minor {minor.code} does not start with {self.code}")
        if not self.minors and not self.definition:
            raise ValueError("a class without minor codes needs its definition")
        return self


class CodeTable(_Strict):
    majors: tuple[MajorClass, ...]


class CodeSynonyms(_Strict):
    codes: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Minor code -> everyday phrases."""
    majors: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Major code -> words naming the whole class."""
    noise: tuple[str, ...] = ()
    """Question words and politeness removed around the keyword."""
    not_code: tuple[str, ...] = ()
    """Phrases that mean some other code (验证码, 信用代码): never a 附件2 question."""


def load_table(path: Path) -> CodeTable:
    """The code table, each class validated on its own so an error names the class."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("majors"), list):
        raise KnowledgeError(f"{path.name}: expected a mapping with a list `majors`")
    majors: list[MajorClass] = []
    seen: set[str] = set()
    for i, item in enumerate(raw["majors"]):
        ident = item.get("code", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
        try:
            major = MajorClass.model_validate(item)
        except ValidationError as exc:
            raise KnowledgeError(f"{path.name}: major {ident}: {first_error(exc)}") from exc
        for code in (major.code, *(m.code for m in major.minors)):
            if code in seen:
                raise KnowledgeError(f"{path.name}: major {major.code}: duplicate {code}")
            seen.add(code)
        majors.append(major)
    return CodeTable(majors=tuple(majors))


def load_synonyms(path: Path, table: CodeTable) -> CodeSynonyms:
    """The phrase lists; every code they name must exist in `table`."""
    try:
        synonyms = CodeSynonyms.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {first_error(exc)}") from exc
    minors = {m.code for major in table.majors for m in major.minors}
    majors = {major.code for major in table.majors}
    for section, known, mapping in (
        ("codes", minors, synonyms.codes),
        ("majors", majors, synonyms.majors),
    ):
        for code, phrases in mapping.items():
            if code not in known:
                raise KnowledgeError(f"{path.name}: {section}.{code}: unknown code")
            if any(not normalize(p) for p in phrases):
                raise KnowledgeError(f"{path.name}: {section}.{code}: blank phrase")
    for section, words in (("noise", synonyms.noise), ("not_code", synonyms.not_code)):
        if any(not normalize(w) for w in words):
            raise KnowledgeError(f"{path.name}: {section}: blank entry")
    return synonyms

