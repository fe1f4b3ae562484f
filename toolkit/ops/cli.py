"""The `liaison` command: init, station and roster import/export, serve (more in cli_cases, cli_admin)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.config import project_path
from ..core.db import Database
from ..core.errors import ImportRejected, ToolkitError
from .cli_common import ChineseArgumentParser, database, failure_message, run_import, write_file


def cmd_init(args) -> int:
    from .demo import load_demo
    from .schema import upgrade

    db = Database(args.db)  # building demo data is set-up, not a user's writes
    upgrade(db.engine)
    print(f"数据库已是最新结构：{db.engine.url.render_as_string(hide_password=True)}")
    if args.demo:
        with db.unit_of_work() as s:
            from sqlalchemy import func, select

            from ..network.models import Station
            if s.scalar(select(func.count()).select_from(Station)):
                print("数据库中已有数据，未装入演示数据。")
                return 0
            took = {"city": "约一分半钟", "bench": "约两分钟", "small": "几秒钟"}.get(args.demo, "")
            print(f"正在装入演示数据（{args.demo}，{took}，只在第一次启动时）……", flush=True)
            counts = load_demo(s, args.demo, progress=lambda step: print(f"  · {step}", flush=True))
        print(f"已装入演示数据（{args.demo}）：{counts['站点']}个站点，{counts['代表']}名代表，"
              f"{counts['案件']}件社情民意，{counts['结对']}对三联结对，{counts['民生实事项目']}个民生实事项目，{counts['活动']}次履职活动。")
        from ..triage.learn import learn_if_grown
        print("正在从历史案件学习智能分类（登记和交办时的建议）……", flush=True)
        learned = learn_if_grown(db)
        if learned:
            print(f"已从{learned}件历史案件学习智能分类。")
    return 0


def cmd_roster_import(args) -> int:
    from ..network.roster import ACTIONS, apply_roster_import, plan_roster_import

    return run_import(args, plan_roster_import, apply_roster_import, ACTIONS)


def cmd_stations_import(args) -> int:
    from ..network.station_import import apply_station_import, plan_station_import

    return run_import(args, plan_station_import, apply_station_import,
                   {"new": "新增", "unchanged": "已存在", "error": "有错误"})


def cmd_roster_export(args) -> int:
    from ..network.roster import export_roster

    with database(args).reader() as s:
        return write_file(args.file, export_roster(s))


def cmd_roster_template(args) -> int:
    from ..network.roster import roster_template

    return write_file(args.file, roster_template())


def cmd_stations_export(args) -> int:
    from ..network.station_import import export_stations

    with database(args).reader() as s:
        return write_file(args.file, export_stations(s))


def cmd_serve(args) -> int:
    from ..public.server import PORT
    from ..public.server import serve as serve_public
    from .server import serve

    pages = tuple(x.strip() for x in args.pages.split(",") if x.strip()) if args.pages else None
    if args.public:
        return serve_public(args.port or PORT, args.workers, args.db,
                            **({"pages": pages} if pages else {}), address=args.bind)
    return serve(args.port or 8866, args.db, preheat=not args.no_preheat,
                 public_port=None if args.no_public else args.public_port, workers=args.workers, pages=pages)


def cmd_lab(args) -> int:
    from .lab import lab
    return lab(args.port, getattr(args, "db", None))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help text is the CLI reference)."""
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="数据库地址（优先于环境变量 LIAISON_DB_URL）")
    p = ChineseArgumentParser(prog="liaison", description="联络站工作台命令行", parents=[common])
    sub = p.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", parents=[common], help="建立或升级数据库结构")
    init.add_argument("--demo", choices=["small", "city", "bench"], help="空库时装入演示数据（bench：基准测试规模）")
    init.set_defaults(fn=cmd_init)
    for noun, import_fn, export_fn in (("stations", cmd_stations_import, cmd_stations_export),
                                       ("roster", cmd_roster_import, cmd_roster_export)):
        group = sub.add_parser(noun, parents=[common], help="站点名册" if noun == "stations" else "代表花名册")
        verbs = group.add_subparsers(dest="verb", required=True)
        imp = verbs.add_parser("import", parents=[common], help="从 .xlsx/.xls/.csv 导入")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="只预检，不写入")
        imp.add_argument("--skip-invalid", action="store_true", help="写入正确的行，列出有错的行")
        imp.set_defaults(fn=import_fn)
        exp = verbs.add_parser("export", parents=[common], help="导出为 .xlsx")
        exp.add_argument("file")
        exp.set_defaults(fn=export_fn)
        if noun == "roster":
            tpl = verbs.add_parser("template", parents=[common], help="下载空白模板")
            tpl.add_argument("file")
            tpl.set_defaults(fn=cmd_roster_template)
    from .cli_cases import add_eval_parsers, add_pairing_parsers, add_parsers, add_report_parsers, add_vote_parsers
    add_parsers(sub, common)
    add_pairing_parsers(sub, common)
    add_eval_parsers(sub, common)
    add_vote_parsers(sub, common)
    add_report_parsers(sub, common)
    from .cli_admin import add_admin_parsers
    add_admin_parsers(sub, common)
    from .cli_calendar import add_calendar_parsers
    add_calendar_parsers(sub, common)
    from .cli_notify import add_notify_parsers
    add_notify_parsers(sub, common)
    bench = sub.add_parser("bench", parents=[common], help="基准测试：城市规模数据库上的各项操作耗时（写入 benchmarks/results.md）")
    bench.add_argument("--runs", type=int, default=5, help="每项重复次数（取中位数）")
    bench.add_argument("--smoke", action="store_true", help="小数据、每项一次：只检查每项操作都能运行")
    bench.add_argument("--no-browser", action="store_true", help="不测浏览器打开应用")
    bench.add_argument("--no-preheat", dest="preheat", action="store_false",
                       help="浏览器测量时不预热内核（默认预热，与 liaison serve 相同）")
    bench.add_argument("--out", help="结果文件（默认 benchmarks/results.md）")
    bench.add_argument("--triage", action="store_true",
                       help="只测智能分类：手写语料上的准确率与可能重复召回（对照TF-IDF基线）、学习用时、建议延迟")
    bench.add_argument("--backup", action="store_true",
                       help="只测备份与恢复：备份（未加密、加密）、检查、恢复到新的 SQLite（及 --restore-db 给出的空数据库）")
    bench.add_argument("--restore-db", help="与 --backup 同用：把备份恢复到这个空的（PostgreSQL）数据库计时")
    bench.set_defaults(fn=cmd_bench)
    serve = sub.add_parser("serve", parents=[common],
                           help="启动工作人员应用（Voilà，端口8866）与群众公开页面（端口8867），能打开时显示地址")
    serve.add_argument("--port", type=int, help="端口（默认 8866；--public 时默认 8867）")
    serve.add_argument("--public", action="store_true",
                       help="只提供群众公开页面（扫码留言、办理进度查询与评价、满意度测评、投票），不需要内核")
    serve.add_argument("--no-public", action="store_true", help="只提供工作人员应用（公开页面另行部署时）")
    serve.add_argument("--public-port", type=int, default=8867, help="与工作人员应用一起启动时公开页面的端口（默认 8867）")
    serve.add_argument("--workers", type=int, default=1, help="公开页面的工作进程数（默认 1；每个约60 MB内存）")
    serve.add_argument("--bind", default="127.0.0.1",
                       help="公开页面监听的地址（默认 127.0.0.1；nginx 在另一台机器上时填本机内网地址）")
    serve.add_argument("--pages", help="公开页面只提供这些（intake、lookup、kiosk、ballot，逗号分隔；默认全部）")
    serve.add_argument("--no-preheat", action="store_true",
                       help="不预热内核（默认每个应用预备一个已导入程序的内核，打开更快；每个约140 MB内存）")
    serve.set_defaults(fn=cmd_serve)
    lab = sub.add_parser("lab", parents=[common], help="为分析人员打开 JupyterLab（notebooks/ 下的分析与报告笔记本，与应用同一数据库）")
    lab.add_argument("--port", type=int, default=8888, help="端口（默认 8888，只在本机 127.0.0.1）")
    lab.set_defaults(fn=cmd_lab)
    return p


def cmd_bench(args) -> int:
    import time

    from sqlalchemy import func, select

    from ..cases.models import Case
    from ..network.models import Deputy, Station
    from .bench import RESULTS, Row, budget_rows, database_label, database_rows, report_rows, roster_rows, write_results
    from .bench_browser import browser_rows
    from .bench_data import load_bench
    from .schema import upgrade

    url = args.db or f"sqlite:///{project_path('data', 'bench.sqlite3')}"
    db = Database(url)
    upgrade(db.engine)
    with db.unit_of_work() as s:
        empty = not s.scalar(select(func.count()).select_from(Station))
    if empty:
        print("正在建立基准测试数据库（约数分钟）…", flush=True)
        t = time.perf_counter()
        with db.unit_of_work() as s:
            counts = load_bench(s, "small" if args.smoke else "bench")
        print(f"已建立：{counts}（{time.perf_counter() - t:.0f}秒）", flush=True)
    with db.reader() as s:
        counts = {"站点": s.scalar(select(func.count()).select_from(Station)),
                  "代表": s.scalar(select(func.count()).select_from(Deputy)),
                  "案件": s.scalar(select(func.count()).select_from(Case))}
    runs = 1 if args.smoke else args.runs
    if args.backup:
        from .bench import write_section
        from .bench_backup import run as backup_bench
        print(write_section("备份与恢复", backup_bench(db.engine, args.restore_db), counts,
                            Path(args.out) if args.out else RESULTS, database_label(db)))
        return 0
    if args.triage:
        from .bench import write_section
        from .bench_triage import run as triage_bench
        print(write_section("智能分类", triage_bench(db, runs, folds=2 if args.smoke else 5), counts, Path(args.out) if args.out else RESULTS,
                            database_label(db)))
        return 0
    rows = database_rows(db, runs) + roster_rows(runs, 200 if args.smoke else 10_000) + budget_rows(runs)
    rows += report_rows(url, runs)
    if not args.no_browser:
        try:
            rows += browser_rows(url, runs, ["bare.ipynb", "enrolment.ipynb"] if args.smoke else None,
                                 preheat=args.preheat)
        except Exception as e:  # the other figures are still worth keeping
            rows.append(Row(f"浏览器测量未完成：{type(e).__name__}", 0, str(e)[:60], None, "", False))
    table = write_results(rows, counts, Path(args.out) if args.out else RESULTS, database_label(db))
    print(table)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `liaison` console script."""
    args = build_parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    try:
        return args.fn(args)
    except ImportRejected as e:
        print(e.message, file=sys.stderr)
        return 2
    except ToolkitError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        return 2
    except Exception as e:
        message = failure_message(e)
        if message is None:
            raise
        print(f"错误：{message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
