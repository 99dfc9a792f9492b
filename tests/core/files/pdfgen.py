"""Minimal PDF files written by hand, for tests: pages with Chinese text and grey pictures.

Text uses a Type0 font with Identity-H encoding, each character's code being its Unicode
code point, and a ToUnicode map so that text extraction reads it back. Pictures are Flate-
compressed DeviceGray images of a given size; nothing is rendered, only structure matters.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class PageSpec:
    lines: Sequence[str] = ()
    pictures: Sequence[tuple[int, int]] = ()
    """(width, height) of each picture on the page."""
    form_pictures: Sequence[tuple[int, int]] = field(default=())
    """Pictures wrapped in a form XObject, as some exporters do."""


def pdf(pages: Sequence[PageSpec]) -> bytes:
    """A PDF of `pages`."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    chars = sorted({ch for page in pages for line in page.lines for ch in line})
    cmap = _to_unicode(chars)
    to_unicode = add(_stream(b"", cmap))
    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        + f"/DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    kids = []
    for page in pages:
        images: list[str] = []
        drawing = b""
        for i, (w, h) in enumerate(page.pictures):
            number = add(_image(w, h))
            images.append(f"/Im{i} {number} 0 R")
            drawing += f"q {w} 0 0 {h} 50 {100 + 10 * i} cm /Im{i} Do Q\n".encode()
        for i, (w, h) in enumerate(page.form_pictures):
            inner = add(_image(w, h))
            form = add(
                _stream(
                    f"/Type /XObject /Subtype /Form /BBox [0 0 {w} {h}] "
                    f"/Resources << /XObject << /I {inner} 0 R >> >>".encode(),
                    f"q {w} 0 0 {h} 0 0 cm /I Do Q".encode(),
                )
            )
            images.append(f"/Fm{i} {form} 0 R")
            drawing += f"q 1 0 0 1 60 {300 + 10 * i} cm /Fm{i} Do Q\n".encode()
        text = b"BT /F1 12 Tf 14 TL 40 800 Td\n"
        for line in page.lines:
            text += b"<" + "".join(f"{ord(ch):04X}" for ch in line).encode() + b"> Tj T*\n"
        text += b"ET\n"
        content = add(_stream(b"", text + drawing))
        resources = f"<< /Font << /F1 {font} 0 R >> /XObject << {' '.join(images)} >> >>"
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] "
                f"/Contents {content} 0 R /Resources {resources} >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(extra: bytes, data: bytes) -> bytes:
    return b"<< " + extra + f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _image(width: int, height: int) -> bytes:
    data = zlib.compress(bytes([128]) * (width * height))
    return _stream(
        f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode".encode(),
        data,
    )


def _to_unicode(chars: Sequence[str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(chars), 100):
        block = chars[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{ord(c):04X}> <{ord(c):04X}>" for c in block)
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()
