"""`liaison cases …`: ledgers and hotline exports in, figures and lists out, and the triage's learning
and suggestions for a text."""
from __future__ import annotations

import json
import sys

from ..core.errors import ToolkitError
from ..core.glossary import IMPORT_OUTCOMES
from .cli_common import day_arg

LABELS = {k: IMPORT_OUTCOMES[k] for k in ("new", "skipped", "error")}   # a ledger row's outcomes


def cmd_import(args) -> int:
    from ..cases.hotline import plan_hotline_import
    from ..cases.ledger_import import apply_case_import, plan_ledger_import
    from .cli_common import run_import

    planner = plan_hotline_import if args.verb == "hotline" else plan_ledger_import
    return run_import(args, planner, apply_case_import, LABELS)


def cmd_stats(args) -> int:
    from ..cases.stats import RATE_NOTE, case_figures
    from .cli_common import database

    with database(args).reader() as s:
        df = case_figures(s, args.by, day_arg(args.date_from), day_arg(args.date_to))
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
                   date_from=day_arg(args.date_from), date_to=day_arg(args.date_to))
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
    from ..triage.history import needs_learning
    from ..triage.suggestions import current_model, suggest
    from .cli_common import database

    db = database(args)
    with db.unit_of_work() as s:      # the first suggestion (or a grown history) learns first; too little history is refused there
        if needs_learning(s) or current_model(s) is None:
            from ..triage.learn import learn  # scikit-learn: only when there is something to learn
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


def add_parsers(sub, common) -> None:
    """Register `cases import|hotline|stats|export|learn|suggest`."""
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
