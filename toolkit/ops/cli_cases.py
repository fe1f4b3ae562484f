"""`liaison cases …` and `liaison qr …`: ledgers, hotline exports, figures, exports, QR codes."""
from __future__ import annotations

import json
import sys
from datetime import date

from ..core.errors import ToolkitError
from ..core.glossary import IMPORT_OUTCOMES

LABELS = {k: IMPORT_OUTCOMES[k] for k in ("new", "skipped", "error")}   # a ledger row's outcomes


def cmd_import(args) -> int:
    from ..cases.hotline import plan_hotline_import
    from ..cases.ledger_import import apply_case_import, plan_ledger_import
    from .cli_common import run_import

    planner = plan_hotline_import if args.verb == "hotline" else plan_ledger_import
    return run_import(args, planner, apply_case_import, LABELS)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    from ..core.validation import check_date
    try:
        return check_date(text)
    except ValueError as e:
        raise ToolkitError(f"日期「{text}」有误：{e}") from None


def cmd_stats(args) -> int:
    from ..cases.stats import RATE_NOTE, case_figures
    from .cli_common import database

    with database(args).reader() as s:
        df = case_figures(s, args.by, _day(args.date_from), _day(args.date_to))
    if args.format == "json":
        rows = json.loads(df.to_json(orient="records", force_ascii=False))
        print(json.dumps({"口径": RATE_NOTE, "分组": args.by, "结果": rows}, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        print(RATE_NOTE)
        print(df.to_string(index=False))
    return 0


def cmd_export(args) -> int:
    from ..cases.export import export_cases
    from ..cases.queries import CaseFilter
    from .cli_common import database, write_file

    f = CaseFilter(open_only=args.open, overdue_only=args.overdue,
                   date_from=_day(args.date_from), date_to=_day(args.date_to))
    with database(args).reader() as s:
        return write_file(args.file, export_cases(s, f))


def cmd_learn(args) -> int:
    from ..triage.learn import learn
    from .cli_common import database

    with database(args).unit_of_work() as s:
        m = learn(s)
        print(f"已学习：{m.cases}件历史案件，用时{m.seconds}秒（模型 {m.digest[:12]}）。")
    return 0


def cmd_suggest(args) -> int:
    from ..network.station_index import StationIndex
    from ..triage import current_model, needs_learning, suggest
    from ..triage.learn import learn
    from .cli_common import database

    db = database(args)
    with db.unit_of_work() as s:      # the first suggestion (or a grown history) learns first; too little history is refused there
        if needs_learning(s) or current_model(s) is None:
            learn(s)
    with db.reader() as s:
        station = None
        if args.station:
            try:
                station = StationIndex.load(s).resolve(args.station)
            except ValueError as e:
                raise ToolkitError(str(e)) from None
        found = suggest(s, args.text, station, top=args.top)
    print(json.dumps(found.as_json(), ensure_ascii=False))
    return 0


def cmd_qr(args) -> int:
    from ..network.qr import deputy_addresses, deputy_qr, station_sheet
    from .cli_common import database, write_file

    db = database(args)
    with db.unit_of_work() as s:
        if args.list:          # what staff copy into a message or a notice: one deputy a line
            rows = deputy_addresses(s, args.station)
            print("站点\t代表\t二维码地址")
            print("\n".join("\t".join(row) for row in rows))
            return 0
        if not args.out:
            raise ToolkitError("请用 --out 指定输出文件，或用 --list 列出各代表的二维码地址")
        if args.station:
            return write_file(args.out, station_sheet(s, args.station).encode("utf-8"))
        if args.deputy is None:
            raise ToolkitError("请用 --deputy 指定代表编号，或用 --station 指定站点")
        kind = "svg" if args.out.lower().endswith(".svg") else "png"
        return write_file(args.out, deputy_qr(s, args.deputy, kind))


def add_parsers(sub, common) -> None:
    """Register the case and QR commands on the main parser."""
    cases = sub.add_parser("cases", parents=[common], help="社情民意案件")
    verbs = cases.add_subparsers(dest="verb", required=True)
    for verb, text in (("import", "导入站点台账（.xlsx/.xls/.csv）"), ("hotline", "导入12345工单")):
        p = verbs.add_parser(verb, parents=[common], help=text)
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="只预检，不写入")
        p.add_argument("--skip-invalid", action="store_true", help="写入正确的行，列出有错的行")
        p.set_defaults(fn=cmd_import)
    stats = verbs.add_parser("stats", parents=[common], help="办结率、满意率等统计")
    stats.add_argument("--by", default="all",  # toolkit.cases.stats.DIMENSIONS (not imported: pandas)
                       choices=["all", "station", "county", "department", "category", "month", "station_month"])
    stats.add_argument("--from", dest="date_from")
    stats.add_argument("--to", dest="date_to")
    stats.add_argument("--format", default="table", choices=["table", "json", "csv"])
    stats.set_defaults(fn=cmd_stats)
    export = verbs.add_parser("export", parents=[common], help="导出案件清单（.xlsx）")
    export.add_argument("file")
    export.add_argument("--open", action="store_true", help="只导出未办结的")
    export.add_argument("--overdue", action="store_true", help="只导出超期的")
    export.add_argument("--from", dest="date_from")
    export.add_argument("--to", dest="date_to")
    export.set_defaults(fn=cmd_export)
    learn = verbs.add_parser("learn", parents=[common], help="从历史案件学习智能分类（类别、承办单位、可能重复）")
    learn.set_defaults(fn=cmd_learn)
    sug = verbs.add_parser("suggest", parents=[common],
                           help="为一段意见原文建议类别、承办单位和可能重复的案件（JSON，按把握度从高到低）")
    sug.add_argument("text", help="意见原文")
    sug.add_argument("--station", help="受理站点的名称或路径：承办单位按其区县，可能重复只在其区县内找")
    sug.add_argument("--top", type=int, default=3, help="每项列出几条（默认3）")
    sug.set_defaults(fn=cmd_suggest)
    qr = sub.add_parser("qr", parents=[common], help="代表二维码（PNG/SVG）或站点二维码卡片页")
    qr.add_argument("--deputy", type=int, help="代表编号")
    qr.add_argument("--station", help="站点名称或路径：生成该站全部代表的A4卡片页（HTML）")
    qr.add_argument("--out", help="输出文件：代表二维码 .png/.svg，或站点卡片页 .html")
    qr.add_argument("--list", action="store_true", help="列出各代表（或 --station 站点下各代表）二维码打开的地址，制表符分隔")
    qr.set_defaults(fn=cmd_qr)


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
        n = end_term_pairings(s, codes[args.level], args.term, _day(args.on))
    print(f"已结束{n}对结对（{args.term}届满），历史记录保留。")
    return 0


def add_pairing_parsers(sub, common) -> None:
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


def add_eval_parsers(sub, common) -> None:
    """`liaison eval tally RESPONSES.csv [--members N] [--formula both|satisfied-only]`."""
    p = sub.add_parser("eval", parents=[common], help="满意度测评")
    verbs = p.add_subparsers(dest="verb", required=True)
    t = verbs.add_parser("tally", parents=[common], help="统计纸质测评票（每行一票）")
    t.add_argument("file")
    t.add_argument("--members", type=int, help="组成人员总数（给出时按过半数规则给出结论）")
    t.add_argument("--formula", default="both", choices=["both", "satisfied-only"])
    t.set_defaults(fn=cmd_eval_tally)


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
    from ..projects.announce import announcement_html, announcement_pdf, announcement_xlsx
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


def add_vote_parsers(sub, common) -> None:
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


def cmd_report(args) -> int:
    from ..reports.registry import build, check_params
    from ..reports.run import run_report_html
    from .cli_common import database, write_file

    params = {"station": args.station, "period": args.period, "deputy": args.deputy, "vote": args.vote}
    suffix = args.out.rsplit(".", 1)[-1].lower() if "." in args.out else ""
    if suffix not in ("html", "xlsx", "pdf"):
        raise ToolkitError("输出文件应以 .html、.xlsx 或 .pdf 结尾")
    spec = check_params(args.name, params, command_line=True)
    db = database(args)
    if spec.build is not None or suffix != "html":
        with db.reader() as s:   # checks the values (and builds the tables) before any notebook runs
            report = build(s, args.name, **params)
    if suffix == "html":
        page = run_report_html(args.name, {k: params[k] for k in spec.params},
                               db_url=db.engine.url.render_as_string(hide_password=False))
        return write_file(args.out, page.encode("utf-8"))
    return write_file(args.out, report.to_xlsx() if suffix == "xlsx" else report.to_pdf())


def add_report_parsers(sub, common) -> None:
    """`liaison report NAME --station … --period … --out FILE.html|.xlsx|.pdf`."""
    from ..reports.registry import reports

    found = reports()      # the notebooks in the reports folder that say they are reports
    p = sub.add_parser("report", parents=[common], help="生成报告：" + "、".join(f"{k}（{v.title}）" for k, v in found.items()))
    p.add_argument("name", choices=list(found))
    p.add_argument("--station", help="站点名称、路径或编号")
    p.add_argument("--period", help="期间：2026、2026-Q2 或 2026-05")
    p.add_argument("--deputy", help="代表编号或姓名（代表年度履职报告）")
    p.add_argument("--vote", help="票决编号（票决结果公告）")
    p.add_argument("--out", required=True, help="输出文件：.html、.xlsx 或 .pdf")
    p.set_defaults(fn=cmd_report)
