"""What the files plugin does with a message or a notice (see the plugin's docstring)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from nonebot.adapters.onebot.v11 import (
    Bot,
    Event,
    GroupMessageEvent,
    MessageEvent,
    NoticeEvent,
)

from bot.app.files import answer_notice
from bot.app.services import services
from bot.checks import NO_FILE, CheckKind, detect
from bot.config import Settings
from bot.files.incoming import (
    CHECKED,
    CHECKING,
    IMAGE_HINT,
    ONLINE_ONLY,
    PROGRESS,
    ChatKind,
    Upload,
    from_notice,
    from_segment,
    refusal,
)
from bot.files.limits import MB
from bot.files.uploads import Entry, State, UploadBook
from bot.reply import Reply, ReplyKind
from plugins._common.events import Replied, emit_replied
from plugins._common.replies import send_reply
from plugins._common.scope import is_addressed

PROGRESS_AFTER = 3.0
"""Seconds before a check still running is announced with "正在查看…"."""
NOTICE_GRACE = 1.5
"""Seconds a notice waits for the message of the same upload, whose answer can quote it."""
UPLOAD_NOTICES = frozenset({"group_upload", "offline_file"})
LOOK = re.compile(
    r"看看|看下|看一下|瞅|瞧|检查|查一下|对吗|对不对|行吗|行不行|可以吗|有问题吗|有没有问题|怎么样"
)
"""Words asking the bot to look at a picture sent with them."""
LOOK_MAX_CHARS = 20
"""Longer words beside a picture are a question of their own."""
MENTION_MAX_CHARS = 80
"""Longer than any "我刚传了汇总表，帮我看看" (`bot.checks.detect` reads no longer ones as one)."""
FILE_SEGMENTS = frozenset({"file", *ONLINE_ONLY})

Say = Callable[[str], Awaitable[None]]


def _chat(event: MessageEvent) -> tuple[ChatKind, int]:
    if isinstance(event, GroupMessageEvent):
        return "group", event.group_id
    return "private", event.user_id


def _addressed(event: MessageEvent) -> bool:
    return not isinstance(event, GroupMessageEvent) or is_addressed(event)


def carried(event: MessageEvent) -> Upload | None:
    """The file the message itself carries."""
    chat, chat_id = _chat(event)
    for seg in event.message:
        upload = from_segment(
            seg.type,
            seg.data,
            chat=chat,
            chat_id=chat_id,
            user_id=event.user_id,
            message_id=event.message_id,
        )
        if upload is not None:
            return upload
    return None


def _quoted_upload(event: MessageEvent) -> Upload | None:
    """The file in the quoted message, as the adapter fetched it with `get_msg`."""
    reply = event.reply
    if reply is None:
        return None
    chat, chat_id = _chat(event)
    for seg in reply.message:
        upload = from_segment(
            seg.type,
            seg.data,
            chat=chat,
            chat_id=chat_id,
            user_id=reply.sender.user_id or 0,
            message_id=reply.message_id,
        )
        if upload is not None:
            return upload
    return None


def _quoted_id(event: MessageEvent) -> int | None:
    """The quoted message's id while the quote is unresolved (`get_msg` failed)."""
    for seg in event.message:
        if seg.type == "reply" and str(seg.data.get("id", "")).lstrip("-").isdigit():
            return int(seg.data["id"])
    return None


def quotes_a_file(event: MessageEvent, book: UploadBook) -> bool:
    if _quoted_upload(event) is not None:
        return True
    message_id = _quoted_id(event)
    chat, chat_id = _chat(event)
    return message_id is not None and book.by_message(chat, chat_id, message_id) is not None


def quoted(event: MessageEvent, book: UploadBook) -> Entry | None:
    """The upload the message quotes, remembered from now on if it was not."""
    upload = _quoted_upload(event)
    if upload is not None:
        return book.recall(upload)
    message_id = _quoted_id(event)
    if message_id is None:
        return None
    chat, chat_id = _chat(event)
    return book.by_message(chat, chat_id, message_id)


def is_file_mention(text: str) -> bool:
    """ "我刚传了汇总表，帮我看看": a file said to be sent, not in this message."""
    if not text or len(text) > MENTION_MAX_CHARS:
        return False  # a paste, not a mention: no need to run the detector on it
    request = detect(text)
    return request is not None and request.kind is CheckKind.FILE


def about_the_picture(text: str) -> bool:
    """Whether the words beside a picture only ask the bot to look at it ("帮我看看对吗"), so
    the answer is what it can read instead; a question of its own goes to the question path."""
    text = text.strip(" ，,。.!！?？~")
    return not text or is_file_mention(text) or (
        len(text) <= LOOK_MAX_CHARS and LOOK.search(text) is not None
    )


def _has_image(event: MessageEvent) -> bool:
    return any(seg.type == "image" for seg in event.message)


def wants(event: MessageEvent) -> bool:
    """Whether this plugin answers the message instead of the question path (a claim: it runs
    for every message in scope, so the cheap tests come first)."""
    if any(seg.type in FILE_SEGMENTS for seg in event.message):
        return True  # in a group without an @ it is only remembered, in silence
    if not _addressed(event):
        return False
    if quotes_a_file(event, services().files.book):
        return True
    text = event.get_plaintext().strip()
    if _has_image(event):
        return about_the_picture(text)
    chat, chat_id = _chat(event)
    latest = services().files.book.latest(chat, chat_id, event.user_id)
    return latest is not None and is_file_mention(text)


async def on_message(bot: Bot, event: MessageEvent) -> None:
    """A claimed message: a file, a quote of one, a picture, or "我刚传了…". Reported to the
    after-reply hooks like every handled message (spoke=False when the bot kept quiet)."""
    reply = await _answer(bot, event, _say_to(bot, event))
    quiet = Reply(ReplyKind.CHITCHAT, "")
    await emit_replied(
        Replied(bot, event, event.get_plaintext(), reply or quiet, spoke=reply is not None)
    )


async def _answer(bot: Bot, event: MessageEvent, say: Say) -> Reply | None:
    book = services().files.book
    chat, chat_id = _chat(event)
    upload = carried(event)
    if upload is not None:
        sent = book.note(upload)
        if chat == "group" and not (
            is_addressed(event) or book.expecting(chat_id, event.user_id)
        ):
            return None  # remembered for a quote: not every upload of a big group is checked
        # The other event of the same upload (its notice) may have taken it already.
        return await check(bot, sent, say) if book.take(sent) else None
    asked = quoted(event, book)
    if asked is not None:
        if book.retake(asked):
            return await check(bot, asked, say)
        return await _tell(say, CHECKING.format(name=asked.upload.name))
    if _has_image(event):
        return await _tell(say, IMAGE_HINT)
    latest = book.latest(chat, chat_id, event.user_id)
    if latest is None:
        # Forgotten between the claim and now (at the edge of its ten minutes).
        _expect(book, event)
        return await _tell(say, NO_FILE)
    if book.take(latest):
        return await check(bot, latest, say)
    line = CHECKING if latest.state is State.CHECKING else CHECKED
    return await _tell(say, line.format(name=latest.upload.name))


async def _tell(say: Say, text: str) -> Reply:
    await say(text)
    return Reply(ReplyKind.HELP, text)


async def check(bot: Bot, entry: Entry, say: Say) -> Reply:
    """Check the upload of `entry` (claimed by the caller) and send the result; "正在查看…"
    first when it takes longer than `PROGRESS_AFTER`."""
    settings = services().settings
    desk = services().files
    upload = entry.upload
    try:
        line = refusal(upload, settings.assistant_file_max_mb * MB)
        if line is not None:
            reply = Reply(ReplyKind.CHECK, line)
        else:
            reply = await _announced(
                desk.fetch_and_check(bot, upload, settings), say, upload.name
            )
    finally:
        desk.book.done(entry)
    await say(reply.render())
    return reply


async def _announced(work: Coroutine[Any, Any, Reply], say: Say, name: str) -> Reply:
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=PROGRESS_AFTER)
        if not done:
            await say(PROGRESS.format(name=name))
        return await task
    finally:
        if not task.done():
            task.cancel()


def is_upload_notice(event: Event) -> bool:
    return isinstance(event, NoticeEvent) and event.notice_type in UPLOAD_NOTICES


async def on_notice(bot: Bot, notice: NoticeEvent) -> None:
    """A `group_upload` or `offline_file` notice: remembered; checked when it is the only
    event of an upload that should be checked."""
    settings = services().settings
    upload = from_notice(notice.model_dump())
    if upload is None or not _serves(upload, bot, settings):
        return
    book = services().files.book
    entry = book.note(upload)
    if upload.chat == "group" and not book.expecting(upload.chat_id, upload.user_id):
        return
    await asyncio.sleep(NOTICE_GRACE)
    if book.take(entry):
        await check(bot, entry, lambda text: answer_notice(bot, notice, entry.upload, text))


def _serves(upload: Upload, bot: Bot, settings: Settings) -> bool:
    """Private chats and the configured groups; never the bot's own or another bot's files."""
    if str(upload.user_id) == bot.self_id or upload.user_id in settings.assistant_bot_accounts:
        return False
    return upload.chat == "private" or upload.chat_id in settings.assistant_groups


async def remember_prompt(replied: Replied) -> None:
    """After the bot said in a group that it got no file, that user's next uploads there are
    checked (the NO_FILE reply invites them)."""
    if replied.spoke and replied.reply.text == NO_FILE:
        _expect(services().files.book, replied.event)


def _expect(book: UploadBook, event: MessageEvent) -> None:
    if isinstance(event, GroupMessageEvent):
        book.expect(event.group_id, event.user_id)


def _say_to(bot: Bot, event: MessageEvent) -> Say:
    async def say(text: str) -> None:
        await send_reply(bot, event, text)

    return say


