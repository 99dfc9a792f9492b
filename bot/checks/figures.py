"""Spotting the figures the guide asks for in prose: enterprises served, people, results.

Typical cases （一）7 and the annual summary's activities (附件3 一、3) must state how many
enterprises and people were served; cases also concrete results. Authors write 50家企业,
企业五十余家, 六十八家, 服务人数：300, 68位负责人, 120余人, 1.2万人次 — all of these count.
Vague amounts (数十家, 上百人, 多家企业) are read as such (`vague_enterprises`,
`vague_people`): a count is there, but not a number the reader can check.
"""

from __future__ import annotations

import re

from bot.text.normalize import arabic_numerals, to_simplified

_NUM = r"(?<![\d.])\d+(?:\.\d+)?\s*[万千百]?\s*(?:余|多)?"

# 家 alone counts enterprises, unless it counts banks, institutions or other partners.
_NOT_FIRMS = r"(?!银行|金融机构|机构|单位|高校|院校|院所|协会|商会|律所|会计师|合作|服务机构|部门)"
_ENTERPRISES = re.compile(
    rf"{_NUM}\s*(?:家|户)次?\s*[\u4e00-\u9fff]{{0,6}}?企业"
    rf"|{_NUM}\s*家{_NOT_FIRMS}"
    rf"|企业(?:数|数量|户数|家数)?\s*(?:达到?|为|共|约|超过?|近|合计)?\s*[:：]?\s*{_NUM}\s*(?:家|户)?"
    rf"|服务(?:了|企业数?)?\s*[:：]?\s*{_NUM}\s*(?:家|户)"
    rf"|{_NUM}\s*家次"
)
_PEOPLE = re.compile(
    rf"(?<!第){_NUM}\s*(?:人次|人|名|位)(?![民置次数])"
    rf"|人(?:数|次)\s*(?:达到?|为|共|约|超过?|近|合计)?\s*[:：]?\s*{_NUM}"
)
# 人数十五人 is a count; 数十人 is not.
_VAGUE = re.compile(r"(?:(?<![人业户])数|几|上|近)\s*[十百千万]+")
_RESULT_WORDS = re.compile(
    r"成果|签约|签订|达成|融资|授信|贷款|专利|获批|获得|解决|实现|增长|提升|提高|降低|节约|节省"
    r"|认定|落地|转化|协议|订单|销售额|产值|营收|效益|对接成功|帮助.{0,8}(?:企业|解决)"
    r"|获评|评为|入选|荣获|取得|促成|新增|带动|申报成功"
)
_RESULT_FIGURE = re.compile(rf"{_NUM}\s*(?:万元|亿元|元|项|件|笔|个|%|套|份|条|次|倍)")


def digits(text: str) -> str:
    """Simplified text with Chinese numerals as digits (三十家 -> 30家), for finding figures."""
    # 数十家, 上百人: vague on purpose; keep them from turning into 10家, 100人.
    return arabic_numerals(_VAGUE.sub("若干", to_simplified(text)))


_VAGUE_AMOUNT = r"(?:(?<![人业户])数|几|上|近)\s*[十百千万]+\s*(?:余|多)?"
_VAGUE_ENTERPRISES = re.compile(
    rf"{_VAGUE_AMOUNT}\s*(?:家|户)|(?:多|众多|大量|一批|若干|部分|许多)(?:家)?(?:中小微?)?企业"
)
_VAGUE_PEOPLE = re.compile(
    rf"{_VAGUE_AMOUNT}\s*(?:人次|人|名|位)|(?:众多|大量|许多|很多)(?:企业)?人员"
)


def vague_enterprises(text: str) -> str | None:
    """A vague number of enterprises as written (上百家), when there is one."""
    m = _VAGUE_ENTERPRISES.search(to_simplified(text))
    return m.group(0) if m else None


def vague_people(text: str) -> str | None:
    """A vague number of people as written (数百人), when there is one."""
    m = _VAGUE_PEOPLE.search(to_simplified(text))
    return m.group(0) if m else None


def has_enterprise_count(text: str) -> bool:
    return _ENTERPRISES.search(digits(text)) is not None


def has_people_count(text: str) -> bool:
    return _PEOPLE.search(digits(text)) is not None


def has_results(text: str) -> bool:
    """Concrete results besides the head counts: a result word or another quantified figure."""
    rest = _PEOPLE.sub("", _ENTERPRISES.sub("", digits(text)))
    return _RESULT_WORDS.search(rest) is not None or _RESULT_FIGURE.search(rest) is not None
