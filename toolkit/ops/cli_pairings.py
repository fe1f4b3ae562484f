"""`liaison pairings export|end-term`: the mentoring pairs (三联结对) out to a workbook, and a term's end."""
from __future__ import annotations

from ..core.errors import ToolkitError
from .cli_common import day_arg


def cmd_pairings(args) -> int:
    from ..core.glossary import LEVELS
    from ..pairings.export import export_pairings
    from ..pairings.services import end_term_pairings
    from .cli_common import database, write_file

    db = database(args)
    if args.verb == "export":
        with db.reader() as s:
            return write_file(args.file, export_pairings(s))
    codes = {v: k for k, v in LEVELS.items()} | {k: k for k in LEVELS}
    if args.level not in codes:
        raise ToolkitError(f"层级应为{'、'.join(LEVELS.values())}之一")
    with db.unit_of_work() as s:
        n = end_term_pairings(s, codes[args.level], args.term, day_arg(args.on))
    print(f"已结束{n}对结对（{args.term}届满），历史记录保留。")
    return 0


def add_parsers(sub, common) -> None:
    """`liaison pairings export FILE` and `liaison pairings end-term --level 县 --term 第十八届`."""
    p = sub.add_parser("pairings", parents=[common], help="三联结对")
    verbs = p.add_subparsers(dest="verb", required=True)
    exp = verbs.add_parser("export", parents=[common], help="导出结对与联系记录（.xlsx）")
    exp.add_argument("file")
    exp.set_defaults(fn=cmd_pairings)
    end = verbs.add_parser("end-term", parents=[common], help="届满：结束该届代表的全部结对")
    end.add_argument("--level", required=True, help="全国/省/市/县/乡")
    end.add_argument("--term", required=True, help="如 第十八届")
    end.add_argument("--on", help="结束日期，默认今天")
    end.set_defaults(fn=cmd_pairings)
