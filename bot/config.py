"""The one settings model of the assistant.

NoneBot reads it from environment variables and `.env` (environment wins); plugins get it with
`get_plugin_config(Settings)`. The core receives a `Settings` instance and never reads the
environment itself, so tests build one directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field, field_validator

CONSULTATION_GROUPS = (807645478, 207935293)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CHINESE_WEEKDAYS = "一二三四五六日"
_OFF = frozenset({"off", "no", "false", "0", "none", "关", "关闭", "不发"})


@dataclass(frozen=True, slots=True)
class Weekly:
    """A time of the week: weekday (0 Monday) and time of day."""

    weekday: int
    hour: int
    minute: int


def parse_weekly(text: str) -> Weekly | None:
    """`"mon 09:00"` (or `"周一 9:00"`) -> Weekly(0, 9, 0); "off" -> None; ValueError otherwise."""
    value = text.strip().lower()
    if value in _OFF or not value:
        return None
    found = re.fullmatch(r"(\w+?)\s*(\d{1,2})[:：](\d{2})", value)
    if found is not None:
        day, hour, minute = found.group(1), int(found.group(2)), int(found.group(3))
        chinese = re.fullmatch(r"(?:周|星期)([一二三四五六日天])", day)
        weekday = (
            _CHINESE_WEEKDAYS.index(chinese.group(1).replace("天", "日"))
            if chinese
            else WEEKDAYS.index(day[:3]) if day[:3] in WEEKDAYS else -1
        )
        if weekday >= 0 and hour < 24 and minute < 60:
            return Weekly(weekday, hour, minute)
    raise ValueError(
        f"写成“星期 时:分”，例如 mon 09:00 或 周一 09:00；不发写 off（现在是 {text!r}）"
    )



class Settings(BaseModel):
    """Settings of 填报助手; every field can be set as an upper-case environment variable.

    Each field's docstring says what it is for (tests/core/test_config.py reads them from the
    source; pydantic's use_attribute_docstrings did so at every start-up, 20 ms of it)."""

    assistant_groups: list[int] = Field(default_factory=lambda: list(CONSULTATION_GROUPS))
    """Groups the bot speaks in; other groups are ignored entirely."""

    assistant_proactive: bool = True
    """Answer unaddressed group messages that are clearly guide questions (high confidence)."""

    assistant_proactive_off_groups: list[int] = Field(default_factory=list)
    """Groups where unaddressed questions are never answered, even with high confidence."""

    assistant_min_confidence: float = 0.35
    """Retrieval confidence needed to answer an addressed question with a knowledge entry
    (tuned on tests/core/golden_questions.yaml: off-topic questions stay below 0.33)."""

    assistant_proactive_confidence: float = 0.55
    """Confidence needed to answer an unaddressed group message (a compound message: that of its
    best-answered question). On the golden set 0.55 answers about two in three clear questions,
    with 3 wrong in 241; group chatter (tests/core/data/group_chatter.yaml) stays below 0.47."""

    assistant_admins: list[int] = Field(default_factory=list)
    """QQ numbers of human admins (besides SUPERUSERS) who get hand-offs and may edit the FAQ."""

    assistant_max_input_chars: int = 20000
    """Longest message the bot reads; longer ones get a polite refusal."""

    assistant_reply_cache_size: int = Field(default=2048, ge=0)
    """Replies to this many recent distinct short questions are kept and reused (the same
    questions come again and again); 0 computes every reply. Cleared when the FAQ changes."""

    # Rule checks of pasted drafts (issue: checks)
    assistant_reporting_year: int | None = None
    """Year the activities must lie in; unset means the previous calendar year."""

    # Files users send (issue: files)
    assistant_file_max_mb: int = Field(default=50, ge=1)
    """Largest file downloaded and checked, in MB; a larger one is refused by its advertised
    size before anything is fetched."""

    assistant_file_download_seconds: float = Field(default=60.0, gt=0)
    """Time limit of one file's download; past it the user is told to send it again."""

    assistant_file_check_seconds: float = Field(default=20.0, gt=0)
    """Time limit of reading and checking one file (the worker process is killed after it)."""

    assistant_file_worker_memory_mb: int = Field(default=1024, ge=0)
    """Address-space cap of the process that reads a file, in MB (0: no cap)."""

    assistant_file_local_paths: bool = False
    """Read files from paths (file:// or local) that NapCat reports: only when the bot runs on
    the same host (or shares NapCat's folders); otherwise the bot downloads over HTTP."""

    # Hand-off and calm groups (issue: hand-off)
    assistant_admin_group: int | None = None
    """If set, hand-off notifications go to this group instead of each admin privately."""

    assistant_notify_interval_minutes: float = 10.0
    """At most one notification message per admin (or admin group) per this many minutes."""

    assistant_group_rate_per_minute: int = 20
    """At most this many bot messages per group per minute; the rest wait in order."""

    assistant_user_rate_per_minute: int = 5
    """At most this many answers per user per minute; the rest wait in order."""

    assistant_dedup_minutes: float = 10.0
    """The same question in the same group within this window is answered once."""

    assistant_forward_threshold: int = 400
    """Group answers longer than this many characters go out as a merged forward message."""

    assistant_private_chunk_chars: int = 800
    """Private answers longer than this are split into parts of about this size."""

    assistant_bot_accounts: list[int] = Field(default_factory=list)
    """Other bots' QQ numbers; their messages are ignored."""

    assistant_send_retries: int = 1
    """How often a send that clearly never reached QQ is tried again; one that may have been
    shown (a timeout, NapCat's 1200) is never repeated."""

    assistant_max_parts: int = Field(default=3, ge=1)
    """At most this many messages answer one message (private parts, or a group answer whose
    forward failed); a longer answer is cut, saying how many lines were left out."""

    assistant_mute_probe_minutes: float = Field(default=30.0, gt=0)
    """A mute of unknown length (whole group, or sends refused as muted) stops sending to that
    group this long, then one message may try again; a lift notice ends it at once."""

    # Who may post events (issue: real traffic)
    onebot_http_post: bool = False
    """Also take events posted over HTTP (OneBot HTTP POST); needs ONEBOT_SECRET or the token."""

    # Admin edits of the knowledge (issue: faq admin)
    assistant_allow_group_admins: bool = False
    """Let owners and admins of the consultation groups edit the FAQ too."""

    assistant_answer_max_chars: int = 2000
    """Longest answer an admin may store."""

    assistant_dialog_timeout_seconds: int = 120
    """How long the bot waits for the next line of an add-entry dialog."""

    # Figures for the admins (issue: operations)
    assistant_weekly_digest: str = "mon 09:00"
    """When the admins get the weekly usage digest (Beijing time): "mon 09:00"; "off" for never."""

    @field_validator("assistant_weekly_digest", mode="before")
    @classmethod
    def _weekly(cls, value: object) -> str:
        # NoneBot reads "false" or "0" from the environment as JSON, not as text.
        text = str(value)
        parse_weekly(text)  # a malformed time fails start-up, saying how to write it
        return text
