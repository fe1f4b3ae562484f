"""`liaison calendar`: working-day arithmetic on the holiday calendar, and its upkeep."""
from __future__ import annotations

import argparse
from datetime import date

from .cli_common import database


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是日期（应为 2026-10-08 这样的格式）") from None


def cmd_add(args) -> int:
    from ..core.workdays import WorkCalendar
    with database(args).reader() as s:
        print(WorkCalendar.load(s).add(args.date, args.n).isoformat())
    return 0


def cmd_between(args) -> int:
    from ..core.workdays import WorkCalendar
    with database(args).reader() as s:
        print(WorkCalendar.load(s).between(args.start, args.end))
    return 0


def cmd_set(args) -> int:
    from ..cases.deadlines import change_day
    from ..core.workdays import KINDS
    kind = "holiday" if args.holiday else "workday" if args.workday else None
    with database(args).unit_of_work() as s:
        moved = change_day(s, args.date, kind, args.name or "")
    print(f"{args.date}：{KINDS[kind] if kind else '恢复为普通日'}{('（' + args.name + '）') if args.name else ''}"
          + (f"；{moved}件在办案件的办理时限已按新日历调整" if moved else ""))
    return 0


def cmd_import(args) -> int:
    from ..cases.deadlines import import_calendar
    from ..formats.spreadsheets import read_table
    table = read_table(args.file)
    with database(args).unit_of_work() as s:
        n, moved = import_calendar(s, table.rows, table.row_numbers)
    print(f"已导入{n}天" + (f"；{moved}件在办案件的办理时限已按新日历调整" if moved else ""))
    return 0


def cmd_show(args) -> int:
    from ..core.workdays import year_days
    with database(args).reader() as s:
        days = year_days(s, args.year)
    if not days:
        print(f"{args.year}年还没有节假日安排（请用 liaison calendar import 导入国务院公布的安排）")
    for day, kind, name in days:
        print(f"{day}\t周{'一二三四五六日'[day.weekday()]}\t{kind}\t{name}")
    return 0


def add_parsers(sub, common) -> None:
    """Register `calendar add|between|set|import|show`."""
    cal = sub.add_parser("calendar", parents=[common], help="节假日日历与工作日计算")
    verbs = cal.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", parents=[common], help="某日之后第N个工作日（当日不计）")
    add.add_argument("date", type=_date)
    add.add_argument("n", type=int)
    add.set_defaults(fn=cmd_add)
    between = verbs.add_parser("between", parents=[common], help="两日之间的工作日数（起日不计，止日计入）")
    between.add_argument("start", type=_date)
    between.add_argument("end", type=_date)
    between.set_defaults(fn=cmd_between)
    set_ = verbs.add_parser("set", parents=[common], help="设某日为放假或调休上班（都不选则恢复为普通日）")
    set_.add_argument("date", type=_date)
    kind = set_.add_mutually_exclusive_group()
    kind.add_argument("--holiday", action="store_true", help="放假")
    kind.add_argument("--workday", action="store_true", help="调休上班（周末上班）")
    set_.add_argument("--name", help="名称，如 春节")
    set_.set_defaults(fn=cmd_set)
    imp = verbs.add_parser("import", parents=[common], help="导入一年的安排：日期、类型（放假/调休上班）、名称（全部或全不）")
    imp.add_argument("file")
    imp.set_defaults(fn=cmd_import)
    show = verbs.add_parser("show", parents=[common], help="列出某年的放假与调休上班日")
    show.add_argument("year", type=int)
    show.set_defaults(fn=cmd_show)
