"""`liaison eval tally`: paper evaluation forms (满意度测评) counted from a sheet."""
from __future__ import annotations

import json

from ..core.errors import ToolkitError


def cmd_eval_tally(args) -> int:
    from ..evaluations.rules import Formula
    from ..evaluations.tally import tally_table
    from ..formats.spreadsheets import read_table

    if args.members is not None and args.members <= 0:
        raise ToolkitError("--members 应为正整数")
    formula = Formula(numerator=args.formula)
    results = tally_table(read_table(args.file), formula, args.members)
    print(json.dumps({"口径": formula.describe(), "组成人员": args.members, "结果": results},
                     ensure_ascii=False, indent=1))
    return 0


def add_parsers(sub, common) -> None:
    """`liaison eval tally RESPONSES.csv [--members N] [--formula both|satisfied-only]`."""
    p = sub.add_parser("eval", parents=[common], help="满意度测评")
    verbs = p.add_subparsers(dest="verb", required=True)
    t = verbs.add_parser("tally", parents=[common], help="统计纸质测评票（每行一票）")
    t.add_argument("file")
    t.add_argument("--members", type=int, help="组成人员总数（给出时按过半数规则给出结论）")
    t.add_argument("--formula", default="both", choices=["both", "satisfied-only"])
    t.set_defaults(fn=cmd_eval_tally)
