"""Chinese numerals both ways, for the numeral runs the bot converts: `numeral_value` (一万二 ->
12000) and `spelled` (16 -> 十六).

They give what cn2an gives (`cn2an.cn2an(run, "smart")` and `cn2an.an2cn(number)`) on the
characters `bot.text.normalize` converts (tests/core/text/test_numerals.py compares every run of
up to four of them, random longer ones and numbers of up to 16 digits) without importing cn2an,
which cost the bot 90 ms and 4 MB at start-up, most of it for a text preprocessing library.
"""

from __future__ import annotations

import re

NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
"""The characters `numeral_value` reads."""

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_ONE_TO_NINE = frozenset("一二两三四五六七八九")
_ZEROS = frozenset("零〇")


def _written(s: str) -> bool:
    """Whether `s` is a number as cn2an accepts it written out (its "normal" pattern): 零, or
    1-9 with 十, 百, 千, 万 and 亿 in order, and 零 where a place is skipped."""
    return s in _ZEROS or _up_to_1e16(s)


def _digit(s: str) -> bool:
    return len(s) == 1 and s in _ONE_TO_NINE


def _tens(s: str, *, with_one: bool = False) -> bool:
    """10-99: 十, 十二, 二十, 二十三; `with_one`: the tens digit written (二十, 一十)."""
    head, unit, tail = s.partition("十")
    if not unit or not (_digit(head) or (not head and not with_one)):
        return False
    return not tail or _digit(tail)


def _up_to_99(s: str) -> bool:
    return _digit(s) or _tens(s)


def _hundreds(s: str) -> bool:
    head, unit, tail = s.partition("百")
    return (
        bool(unit)
        and _digit(head)
        and (not tail or (tail[0] in _ZEROS and _digit(tail[1:])) or _tens(tail, with_one=True))
    )


def _up_to_999(s: str) -> bool:
    return _hundreds(s) or _up_to_99(s)


def _thousands(s: str) -> bool:
    head, unit, tail = s.partition("千")
    return (
        bool(unit)
        and _digit(head)
        and (not tail or (tail[0] in _ZEROS and _up_to_99(tail[1:])) or _hundreds(tail))
    )


def _up_to_9999(s: str) -> bool:
    return _thousands(s) or _up_to_999(s)


def _ten_thousands(s: str) -> bool:
    head, unit, tail = s.partition("万")
    return (
        bool(unit)
        and _up_to_9999(head)
        and (not tail or (tail[0] in _ZEROS and _up_to_999(tail[1:])) or _thousands(tail))
    )


def _up_to_1e8(s: str) -> bool:
    return _ten_thousands(s) or _up_to_9999(s)


def _up_to_1e16(s: str) -> bool:
    head, unit, tail = s.partition("亿")
    if not unit:
        return _up_to_1e8(s)
    return _up_to_1e8(head) and (
        not tail or (tail[0] in _ZEROS and _up_to_1e8(tail[1:])) or _ten_thousands(tail)
    )


_DIGIT_CLASS = "[零〇一二两三四五六七八九]"
_DIGITS_ONLY = re.compile(f"{_DIGIT_CLASS}+")
# Spoken shortening: 一万二 is 12000, 三百四 is 340 (the last digit one place below the unit).
_SPOKEN = re.compile(f"(?:{_DIGIT_CLASS}{{0,2}}[十百千万亿])+{_DIGIT_CLASS}")
_SPOKEN_LAST_UNIT = re.compile("([十百千万亿])[^十百千万亿]*$")
_UNIT_BELOW = {"百": "十", "千": "百", "万": "千"}

# Zeros cn2an restores or drops before it matches (its own output has forms like 十万零一千).
_ZERO_BEFORE_THOUSAND = re.compile(f"(万)零(?={_DIGIT_CLASS}千)")
_BIG_UNIT_MISSING_ZERO = re.compile(f"([万亿])({_DIGIT_CLASS}[十百])")
_THOUSAND_MISSING_ZERO = re.compile(f"(千)({_DIGIT_CLASS}?十)")
_UNIT_MISSING_ONE = re.compile("(百)(十)")


def numeral_value(run: str) -> int:
    """The number a run of `NUMERAL_CHARS` writes; ValueError when it is not one (万一)."""
    if not run or any(c not in _DIGITS and c not in _UNITS for c in run):
        raise ValueError(f"not a Chinese numeral: {run!r}")
    data = run.replace("零十", "零一十").replace("零百", "零一百")
    data = _ZERO_BEFORE_THOUSAND.sub(r"\1", data)
    data = _BIG_UNIT_MISSING_ZERO.sub(r"\1零\2", data)
    data = _THOUSAND_MISSING_ZERO.sub(r"\1零\2", data)
    data = _UNIT_MISSING_ONE.sub(r"\1一\2", data).replace("零十", "零一十")
    if _written(data):
        return _place_value(data)
    if _DIGITS_ONLY.fullmatch(data):
        return int("".join(str(_DIGITS[c]) for c in data))
    if len(data) >= 3 and _SPOKEN.fullmatch(data):
        last_unit = _SPOKEN_LAST_UNIT.search(data)
        below = _UNIT_BELOW.get(last_unit.group(1)) if last_unit else None
        if below is not None:
            return _place_value(data + below)
    raise ValueError(f"not a Chinese numeral: {run!r}")


def _place_value(data: str) -> int:
    """cn2an's reading of a written number, from the last character to the first."""
    total = 0
    unit = 1
    big_unit = 1
    for index, char in enumerate(reversed(data)):
        if char in _DIGITS:
            total += _DIGITS[char] * unit
            continue
        unit = _UNITS[char]
        if unit % 10_000 == 0:
            if unit > big_unit:
                big_unit = unit
            else:  # 万亿
                big_unit = unit * big_unit
                unit = big_unit
        if unit < big_unit:
            unit = unit * big_unit
        if index == len(data) - 1:  # a leading unit: 十二 is 12
            total += unit
    return total


_LOW_DIGITS = "零一二三四五六七八九"
_PLACES = ("", *"十百千万十百千亿十百千万十百千")
_ZERO_BEFORE_BIG_THOUSAND = re.compile("([万亿])零([一二三四五六七八九]千)")


def spelled(number: int) -> str:
    """An integer in Chinese numerals (16 -> 十六, 101000 -> 十万一千), up to 16 digits."""
    sign = "负" if number < 0 else ""
    digits = str(abs(number))
    if len(digits) > len(_PLACES):
        raise ValueError(f"more than {len(_PLACES)} digits: {number}")
    out = ""
    for i, d in enumerate(digits):
        place = len(digits) - i - 1
        if d != "0":
            out += _LOW_DIGITS[int(d)] + _PLACES[place]
            continue
        if place % 4 == 0:
            out += "零" + _PLACES[place]
        if i > 0 and out[-1] != "零":
            out += "零"
    out = out.replace("零零", "零").replace("零万", "万").replace("零亿", "亿")
    out = out.replace("亿万", "亿").strip("零")
    out = _ZERO_BEFORE_BIG_THOUSAND.sub(r"\1\2", out)
    if out.startswith("一十"):
        out = out[1:]
    return sign + (out or "零")
