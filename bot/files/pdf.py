"""A PDF's pages as text and picture counts (pypdf), nothing decoded that is not needed.

Text comes from pypdf's extraction (its own output limits guard compressed streams); pictures
are counted from each page's image XObjects, also inside form XObjects, without decoding them.
An encrypted PDF is opened only when it has no open password (permissions only).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from bot.files.limits import CANNOT_OPEN, ENCRYPTED, Budget, FileError, FileLimits

MIN_PICTURE_SIDE = 64
"""Images smaller than this on either side are icons or stamps' fragments, not photos."""
_FORM_DEPTH = 3
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    """1-based."""
    text: str
    pictures: int

    @property
    def has_text(self) -> bool:
        return len("".join(self.text.split())) >= 10


@dataclass(frozen=True, slots=True)
class Pdf:
    pages: tuple[Page, ...]
    total: int
    """Pages in the file; more than `pages` when the page limit cut it."""

    @property
    def pictures(self) -> int:
        return sum(p.pictures for p in self.pages)

    @property
    def scanned(self) -> bool:
        return not any(p.has_text for p in self.pages)


def read_pdf(data: bytes, limits: FileLimits, budget: Budget) -> Pdf:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    # pypdf reports recoverable damage through logging; the check says what it can read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileError(ENCRYPTED)
        total = len(reader.pages)
    except FileError:
        raise
    except (DependencyError, NotImplementedError) as exc:
        raise FileError(ENCRYPTED) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
        raise FileError(CANNOT_OPEN) from exc
    if total == 0:
        raise FileError(CANNOT_OPEN)
    pages: list[Page] = []
    for index in range(min(total, limits.max_pdf_pages)):
        budget.check()
        try:
            page = reader.pages[index]
        except Exception as exc:  # a broken page tree: keep what was read
            if not pages:
                raise FileError(CANNOT_OPEN) from exc
            break
        try:
            pages.append(Page(index + 1, _text(page), _pictures(page)))
        except DependencyError as exc:  # AES without the optional crypto library
            raise FileError(ENCRYPTED) from exc
    return Pdf(tuple(pages), total)


def _text(page: Any) -> str:
    from pypdf.errors import DependencyError

    try:
        return str(page.extract_text() or "")
    except DependencyError:
        raise
    except Exception:  # one unreadable page must not cost the others
        log.debug("page text not extracted", exc_info=True)
        return ""


def _pictures(page: Any) -> int:
    from pypdf.errors import DependencyError

    try:
        return _count(page.get("/Resources"), _FORM_DEPTH, set())
    except DependencyError:
        raise
    except Exception:
        log.debug("page images not counted", exc_info=True)
        return 0


def _count(resources: Any, depth: int, seen: set[int]) -> int:
    if resources is None or depth < 0:
        return 0
    resources = resources.get_object()
    objects = resources.get("/XObject")
    if objects is None:
        return 0
    objects = objects.get_object()
    count = 0
    for key in objects:
        reference = objects.raw_get(key)
        number = getattr(reference, "idnum", None)
        if number is not None:
            if number in seen:
                continue
            seen.add(number)
        item = reference.get_object()
        subtype = item.get("/Subtype")
        if subtype == "/Image":
            width, height = int(item.get("/Width", 0)), int(item.get("/Height", 0))
            count += min(width, height) >= MIN_PICTURE_SIDE
        elif subtype == "/Form":
            count += _count(item.get("/Resources"), depth - 1, seen)
    return count
