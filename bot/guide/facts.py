"""Answers worked out from the facts a question states, by the guide's rules.

"我们办了25场，证明材料全放吗", "每场放5张照片行吗", "有场活动只来了8个人算吗", "线上办的培训能
算吗", "PDF有80兆会不会太大": each states the asker's own case, and the answer says what follows
for it and which rule decides. Where the guide sets no limit (file size, pages) the answer says so,
names what it does state nearby, and hands over (a gap reply); it never invents a limit.

Every answer here needs its fact in the question; without one (a plain "照片放几张") it returns
None and the knowledge base answers. Each starts with one cheap pattern, so most messages pass
through at the cost of a few regex searches. Which option applies to the asker's case (分类1,
是否工信部门委托) is worked out in `bot.guide.choices`.
"""

from __future__ import annotations

import re

from bot.guide.category2 import activity_mentions, people_at
from bot.guide.rules import (
    CONSULT_PHONE,
    MAX_PHOTOS,
    MAX_PROOF_ACTIVITIES,
    MIN_PARTICIPANTS,
    MIN_PHOTOS,
    TECH_PHONE,
    Clause,
)
from bot.reply import Reply, ReplyKind
from bot.text.query import Query

_PROOF = re.compile(r"证明材料|活动证明|证明|材料|资料")
_TABLE = re.compile(r"汇总表|一览表|统计表")
_COUNT = re.compile(r"(\d{1,4})\s*多?\s*(?:场|次|个活动)")
_OVER = re.compile(
    r"(?:超过|多于|大于)\s*(\d{1,4})\s*场|(\d{1,4})\s*(?:多|余)\s*场|(\d{1,4})\s*场以上"
)
_ALL_OF_THEM = re.compile(
    r"全部|全都|都要|都得|都放|都填|都交|全交|全放|全要|所有|多少场|几场|放多少|交多少|提供多少|"
    r"放几|交几|提供几|只交|只放|只提供|都提供|全提供|是不是都|要不要都|每场都|都写|写进|填进|都列"
)


def answer_proof_count(query: Query) -> Reply | None:
    """How many activities' proof material (and rows of the summary table) the asker's count
    of activities needs (（二）: above 20, only 20)."""
    text = query.numeric
    if not _COUNT.search(text) or not _ALL_OF_THEM.search(text):
        return None
    proof, table = _PROOF.search(text), _TABLE.search(text)
    if not (proof or table):
        return None
    over = _OVER.search(text)
    mentions = activity_mentions(text)
    count = mentions.qualifying
    if over is not None:
        stated = int(next(g for g in over.groups() if g))
        if stated < MAX_PROOF_ACTIVITIES or (stated == MAX_PROOF_ACTIVITIES and count == stated):
            return None  # the guide's own number: the rule is asked, the FAQ answers it
        count = max(count or 0, stated + 1)
    few = mentions.too_few
    if count == 0 and few:
        text = (
            f"这{few}场参与人数不足{MIN_PARTICIPANTS}人，不填进服务活动汇总表（汇总表仅指参与人数"
            f"不少于{MIN_PARTICIPANTS}人的活动），也不算服务功能分类2的专场活动，证明材料里不用放。"
        )
        return Reply(ReplyKind.COMPUTED, text, clause=Clause.ACTIVITY_TABLE)
    if not count:
        return None
    said = (
        f"参与人数不足{MIN_PARTICIPANTS}人的{few}场不计入，也不填汇总表，按{count}场算。"
        if few and mentions.first is not None
        else ""
    )
    online = ""
    if mentions.online:
        online = (
            f"\n其中线上的{mentions.online}场：指南没有说线上活动算不算，它只要求每场服务对象参与人数"
            f"不少于{MIN_PARTICIPANTS}人，每场都要有通知、签到表和现场照片，此外没有别的规定；"
            f"线上活动能不能算，请打咨询电话{CONSULT_PHONE}确认。"
        )
    if count > MAX_PROOF_ACTIVITIES:
        rest = f"，其余{count - MAX_PROOF_ACTIVITIES}场" if over is None else "，超过的活动"
        text = (
            f"{said}一年开展服务活动超过{MAX_PROOF_ACTIVITIES}场的，证明材料只提供"
            f"{MAX_PROOF_ACTIVITIES}场{rest}在服务活动汇总表里填写即可。"
            f"汇总表要填参与人数不少于{MIN_PARTICIPANTS}人的全部活动。"
        )
    else:
        text = (
            f"{said}{count}场没有超过{MAX_PROOF_ACTIVITIES}场，每场都要提供证明材料：通知、签到表和"
            f"{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片，一一对应，和汇总表一起整合成一个PDF文档。"
        )
    kind = ReplyKind.GAP if online else ReplyKind.COMPUTED
    return Reply(kind, text + online, clause=Clause.PROOF)


_PHOTO = re.compile(r"照片|相片|图片|合影|合照|截图")
# Photos of the filing: per activity, in the proof material ("手机里4张照片怎么拼" is not).
_PHOTO_USE = re.compile(r"每场|活动|证明|材料|现场|一场|放|传|交|提供|附|配|够|超")
_PHOTO_COUNT = re.compile(r"(?<![-~～到至])(\d{1,3})\s*(?:张|幅)")
# "超过3张", "3张以上", "不止3张": more photos than the number says.
_MORE_THAN = re.compile(r"(?:超过|超出|多于|大于|不止)\s*$|^\s*(?:以上|往上)")


def answer_photo_count(query: Query) -> Reply | None:
    """Whether the asker's number of photos per activity is within 1-3 (（二）)."""
    text = query.numeric
    if not _PHOTO.search(text) or not _PHOTO_USE.search(text):
        return None
    found = list(_PHOTO_COUNT.finditer(text))
    if not found:
        return None
    counts = [int(m.group(1)) for m in found]
    photos = sum(counts) if "加" in text else counts[0]
    first = found[0]
    more = len(found) == 1 and (
        _MORE_THAN.search(text[max(first.start() - 3, 0) : first.start()]) is not None
        or _MORE_THAN.search(text[first.end() : first.end() + 2]) is not None
    )
    rule = f"每场活动提供{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片，与该场的通知、签到表一一对应"
    if more:
        verdict = (
            f"不行，不能超过{MAX_PHOTOS}张：{rule}，请挑{MAX_PHOTOS}张以内放进证明材料。"
            if photos >= MAX_PHOTOS
            else f"可以，但最多{MAX_PHOTOS}张：{rule}。"
        )
    elif photos > MAX_PHOTOS:
        verdict = f"{photos}张超出了：{rule}，请挑{MAX_PHOTOS}张以内放进证明材料。"
    elif photos < MIN_PHOTOS:
        verdict = f"不行：{rule}，每场至少{MIN_PHOTOS}张。"
    else:
        verdict = f"{photos}张可以：{rule}。"
    return Reply(ReplyKind.COMPUTED, verdict, clause=Clause.PROOF)


_EVENT = re.compile(r"活动|场|讲座|培训|会议|[对交推座]\S?会|沙龙|论坛|对接|宣讲")
_COUNTS_ASK = re.compile(
    r"算|计入|作数|有效|填|写|列|汇总表|分类|行|可以|够|符合|达标|满足|要求|门槛"
)
_ONE_ACTIVITY = re.compile(r"这场|这一场|那场|该场|这个活动|这次活动|这1场|有1场|1场活动")
_PEOPLE_LIST = re.compile(r"(\d{1,4})\s*(?:个)?人(?=[、，,和及]|各)")
_ENTERPRISES = re.compile(
    r"(\d{1,4})\s*多?\s*家(?:企业|单位|公司)?|企业\D{0,4}?(\d{1,4})\s*多?\s*家"
)


def answer_attendance(query: Query) -> Reply | None:
    """Whether an activity with the asker's number of people (or of enterprises) counts: the
    guide's threshold is people, at least 10 (（一）3, 附件1)."""
    text = query.numeric
    if not _EVENT.search(text) or not _COUNTS_ASK.search(text):
        return None
    counts = [int(m.group(1)) for m in _COUNT.finditer(text)]
    said, people = people_at(text)
    enterprises = _ENTERPRISES.search(text)
    rule = f"每场活动服务对象参与人数不少于{MIN_PARTICIPANTS}人"
    listed = [int(n) for n in _PEOPLE_LIST.findall(text)]
    if len(listed) > 1 and all(c in (1, len(listed)) for c in counts):
        # "8人、12人、15人各一场": each activity judged on its own.
        kept = [n for n in listed if n >= MIN_PARTICIPANTS]
        text = (
            f"{rule}：{'、'.join(f'{n}人' for n in listed)}这{len(listed)}场里，"
            f"能算的是{len(kept)}场"
            + (f"（{'、'.join(f'{n}人' for n in kept)}）" if kept else "")
            + f"，不足{MIN_PARTICIPANTS}人的不计入，也不填进服务活动汇总表。"
        )
        return Reply(ReplyKind.COMPUTED, text, clause=Clause.CATEGORY2)
    one = _ONE_ACTIVITY.search(text) is not None
    if any(c > 1 for c in counts) and not one and (enterprises is None or said is not None):
        return None  # several activities: the 分类2 and proof answers read those
    if enterprises is None and (said is None or people is None):
        return None
    if said == "few" and people == f"{MIN_PARTICIPANTS}人" and enterprises is None:
        return None  # "不到10人的算吗": the rule itself, which the FAQ answers
    if said == "few":
        text = (
            f"不能算：{rule}，这场{_people(people)}，不计入服务功能分类2要求的专场活动，"
            f"也不填进服务活动汇总表（汇总表仅指参与人数不少于{MIN_PARTICIPANTS}人的活动）。"
        )
    elif said == "enough":
        text = f"可以算：{rule}，这场{_people(people)}，达到了。"
        if enterprises is not None:
            text += "指南的门槛是参与人数，不看参加企业数；企业数在汇总表“参加企业数”一栏如实填写。"
    else:
        text = (
            f"指南的门槛是参与人数：{rule}，对参加企业数没有下限。参加企业少的场次，只要参与"
            f"人数达到{MIN_PARTICIPANTS}人就能算，企业数在汇总表“参加企业数”一栏如实填写。"
        )
    text += "证明材料里这场还要有通知、签到表和现场照片。" if said == "enough" else ""
    return Reply(ReplyKind.COMPUTED, text, clause=Clause.CATEGORY2)


def _people(people: str | None) -> str:
    return "参与人数不够" if people is None else people


_SIZE = re.compile(
    r"\d+(?:\.\d+)?\s*多?\s*(?:mb|m|兆|g|gb|kb|k)(?![a-z])|多少\s*(?:mb|m|兆|g)(?![a-z])|"
    r"多大|大小|太大|过大|最大|体积"
)
_PAGES = re.compile(r"\d+\s*多?\s*页|页数|几页|多少页|页码|太厚")
_REPORT = re.compile(r"年报|年度总结|总结报告")
_CASE = re.compile(r"典型案例|案例")


def answer_file_limits(query: Query) -> Reply | None:
    """A question about a file's size or page count: the guide sets neither, so the answer
    says what it does state about the file and hands over."""
    text = query.numeric.lower()
    size, pages = _SIZE.search(text), _PAGES.search(text)
    if size is None and pages is None:
        return None
    what = "文件大小" if size is not None else "页数"
    if _REPORT.search(text):
        stated = "指南只说上传年度总结报告，主要为年度服务情况总结（结构可参照附件3年度总结提纲）"
        clause = Clause.REPORT
    elif _CASE.search(text):
        stated = "指南只说典型案例按“主要做法+服务成效”格式填写"
        clause = Clause.CASE
    elif _PROOF.search(text) or "pdf" in text or "文件" in text:
        stated = "指南只规定服务活动证明材料整合成一个文档，格式限制为PDF"
        clause = Clause.PROOF
    else:
        return None
    text = (
        f"{stated}，没有规定{what}的上限，此外没有别的要求。"
        f"网站上传不了请打技术咨询电话{TECH_PHONE}；别的疑问请打咨询电话{CONSULT_PHONE}确认。"
    )
    return Reply(ReplyKind.GAP, text, clause=clause)


_FORMAT = re.compile(
    r"word|docx?|wps|excel|xlsx?|jpe?g|png|图片格式|压缩包|zip|rar|ppt|扫描件|照片格式|图片"
)
_PROOF_PART = re.compile(r"证明材料|活动证明|材料|照片|相片|签到表|签到|通知")
# The asker says their file is in that format ("做成了word", "照片是jpg的"); a bare "能传word吗"
# is the format rule, which the FAQ answers.
_IN_FORMAT = re.compile(r"做成|弄成|做的|是|用的|用了|现在|已经|都是|全是|拍的|扫的|存成|导出|存的")


def answer_file_format(query: Query) -> Reply | None:
    """Proof material in the asker's file format: it must be one PDF (（二）)."""
    text = query.norm
    found = _FORMAT.search(text)
    if found is None or not _PROOF_PART.search(text) or _REPORT.search(text):
        return None
    if not _IN_FORMAT.search(text):
        return None
    if "pdf" in text and not re.search(r"还是|或者|转|变成|换成", text):
        return None
    kind = found.group(0)
    text = (
        f"服务活动证明材料整合成一个文档，格式限制为PDF：汇总表、每场的通知、签到表和"
        f"{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片都放进这一个PDF。{kind}的要先转成PDF再合进去，"
        f"不要单独传。"
    )
    return Reply(ReplyKind.COMPUTED, text, clause=Clause.PROOF)


_ONLINE_EVENT = re.compile(
    r"(?:线上|网上|直播|视频会议|腾讯会议|网络会议|云会议|钉钉|远程|网课|在线)"
    r"\S{0,4}?(?:活动|培训|讲座|会议|会|课|宣讲|沙龙|论坛|对接)"
)
_COUNTS_IN = re.compile(r"算|计入|能填|能放|放进|填进|写进|可以|能不能|行不行|有效|认不认")


def answer_online(query: Query) -> Reply | None:
    """An online activity: the guide says nothing about them, so the answer says what it does
    state of every activity, that it states nothing more, and hands over (counts stated with
    them are worked out by the 分类2 and proof answers)."""
    text = query.numeric
    if _ONLINE_EVENT.search(text) is None or not _COUNTS_IN.search(text):
        return None
    reply = (
        f"指南没有说线上活动算不算。它对每场活动写明的只有：服务对象参与人数不少于"
        f"{MIN_PARTICIPANTS}人（汇总表也只收这样的活动），每场都要有通知、签到表和"
        f"{MIN_PHOTOS}-{MAX_PHOTOS}张现场照片，此外没有别的规定。线上活动能不能算、能不能填进"
        f"汇总表，请打咨询电话{CONSULT_PHONE}确认。"
    )
    return Reply(ReplyKind.GAP, reply, clause=Clause.CATEGORY2)
