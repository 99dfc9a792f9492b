"""The child process of `check_file_isolated`: one JSON header line and the file's bytes on
stdin, the reply as JSON on stdout. It caps its own address space before reading anything."""

from __future__ import annotations

import json
import sys


def main() -> int:
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    if header["memory"]:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (header["memory"], header["memory"]))
    data = stdin.read()
    from bot.files import FileLimits, check_file

    reply = check_file(
        header["name"], data, year=header["year"], limits=FileLimits(**header["limits"])
    )
    fields = {
        "kind": reply.kind.value,
        "text": reply.text,
        "clause": reply.clause,
        "detail": reply.detail,
    }
    sys.stdout.buffer.write(json.dumps(fields, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
