"""`python -m bot` starts the service; `python -m bot ask "问题"` prints the private-chat reply;
`python -m bot faq export|import FILE` exports or imports the FAQ as the chat commands do."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="填报助手")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="不启动服务，打印机器人在私聊里对这个问题的回复")
    ask.add_argument("question", nargs="+")
    faq = sub.add_parser("faq", help="导出或导入问答库（与 /faq export、/faq import 相同）")
    faq.add_argument("action", choices=["export", "import"])
    faq.add_argument("file", nargs="?", help="导出时不写则打印到屏幕；导入时必填")
    args = parser.parse_args(argv)

    if args.command == "faq":
        from bot.cli import faq_file

        return faq_file(args.action, args.file)

    if args.command == "ask":
        from bot.cli import ask_once

        print(ask_once(" ".join(args.question)))
        return 0

    from bot.app import run

    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
