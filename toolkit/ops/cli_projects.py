"""`liaison vote …`: the livelihood-project votes (票决) — paper ballots counted or entered, results exported."""
from __future__ import annotations

import json
import sys

from ..core.errors import ToolkitError


def cmd_vote_count(args) -> int:
    from ..projects.paper_sheets import read_ballot_sheet
    from ..projects.vote_rules import VoteRules, count

    candidates, ballots = read_ballot_sheet(args.file)
    rules = VoteRules(seats=args.seats, electorate=args.electorate, present=args.present, issued=args.issued,
                      form=args.form, threshold=args.threshold)
    result = count(ballots, candidates, rules)
    print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    if result.void:
        print(f"错误：{result.void}", file=sys.stderr)
        return 2
    return 0


def cmd_vote_paper(args) -> int:
    from ..projects.ballots import record_paper_ballots
    from ..projects.box import turnout
    from ..projects.paper_sheets import read_ballot_sheet
    from .cli_common import database

    _, ballots = read_ballot_sheet(args.file)
    with database(args).unit_of_work() as s:
        n = record_paper_ballots(s, args.vote, ballots, args.issued)
        t = turnout(s, args.vote)
    print(f"已录入纸质选票{n}张；本次票决共发出{t['issued']}张，收回{t['returned']}张。")
    return 0


def cmd_vote_export(args) -> int:
    from ..projects.announce import (
        announcement_html,
        announcement_pdf,
        announcement_xlsx,
    )
    from ..projects.export import vote_pb
    from .cli_common import database, write_file

    makers = {".pb": lambda s, v: vote_pb(s, v).encode("utf-8"), ".html": lambda s, v: announcement_html(s, v).encode("utf-8"),
              ".xlsx": announcement_xlsx, ".pdf": announcement_pdf}
    suffix = "." + args.out.rsplit(".", 1)[-1].lower() if "." in args.out else ""
    if suffix not in makers:
        raise ToolkitError("输出文件应以 .pb、.html、.xlsx 或 .pdf 结尾")
    with database(args).reader() as s:
        data = makers[suffix](s, args.vote)
    return write_file(args.out, data)


def cmd_vote_list(args) -> int:
    from ..core.glossary import VOTE_STATES
    from ..projects.votes import list_votes
    from .cli_common import database

    with database(args).reader() as s:
        for vid, name, state in list_votes(s):
            print(f"{vid}\t{VOTE_STATES[state]}\t{name}")
    return 0


def add_parsers(sub, common) -> None:
    """`liaison vote count BALLOTS.csv --seats N --electorate M …` for paper ballots."""
    p = sub.add_parser("vote", parents=[common], help="民生实事项目票决")
    verbs = p.add_subparsers(dest="verb", required=True)
    c = verbs.add_parser("count", parents=[common], help="统计纸质选票（每行一张票，每列一个候选项目）")
    c.add_argument("file")
    c.add_argument("--seats", type=int, required=True, help="应选项目数")
    c.add_argument("--electorate", type=int, required=True, help="全体代表人数")
    c.add_argument("--present", type=int, help="出席代表人数")
    c.add_argument("--issued", type=int, help="发出票数")
    c.add_argument("--form", default="itemised", choices=["itemised", "limited"])
    c.add_argument("--threshold", default="all", choices=["all", "present"])
    c.set_defaults(fn=cmd_vote_count)
    ls = verbs.add_parser("list", parents=[common], help="列出库中的票决及其编号")
    ls.set_defaults(fn=cmd_vote_list)
    paper = verbs.add_parser("paper", parents=[common], help="把纸质选票录入库中进行中的票决（全部或全不）")
    paper.add_argument("vote", type=int, help="票决编号")
    paper.add_argument("file", help="选票表（每行一张票，每列一个候选项目）")
    paper.add_argument("--issued", type=int, required=True, help="发出的纸质选票张数")
    paper.set_defaults(fn=cmd_vote_paper)
    export = verbs.add_parser("export", parents=[common], help="导出计票结果：.pb（pabulib）、.html、.xlsx、.pdf 公告")
    export.add_argument("vote", type=int, help="票决编号")
    export.add_argument("--out", required=True)
    export.set_defaults(fn=cmd_vote_export)
