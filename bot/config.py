"""The one settings model of the assistant.

NoneBot reads it from environment variables and `.env` (environment wins); plugins get it with
`get_plugin_config(Settings)`. The core receives a `Settings` instance and never reads the
environment itself, so tests build one directly.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

CONSULTATION_GROUPS = (807645478, 207935293)


class Settings(BaseModel):
    """Settings of 填报助手; every field can be set as an upper-case environment variable."""

    assistant_groups: list[int] = Field(default_factory=lambda: list(CONSULTATION_GROUPS))
    """Groups the bot speaks in; other groups are ignored entirely."""

    assistant_proactive: bool = True
    """Answer unaddressed group messages that are clearly guide questions (high confidence)."""

    assistant_proactive_off_groups: list[int] = Field(default_factory=list)
    """Groups where unaddressed questions are never answered, even with high confidence."""

    assistant_min_confidence: float = 0.5
    """Retrieval confidence needed to answer an addressed question with a knowledge entry."""

    assistant_proactive_confidence: float = 0.75
    """Retrieval confidence needed to answer an unaddressed group message."""

    assistant_admins: list[int] = Field(default_factory=list)
    """QQ numbers of human admins (besides SUPERUSERS) who get hand-offs and may edit the FAQ."""

    assistant_max_input_chars: int = 20000
    """Longest message the bot reads; longer ones get a polite refusal."""
