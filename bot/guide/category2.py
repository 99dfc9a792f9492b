"""Reading the number of activities out of a message: how many were held, how many were said to
have too few people to count (（一）3, 附件1), how many enough, and how many were online.

The computed answers and the 分类2 check both read counts here, so "12场，其中3场只有8人" means
the same to both. A message is read clause by clause (，。；); within a clause, what is said
after a count ("2场只来了6个人", "3场是线上的") belongs to that count, and a clause without a
count that says "每场都超过10人" speaks of every activity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.guide.rules import MIN_PARTICIPANTS

_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
_COUNT = re.compile(r"(\d{1,4})\s*多?\s*(?:场|次|个活动|项活动|期)")
_TOTAL = re.compile(r"(?:一共|总共|共计|共|总计|合计|累计|全年|一年|全部)\D{0,4}$")
# "不到10个人", "只来了6个人", "都超过10人", "二十多人": people at an activity.
_PEOPLE = re.compile(
    r"(?P<n>\d{1,4})\s*(?P<many>多)?\s*(?:个|位|名)?\s*(?:人|位)(?P<rel>以上|以下|左右|多)?"
    r"|(?<=人数)\D{0,4}?(?P<n2>\d{1,4})\s*(?P<many2>多)?\s*个?(?!\d)(?![场次家项张])"
)
# The words just before the number say how it compares: fewer than, more than, or exactly.
_FEWER = re.compile(
    r"(?:不到|不足|少于|不够|不满|没到|没凑够|凑不够|没有|没|低于|未满|未达到|未到)\D{0,2}$"
)
_MORE = re.compile(r"(?:超过|多于|高于|大于)\D{0,2}$")
_ENOUGH_WORDS = re.compile(r"人数?都(?:够|达标|满足|符合)|都(?:够|达到|满足)\s*10|人数?(?:够|达标)")
_TOO_FEW_WORDS = re.compile(r"人数?(?:不够|不足|没够|不达标|太少)|人太少")
_ONLINE = re.compile(r"线上|直播|视频会议|腾讯会议|网络会议|云会议|网上|钉钉|远程|网课|在线")
_OFFLINE = re.compile(r"线下|现场办|现场举办|面对面")
_ALL = re.compile(r"都|全|均|一律")
_AND = re.compile(r"和|及|、|加|还有|另外|外加|再加")
_SUBSET = re.compile(r"其中|里有|里面|中有|之中")


@dataclass(frozen=True, slots=True)
class ActivityMentions:
    """What a message says about its number of activities."""

    first: int | None
    """The number of activities held: the first count not said to have too few or enough
    people or to be online (12场, 3次), else None."""
    too_few: int
    """How many activities were said to have fewer than MIN_PARTICIPANTS people."""
    enough: int = 0
    """How many activities were said (apart from the total) to have enough people."""
    online: int = 0
    """How many activities were said to be online (线上, 直播, 腾讯会议…)."""
    offline: int = 0
    """How many were said to be held in person, when online ones are mentioned too."""

    @property
    def qualifying(self) -> int | None:
        """Activities that count under the guide's rule of people (online ones included), or
        None when the message names no count."""
        if self.first is not None:
            return max(self.first - self.too_few, 0) if self.too_few <= self.first else self.first
        if self.enough or self.online or self.offline:
            return self.enough + self.online + self.offline
        return 0 if self.too_few else None


def says_online(numeric: str) -> bool:
    """Whether the message mentions online activities at all (a cheap test before parsing)."""
    return _ONLINE.search(numeric) is not None


def people_at(text: str) -> tuple[str | None, str | None]:
    """What `text` says about the people at an activity: "few" (fewer than MIN_PARTICIPANTS),
    "enough" or None, and the number of people as said (8人, 30多人; None when none is)."""
    m = _PEOPLE.search(text)
    said = f"{_number(m)}{'多' if _many(m) else ''}人" if m is not None else None
    return _people_class(text), said


def _number(m: re.Match[str]) -> str:
    return m.group("n") or m.group("n2")


def _many(m: re.Match[str]) -> bool:
    return bool(m.group("many") or m.group("many2"))


def _start(m: re.Match[str]) -> int:
    return m.start("n") if m.group("n") else m.start("n2")


_FEW_ENTERPRISES = re.compile(
    r"企业\D{0,4}(?:不到|不足|少于|不够|没到|只有|才)\s*\d{1,3}\s*家|\d{1,3}\s*家企业"
)


def mentions_enterprises(numeric: str) -> bool:
    """Whether the message counts enterprises at its activities (其中3场参加企业不到10家)."""
    return _FEW_ENTERPRISES.search(numeric) is not None


def _people_class(text: str) -> str | None:
    """ "few", "enough" or None: what `text` says about the people at each activity."""
    for m in _PEOPLE.finditer(text):
        n = int(_number(m))
        start = _start(m)
        before, rel = text[max(0, start - 6) : start], m.group("rel") or ""
        if _FEWER.search(before) or rel == "以下":
            return "few" if n <= MIN_PARTICIPANTS else None
        if _MORE.search(before) or rel in ("以上", "多") or _many(m):
            return "enough" if n >= MIN_PARTICIPANTS else None
        return "few" if n < MIN_PARTICIPANTS else "enough"
    if _TOO_FEW_WORDS.search(text):
        return "few"
    if _ENOUGH_WORDS.search(text):
        return "enough"
    return None


def activity_mentions(numeric: str) -> ActivityMentions:
    """The numbers of activities in `numeric` (numerals already digits)."""
    first: int | None = None
    too_few = enough = online = offline = 0
    every: str | None = None
    every_online = False
    for clause in _CLAUSE.split(numeric):
        counts = list(_COUNT.finditer(clause))
        if not counts:
            said = _people_class(clause)
            if said is not None and ("每" in clause or "都" in clause):
                every = said
            if _ONLINE.search(clause) and _ALL.search(clause):
                every_online = True
            continue
        for i, m in enumerate(counts):
            end = counts[i + 1].start() if i + 1 < len(counts) else len(clause)
            after = clause[m.end() : end]
            before = clause[: m.start()] if i == 0 else ""
            joined = clause[counts[i - 1].end() : m.start()] if i else before
            n = int(m.group(1))
            said = _people_class(after)
            if _ONLINE.search(after) or (i == 0 and _ONLINE.search(before)):
                online += n
            elif _OFFLINE.search(after) or (i == 0 and _OFFLINE.search(before)):
                offline += n
            elif said == "few":
                too_few += n
            elif said == "enough" and first is None and _TOTAL.search(before):
                first = n
            elif said == "enough":
                enough += n
            elif first is None:
                first = n
            elif _AND.search(joined) and not _SUBSET.search(joined):
                # "4场讲座和3场培训": more activities, not some of those already counted.
                first += n
    if every == "few" and first is not None and not too_few:
        too_few = first
    if every_online and first is not None and not online:
        online = first
    if first is None and enough and not too_few:
        # "10场活动都在30人以上": the count said to have enough people is the total.
        first, enough = enough, 0
    return ActivityMentions(first, too_few, enough, online, offline)
