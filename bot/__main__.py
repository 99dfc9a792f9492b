"""`python -m bot` starts the service; `python -m bot ask "问题"` prints the private-chat reply;
`python -m bot faq export|import FILE` exports or imports the FAQ as the chat commands do;
`stats [--days N] [--xlsx FILE]` prints (and exports) the usage figures; `backup [PATH]` copies
the FAQ database, also while the bot runs; `restore FILE` puts a copy back (bot stopped);
`check-file PATH` prints the report the bot gives in chat for that file."""

from __future__ import annotations

import argparse
import gc
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="填报助手")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="不启动服务，打印机器人在私聊里对这个问题的回复")
    ask.add_argument("question", nargs="+")
    faq = sub.add_parser("faq", help="导出或导入问答库（与 /faq export、/faq import 相同）")
    faq.add_argument("action", choices=["export", "import"])
    faq.add_argument("file", nargs="?", help="导出时不写则打印到屏幕；导入时必填")
    stats = sub.add_parser("stats", help="打印使用统计（与 /faq stats 相同），可导出为表格")
    stats.add_argument("--days", type=int, default=7, help="统计最近几天，默认 7")
    stats.add_argument("--xlsx", metavar="FILE", help="同时导出为 .xlsx 表格")
    backup = sub.add_parser("backup", help="备份问答数据库（机器人运行时也可以）")
    backup.add_argument("path", nargs="?", help="备份文件或文件夹；默认数据目录下的 backups/")
    restore = sub.add_parser("restore", help="用备份恢复问答数据库（先停止机器人）")
    restore.add_argument("file", help="python -m bot backup 生成的备份文件")
    check = sub.add_parser(
        "check-file", help="检查一个文件（汇总表或证明材料PDF），打印与聊天里相同的结果"
    )
    check.add_argument("path", help="文件路径：.xlsx .xls .csv .docx .pdf")
    args = parser.parse_args(argv)

    if args.command == "check-file":
        from bot.cli import check_file_path

        return check_file_path(args.path)

    if args.command == "stats":
        from bot.cli import stats as print_stats

        return print_stats(max(1, args.days), args.xlsx)

    if args.command == "backup":
        from bot.cli import backup as make_backup

        return make_backup(args.path)

    if args.command == "restore":
        from bot.cli import restore as put_back

        return put_back(args.file)

    if args.command == "faq":
        from bot.cli import faq_file

        return faq_file(args.action, args.file)

    if args.command == "ask":
        from bot.cli import ask_once

        print(ask_once(" ".join(args.question)))
        return 0

    # Start-up makes some 80,000 objects that live as long as the process; the collector
    # scanning them again and again while they were made took 8% of start-up. `run` turns it
    # back on once they are made.
    gc.disable()
    from bot.app import run

    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
