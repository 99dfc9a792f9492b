"""Files as the OneBot implementations describe them: segment and notice shapes, the ways to
the bytes in order, what an action's answer offers, and what is refused before fetching."""

from __future__ import annotations

from typing import Any

import pytest

from bot.files.incoming import (
    ONLINE,
    ActionStep,
    Base64Step,
    HttpStep,
    LocalStep,
    Upload,
    base64_size,
    followups,
    from_notice,
    from_segment,
    local_path,
    merged,
    plan,
    refusal,
    same_upload,
)
from bot.files.limits import MB

HTTP = "https://multimedia.nt.qq.com.cn/download?fileid=abc"


def segment(kind: str, chat: str = "private", **data: Any) -> Upload | None:
    return from_segment(kind, data, chat=chat, chat_id=42, user_id=7, message_id=99)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "name", "size", "url", "path", "file_id"),
    [
        pytest.param({"file": "汇总表.xlsx", "file_id": "uuid", "file_size": "2048"},
                     "汇总表.xlsx", 2048, "", "", "uuid", id="napcat-new-no-url"),
        pytest.param({"file": "汇总表.xlsx", "file_id": "uuid", "file_size": "2048", "url": HTTP},
                     "汇总表.xlsx", 2048, HTTP, "", "uuid", id="napcat-new-url"),
        pytest.param({"file": "表.xls", "path": "/q/表.xls", "url": "file:///q/%E8%A1%A8.xls",
                      "file_id": "u.表.xls", "file_size": 10, "file_unique": "表.xls"},
                     "表.xls", 10, "file:///q/%E8%A1%A8.xls", "/q/表.xls", "u.表.xls",
                     id="napcat-3x"),
        pytest.param({"file_name": "证明.pdf", "file_hash": "ab12", "file_id": "/f-1", "url": HTTP},
                     "证明.pdf", None, HTTP, "", "/f-1", id="lagrange"),
        pytest.param({"file": "C:\\Users\\a\\表.csv", "file_id": "x"},
                     "表.csv", None, "", "", "x", id="name-with-windows-folder"),
        pytest.param({"file": "https://x/y", "file_id": "x"},
                     "文件", None, "", "", "x", id="link-is-not-a-name"),
    ],
)
def test_segment_shapes(
    data: dict[str, Any], name: str, size: int | None, url: str, path: str, file_id: str
) -> None:
    """Each implementation's file segment gives the same facts."""
    upload = segment("file", **data)
    assert upload is not None
    assert (upload.name, upload.size, upload.url, upload.path, upload.file_id) == (
        name, size, url, path, file_id
    )
    assert (upload.chat, upload.chat_id, upload.user_id, upload.message_id) == (
        "private", 42, 7, 99
    )


@pytest.mark.parametrize("kind", ["onlinefile", "flashtransfer"])
def test_online_transfers_cannot_be_fetched(kind: str) -> None:
    """Online transfers and 闪传 are files nothing fetches: refused with their own line."""
    upload = segment(kind, fileName="表.xlsx", fileSize="10")
    assert upload is not None
    assert upload.online
    assert refusal(upload, 50 * MB) == ONLINE


@pytest.mark.parametrize("kind", ["text", "image", "reply", "at"])
def test_other_segments_are_not_files(kind: str) -> None:
    """Pictures and text are not uploads (pictures get their own guidance)."""
    assert segment(kind, file="a.jpg", url=HTTP) is None


@pytest.mark.parametrize(
    ("notice", "chat", "chat_id", "busid", "url"),
    [
        pytest.param({"notice_type": "group_upload", "group_id": 5, "user_id": 7,
                      "file": {"id": "md5", "name": "表.xlsx", "size": 9, "busid": 102}},
                     "group", 5, 102, "", id="napcat-group-upload"),
        pytest.param({"notice_type": "group_upload", "group_id": 5, "user_id": 7,
                      "file": {"id": "/g", "name": "表.xlsx", "size": 9, "busid": 0, "url": HTTP}},
                     "group", 5, 0, HTTP, id="lagrange-group-upload"),
        pytest.param({"notice_type": "offline_file", "user_id": 7,
                      "file": {"id": "/p", "name": "表.xlsx", "size": 9, "busid": 0, "url": HTTP}},
                     "private", 7, 0, HTTP, id="lagrange-offline-file"),
    ],
)
def test_notice_shapes(
    notice: dict[str, Any], chat: str, chat_id: int, busid: int, url: str
) -> None:
    """Upload notices give the chat, sender, name, size, busid and link."""
    upload = from_notice(notice)
    assert upload is not None
    assert (upload.chat, upload.chat_id, upload.user_id, upload.name, upload.size) == (
        chat, chat_id, 7, "表.xlsx", 9
    )
    assert (upload.busid, upload.url, upload.message_id) == (busid, url, None)


@pytest.mark.parametrize(
    "notice",
    [
        pytest.param({"notice_type": "group_recall", "group_id": 5, "user_id": 7}, id="other"),
        pytest.param({"notice_type": "group_upload", "user_id": 7, "file": {}}, id="no-group"),
        pytest.param({"notice_type": "offline_file", "user_id": 7, "file": "x"}, id="bad-file"),
    ],
)
def test_notices_that_are_not_uploads(notice: dict[str, Any]) -> None:
    """Other notices and malformed ones give nothing."""
    assert from_notice(notice) is None


def _u(**fields: Any) -> Upload:
    base: dict[str, Any] = {"chat": "group", "chat_id": 5, "user_id": 7, "name": "表.xlsx"}
    return Upload(**(base | fields))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(_u(size=9, ids=frozenset({"uuid"})), _u(size=9, ids=frozenset({"md5"})),
                     True, id="napcat-uuid-vs-md5-same-name-size"),
        pytest.param(_u(ids=frozenset({"/f"})), _u(size=9, ids=frozenset({"/f"})),
                     True, id="lagrange-shared-id"),
        pytest.param(_u(), _u(size=9), True, id="size-unknown-on-one-side"),
        pytest.param(_u(size=9), _u(size=10), False, id="sizes-disagree"),
        pytest.param(_u(size=9), _u(size=9, name="别的.xlsx"), False, id="other-name"),
        pytest.param(_u(size=9), _u(size=9, user_id=8), False, id="other-sender"),
        pytest.param(_u(size=9), _u(size=9, chat_id=6), False, id="other-group"),
    ],
)
def test_same_upload(a: Upload, b: Upload, same: bool) -> None:
    """The message and the notice of one upload pair up; other uploads do not."""
    assert same_upload(a, b) is same


def test_merged_keeps_what_either_knows() -> None:
    """A message without size and link plus its notice with both: one upload with all."""
    message = _u(file_id="/f", message_id=3, ids=frozenset({"/f"}))
    notice = _u(size=9, url=HTTP, busid=102, ids=frozenset({"/f"}))
    both = merged(message, notice)
    assert (both.size, both.url, both.busid, both.message_id, both.file_id) == (
        9, HTTP, 102, 3, "/f"
    )


@pytest.mark.parametrize(
    ("upload", "local", "steps"),
    [
        pytest.param(_u(chat="private", chat_id=7, url=HTTP, file_id="id", file_hash="h"), False,
                     [HttpStep(HTTP),
                      ActionStep("get_private_file_url",
                                 {"user_id": 7, "file_id": "id", "file_hash": "h"}),
                      ActionStep("get_file", {"file_id": "id", "file": "id"})],
                     id="private-link-first"),
        pytest.param(_u(file_id="id", busid=102, path="/q/a.xlsx", url="file:///q/a.xlsx"), False,
                     [ActionStep("get_group_file_url",
                                 {"group_id": 5, "file_id": "id", "busid": 102}),
                      ActionStep("get_file", {"file_id": "id", "file": "id"})],
                     id="group-no-local-paths"),
        pytest.param(_u(file_id="id", path="/q/a.xlsx", url="file:///q/a.xlsx"), True,
                     [LocalStep("/q/a.xlsx"),
                      ActionStep("get_group_file_url", {"group_id": 5, "file_id": "id"}),
                      ActionStep("get_file", {"file_id": "id", "file": "id"})],
                     id="same-host-path-once"),
        pytest.param(_u(), True, [], id="nothing-to-go-by"),
    ],
)
def test_plan(upload: Upload, local: bool, steps: list[Any]) -> None:
    """Links first, local paths only on NapCat's host, URL actions before get_file."""
    assert plan(upload, local_paths=local) == steps


@pytest.mark.parametrize(
    ("answer", "local", "steps"),
    [
        pytest.param({"url": HTTP}, False, [HttpStep(HTTP)], id="url-action"),
        pytest.param({"file": "/n/a.xlsx", "url": "/n/a.xlsx", "base64": "QUJD"}, False,
                     [Base64Step("QUJD")], id="get-file-base64"),
        pytest.param({"file": "/n/a.xlsx", "url": "/n/a.xlsx"}, False, [], id="get-file-path"),
        pytest.param({"file": "/n/a.xlsx", "url": "/n/a.xlsx"}, True,
                     [LocalStep("/n/a.xlsx")], id="get-file-path-same-host"),
        pytest.param(None, True, [], id="no-data"),
    ],
)
def test_followups(answer: Any, local: bool, steps: list[Any]) -> None:
    """What an action answered becomes the next ways to try."""
    assert followups(answer, local_paths=local) == steps


@pytest.mark.parametrize(
    ("location", "path"),
    [
        pytest.param("file:///root/QQ/%E8%A1%A8.xlsx", "/root/QQ/表.xlsx", id="file-url"),
        pytest.param("file:///C:/QQ/a.xlsx", "C:/QQ/a.xlsx", id="windows-file-url"),
        pytest.param("/tmp/a.xlsx", "/tmp/a.xlsx", id="absolute"),
        pytest.param("D:\\QQ\\a.xlsx", "D:\\QQ\\a.xlsx", id="windows-absolute"),
        pytest.param(HTTP, None, id="http"),
        pytest.param("a.xlsx", None, id="relative"),
    ],
)
def test_local_path(location: str, path: str | None) -> None:
    """Only file:// URLs and absolute paths name a local file."""
    assert local_path(location) == path


@pytest.mark.parametrize(
    ("upload", "start"),
    [
        pytest.param(_u(name="a.png"), "图片我看不了", id="picture"),
        pytest.param(_u(name="a.PPTX"), "PPT演示文稿我看不了", id="presentation"),
        pytest.param(_u(size=51 * MB), "文件《表.xlsx》有51.0MB", id="over-cap"),
        pytest.param(_u(size=50 * MB), None, id="at-cap"),
        pytest.param(_u(name="汇总表"), None, id="no-suffix-judged-by-bytes"),
        pytest.param(_u(name="a.doc"), None, id="old-word-judged-by-bytes"),
    ],
)
def test_refusal(upload: Upload, start: str | None) -> None:
    """What is known before fetching: types never read and sizes over the cap; any other name
    is fetched and judged by its bytes."""
    line = refusal(upload, 50 * MB)
    assert (line if start is None else (line or "")[: len(start)]) == start


def test_base64_size() -> None:
    """The decoded size is known from the text's length."""
    assert base64_size("QUJD") == 3
