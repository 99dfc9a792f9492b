"""A file sent in chat as the OneBot implementations describe it, and how to get its bytes.

`from_segment` reads a `file` message segment and `from_notice` a `group_upload` or
`offline_file` notice, in every shape NapCat and Lagrange.OneBot post them:

- NapCat (newest): `{file: name, file_id, file_size}` plus `url` only when it got an HTTP
  link (NapNeko/NapCatQQ packages/napcat-onebot/api/msg.ts, `fileElement`);
- NapCat 2.x/3.x: `{file: name, path, url: "file://…", file_id, file_size, file_unique}`
  (src/onebot/api/msg.ts): the path is on NapCat's host and may not exist yet;
- Lagrange.OneBot: `{file_name, file_hash, file_id, url}`, no size (Message/Entity/FileSegment.cs);
- `group_upload` notices `{group_id, user_id, file: {id, name, size, busid, url?}}` (NapCat's
  id is the file's uuid or md5, Lagrange's the group file id with `url`) and Lagrange's private
  `offline_file` `{user_id, file: {id, name, size, busid, url}}` (Core/Notify/NotifyService.cs).

`plan` orders the ways to the bytes: the segment's HTTP url; a local path when the bot runs on
NapCat's host (`local_paths`); `get_group_file_url` / `get_private_file_url`, which answer an
HTTP link the download can cap as it streams; last `get_file`, which makes NapCat download the
whole file first and answers a path on its host, with `base64` only when NapCat is set to
(packages/napcat-onebot/action/file/GetFile.ts). `followups` reads what an action answered.
`refusal` is what is known before a byte is fetched: a size over the cap, a type never read.
Pure: no network, no nonebot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple
from urllib.parse import unquote, urlsplit

from bot.files.limits import SUPPORTED, size_text
from bot.files.sniff import suffix, unsupported

ChatKind = Literal["group", "private"]

ONLINE_ONLY = frozenset({"onlinefile", "flashtransfer"})
"""NapCat segments of files sent by online transfer or QQ 闪传, which no action fetches."""

PROGRESS = "正在查看《{name}》…"
CHECKING = "《{name}》收到了，正在查看，结果马上发。"
CHECKED = "《{name}》已经看过了，结果在上面。"
FETCH_FAILED = (
    "文件《{name}》我没能下载下来（QQ没给下载地址，或文件已过期）。请重新发一次；"
    "还不行的话，可以把表格行复制粘贴给我。"
)
FETCH_TIMEOUT = (
    "文件《{name}》{seconds:g}秒内没能下载完，我先不看了。请稍后重发；"
    "文件很大的话，只保留要检查的部分再发。"
)
TOO_BIG = "文件《{name}》{size}，我这里最多看{limit}的文件。请只保留要检查的部分再发。"
ONLINE = (
    "在线传输或闪传的文件我收不到。请用普通方式发送文件（私聊发离线文件，群里上传群文件）。"
)
IMAGE_HINT = (
    "图片里的字我读不出来。要检查汇总表或草稿：把文字直接粘贴发给我"
    "（表格在Excel或WPS里连表头选中后复制），或者发文件（"
    + SUPPORTED
    + "）：私聊直接发；群里上传后，回复那个文件并@我。"
)
"""The answer to a picture: what the bot can read instead (issue 16 item 6)."""

_NEVER_READ: dict[str, str] = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif",
                     ".tiff"), "图片"),
    **dict.fromkeys((".mp4", ".mov", ".avi", ".mkv", ".wmv", ".flv"), "视频"),
    **dict.fromkeys((".mp3", ".wav", ".amr", ".silk", ".m4a"), "音频"),
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz", ".tar"), "压缩包"),
    **dict.fromkeys((".ppt", ".pptx"), "PPT演示文稿"),
    **dict.fromkeys((".exe", ".apk", ".msi", ".dmg"), "程序文件"),
}
"""Suffixes whose content is never a table or a proof PDF: refused without downloading. Any
other name is fetched and judged by its bytes (`bot.files.sniff`), as users rename freely."""


@dataclass(frozen=True, slots=True)
class Upload:
    """One file a user sent, with everything known about where its bytes are."""

    chat: ChatKind
    chat_id: int
    """The group, or the user of a private chat."""
    user_id: int
    name: str
    size: int | None = None
    """As advertised; None when the shape has none (Lagrange's segment)."""
    file_id: str = ""
    url: str = ""
    path: str = ""
    file_hash: str = ""
    busid: int | None = None
    message_id: int | None = None
    """The message that carried it; None for a notice."""
    online: bool = False
    """Sent by online transfer or 闪传: nothing can fetch it."""
    ids: frozenset[str] = field(default_factory=frozenset)
    """Every id the implementation gave this upload (uuid, md5, group file id)."""


class HttpStep(NamedTuple):
    url: str


class LocalStep(NamedTuple):
    path: str


class ActionStep(NamedTuple):
    action: str
    params: Mapping[str, Any]


class Base64Step(NamedTuple):
    data: str


Step = HttpStep | LocalStep | ActionStep | Base64Step


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _name(data: Mapping[str, Any]) -> str:
    for key in ("file_name", "name", "file"):
        name = _text(data.get(key))
        # NapCat's `file` is the name; a link or base64 there is not.
        if name and not name.startswith(("http://", "https://", "file://", "base64://")):
            return name.replace("\\", "/").rsplit("/", 1)[-1] or name
    return "文件"


def from_segment(
    kind: str,
    data: Mapping[str, Any],
    *,
    chat: ChatKind,
    chat_id: int,
    user_id: int,
    message_id: int | None,
) -> Upload | None:
    """The upload a message segment carries; None when `kind` is not a file segment."""
    if kind in ONLINE_ONLY:
        name = _text(data.get("fileName")) or _name(data)
        return Upload(chat, chat_id, user_id, name, message_id=message_id, online=True)
    if kind != "file":
        return None
    file_id = _text(data.get("file_id"))
    unique = _text(data.get("file_unique"))
    return Upload(
        chat,
        chat_id,
        user_id,
        _name(data),
        size=_int(data.get("file_size", data.get("size"))),
        file_id=file_id,
        url=_text(data.get("url")),
        path=_text(data.get("path")),
        file_hash=_text(data.get("file_hash")),
        busid=_int(data.get("busid")),
        message_id=message_id,
        ids=frozenset(i for i in (file_id, unique) if i),
    )


def from_notice(notice: Mapping[str, Any]) -> Upload | None:
    """The upload of a `group_upload` or `offline_file` notice; None for other notices or a
    notice without a usable file."""
    kind = notice.get("notice_type")
    file = notice.get("file")
    user_id = _int(notice.get("user_id"))
    if not isinstance(file, Mapping) or user_id is None:
        return None
    if kind == "group_upload":
        group_id = _int(notice.get("group_id"))
        if group_id is None:
            return None
        chat: ChatKind = "group"
        chat_id = group_id
    elif kind == "offline_file":
        chat, chat_id = "private", user_id
    else:
        return None
    file_id = _text(file.get("id"))
    return Upload(
        chat,
        chat_id,
        user_id,
        _name(file),
        size=_int(file.get("size")),
        file_id=file_id,
        url=_text(file.get("url")),
        busid=_int(file.get("busid")),
        ids=frozenset({file_id} - {""}),
    )


def merged(first: Upload, second: Upload) -> Upload:
    """One upload from the message and the notice posted for it: what either knows."""
    return Upload(
        first.chat,
        first.chat_id,
        first.user_id,
        first.name if first.name != "文件" else second.name,
        size=first.size if first.size is not None else second.size,
        file_id=first.file_id or second.file_id,
        url=first.url if is_http(first.url) or not second.url else second.url,
        path=first.path or second.path,
        file_hash=first.file_hash or second.file_hash,
        busid=first.busid if first.busid is not None else second.busid,
        message_id=first.message_id if first.message_id is not None else second.message_id,
        online=first.online and second.online,
        ids=first.ids | second.ids,
    )


def same_upload(a: Upload, b: Upload) -> bool:
    """Whether two events describe one upload: same chat and sender, and a shared id, or the
    same name with sizes that do not disagree (Lagrange's segment has no size, NapCat's notice
    id is the md5 where its segment gives the uuid)."""
    if (a.chat, a.chat_id, a.user_id) != (b.chat, b.chat_id, b.user_id):
        return False
    if a.ids & b.ids:
        return True
    sizes_agree = a.size is None or b.size is None or a.size == b.size
    return a.name == b.name and sizes_agree


def is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def local_path(location: str) -> str | None:
    """The file system path `location` names (a file:// URL or an absolute path), else None."""
    if location.lower().startswith("file://"):
        parts = urlsplit(location)
        path = unquote(parts.path)
        # file:///C:/x on Windows hosts.
        if len(path) > 2 and path[0] == "/" and path[2] == ":":
            path = path[1:]
        return path or None
    if location.startswith("/") or (len(location) > 2 and location[1:3] in (":\\", ":/")):
        return location
    return None


def plan(upload: Upload, *, local_paths: bool) -> list[Step]:
    """The ways to the bytes, best first (see the module docstring)."""
    steps: list[Step] = []
    if is_http(upload.url):
        steps.append(HttpStep(upload.url))
    if local_paths:
        for location in (upload.path, upload.url):
            path = local_path(location)
            if path is not None and LocalStep(path) not in steps:
                steps.append(LocalStep(path))
    if upload.file_id:
        if upload.chat == "group":
            params: dict[str, Any] = {"group_id": upload.chat_id, "file_id": upload.file_id}
            if upload.busid is not None:
                params["busid"] = upload.busid
            steps.append(ActionStep("get_group_file_url", params))
        else:
            params = {"user_id": upload.user_id, "file_id": upload.file_id}
            if upload.file_hash:
                params["file_hash"] = upload.file_hash
            steps.append(ActionStep("get_private_file_url", params))
        # NapCat reads `file_id`, LLOneBot-style implementations `file`.
        steps.append(ActionStep("get_file", {"file_id": upload.file_id, "file": upload.file_id}))
    return steps


def followups(answer: Any, *, local_paths: bool) -> list[Step]:
    """The steps an action's answer offers: base64 content, an HTTP link, a path on NapCat's
    host (only with `local_paths`)."""
    if not isinstance(answer, Mapping):
        return []
    steps: list[Step] = []
    encoded = answer.get("base64")
    if isinstance(encoded, str) and encoded:
        steps.append(Base64Step(encoded.removeprefix("base64://")))
    for key in ("url", "file"):
        location = _text(answer.get(key))
        if is_http(location):
            step: Step = HttpStep(location)
        elif local_paths and (path := local_path(location)) is not None:
            step = LocalStep(path)
        else:
            continue
        if step not in steps:
            steps.append(step)
    return steps


def refusal(upload: Upload, max_bytes: int) -> str | None:
    """What to say without fetching anything; None when the file is worth fetching."""
    if upload.online:
        return ONLINE
    what = _NEVER_READ.get(suffix(upload.name))
    if what is not None:
        return unsupported(upload.name, what)
    if upload.size is not None and upload.size > max_bytes:
        return too_big(upload.name, upload.size, max_bytes)
    return None


def too_big(name: str, size: int | None, max_bytes: int) -> str:
    """The line for a file over the cap; `size` None when only "more than the cap" is known
    (the download was stopped there)."""
    limit = size_text(max_bytes)
    said = f"有{size_text(size)}" if size is not None else f"超过{limit}"
    return TOO_BIG.format(name=name, size=said, limit=limit)


def base64_size(encoded: str) -> int:
    """The decoded size of base64 text, known before decoding it."""
    return len(encoded) * 3 // 4
