"""`liaison init`, `serve`, `lab`, `bench`, `load` and `db grant-…`: setting up and running the
product, measuring it, and the database accounts of the services."""
from __future__ import annotations

import sys
from pathlib import Path

from ..core.config import project_path
from ..core.errors import ToolkitError


def cmd_init(args) -> int:
    from ..core.db import Database
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
              f"{counts['案件']}件社情民意，{counts['结对']}对三联结对，{counts['民生实事项目']}个民生实事项目，{counts['活动']}次履职活动，"
              f"{counts['代表建议']}件代表建议，{counts['网格']}个网格。")
        from ..triage.learn import learn_if_grown
        print("正在从历史案件学习智能分类（登记和交办时的建议）……", flush=True)
        learned = learn_if_grown(db)
        if learned:
            print(f"已从{learned}件历史案件学习智能分类。")
    return 0


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


def cmd_bench(args) -> int:
    import time

    from sqlalchemy import func, select

    from ..cases.models import Case
    from ..core.db import Database
    from ..network.models import Deputy, Station
    from .bench import (
        RESULTS,
        Row,
        budget_rows,
        database_label,
        database_rows,
        report_rows,
        roster_rows,
        write_results,
    )
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
    # The smoke run (the suite's) executes two of the report notebooks: the mechanism is the same for
    # all, and each is run under nbval anyway.
    rows += report_rows(url, runs, ("county-quarterly", "vote-announcement") if args.smoke else None)
    from .bench_cli import cli_rows
    rows += cli_rows(runs)
    if not args.no_browser:
        try:
            rows += browser_rows(url, runs, ["bare.ipynb", "enrolment.ipynb"] if args.smoke else None,
                                 preheat=args.preheat)
        except Exception as e:  # the other figures are still worth keeping
            rows.append(Row(f"浏览器测量未完成：{type(e).__name__}", 0, str(e)[:60], None, "", False))
    table = write_results(rows, counts, Path(args.out) if args.out else RESULTS, database_label(db))
    print(table)
    return 0


def _password(variable: str = "LIAISON_PUBLIC_PASSWORD", what: str = "公开服务账号") -> str:
    import getpass
    import os

    password = os.environ.get(variable) or (getpass.getpass(f"{what}的新密码：") if sys.stdin.isatty() else "")
    if len(password) < 8:
        raise ToolkitError(f"{what}的密码至少8个字符（环境变量 {variable} 或终端输入）")
    return password


def cmd_grant_public(args) -> int:
    from ..core.db import make_engine
    from . import public_role

    pages = tuple(x.strip() for x in args.pages.split(",") if x.strip())
    password = _password() if args.set_password else None
    engine = make_engine(args.db)
    try:
        made = public_role.apply(engine, args.role, pages, password)
    finally:
        engine.dispose()
    print(f"已设置公开服务账号 {args.role}：{made}项授权（{'、'.join(pages)}），其余一律不可读写。")
    return 0


def cmd_grant_reader(args) -> int:
    from ..core.db import make_engine
    from . import reader_roles

    password = _password(f"LIAISON_{args.kind.upper()}_PASSWORD", "只读账号") if args.set_password else None
    engine = make_engine(args.db)
    try:
        views = reader_roles.apply(engine, args.kind, args.role, password)
    finally:
        engine.dispose()
    what = "分析员账号（个人信息已遮蔽）" if args.kind == "analyst" else "报告账号"
    print(f"已设置{what} {args.role}：只读，只能读 {reader_roles.ACCOUNTS[args.kind][0]} 中的{views}个视图，"
          "不能读操作日志、通知、查询码与测评码。数据库结构升级后请重新运行本命令。")
    return 0


def cmd_load(args) -> int:
    from .load_test import run_load

    if not args.db:
        raise ToolkitError("负载测试会写入测试留言，请用 --db 指定一个测试数据库（如 liaison init --demo small 建的）")
    if args.public:
        from .load_public import run_public_load
        public = run_public_load(args.db, ballots=args.ballots, opinions=args.opinions, clients=args.clients,
                                 phones=args.phones, workers=args.workers, window=args.window)
        print(public.table())
        for problem in public.ballot_errors + public.phone_errors:
            print("问题：", problem)
        return 0 if public.ballots_accounted and public.opinions_accounted and not public.phone_errors else 1
    report = run_load(args.db, sessions=args.sessions, submissions=args.submissions)
    print(report.table())
    for problem in report.page_errors + report.refusals:
        print("问题：", problem)
    return 0 if report.accounted and not report.page_errors and not report.refusals else 1


def add_parsers(sub, common) -> None:
    """Register `init`, `bench`, `serve`, `lab`, `db grant-public|grant-analyst|grant-reports` and `load`."""
    init = sub.add_parser("init", parents=[common], help="建立或升级数据库结构")
    init.add_argument("--demo", choices=["small", "city", "bench"], help="空库时装入演示数据（bench：基准测试规模）")
    init.set_defaults(fn=cmd_init)
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
    serve.add_argument("--pages", help="公开页面只提供这些（intake、lookup、kiosk、ballot、stations、grid、deputy、record，逗号分隔；默认全部）")
    serve.add_argument("--no-preheat", action="store_true",
                       help="不预热内核（默认每个应用预备一个已导入程序的内核，打开更快；每个约140 MB内存）")
    serve.set_defaults(fn=cmd_serve)
    lab = sub.add_parser("lab", parents=[common], help="为分析人员打开 JupyterLab（notebooks/ 下的分析与报告笔记本，与应用同一数据库）")
    lab.add_argument("--port", type=int, default=8888, help="端口（默认 8888，只在本机 127.0.0.1）")
    lab.set_defaults(fn=cmd_lab)
    db = sub.add_parser("db", parents=[common], help="数据库账号")
    db_verbs = db.add_subparsers(dest="verb", required=True)
    grant = db_verbs.add_parser("grant-public", parents=[common],
                                help="在 PostgreSQL 上建立（或收紧）公开服务专用账号：只能新增公开页面要写的记录")
    grant.add_argument("--role", default="liaison_public", help="账号名（默认 liaison_public）")
    # A password on the command line shows in `ps` to every user of the machine: never taken there.
    grant.add_argument("--set-password", action="store_true",
                       help="设置登录密码：从环境变量 LIAISON_PUBLIC_PASSWORD 读取，没有则在终端提示输入（不回显）")
    grant.add_argument("--pages", default="intake,lookup,kiosk,ballot,stations,grid,deputy,record",
                       help="公开服务提供的页面：intake（扫码留言、流动联络站）、lookup（办理进度查询与评价）、kiosk（满意度测评）、"
                            "ballot（投票码）、stations（找联络站）、grid（网格员转交）、deputy（代表个人页面）、record（代表履职公开页），逗号分隔")
    grant.set_defaults(fn=cmd_grant_public)
    for kind, role, what in (("analyst", "liaison_analyst", "分析员（JupyterLab）专用只读账号：个人信息遮蔽"),
                             ("reports", "liaison_reports", "报告笔记本专用只读账号")):
        reader = db_verbs.add_parser(f"grant-{kind}", parents=[common], help=f"在 PostgreSQL 上建立（或收紧）{what}")
        reader.add_argument("--role", default=role, help=f"账号名（默认 {role}）")
        reader.add_argument("--set-password", action="store_true",
                            help=f"设置登录密码：从环境变量 LIAISON_{kind.upper()}_PASSWORD 读取，没有则在终端提示输入（不回显）")
        reader.set_defaults(fn=cmd_grant_reader, kind=kind)
    load = sub.add_parser("load", parents=[common], help="负载测试（本机回环）：多个工作人员页面同时打开，同时大量扫码留言，逐条核对")
    load.add_argument("--sessions", type=int, default=20, help="同时打开的工作人员页面数")
    load.add_argument("--submissions", type=int, default=200, help="扫码留言条数（8个页面分担）")
    load.add_argument("--public", action="store_true",
                      help="改测群众公开页面：代表集中投票、大量扫码留言（限额照常）、手机浏览器打开选票、工作进程内存")
    load.add_argument("--ballots", type=int, default=300, help="公开页面：一分钟内投出的选票数")
    load.add_argument("--opinions", type=int, default=1000, help="公开页面：一分钟内的扫码留言数")
    load.add_argument("--clients", type=int, default=50, help="公开页面：留言来自的客户端地址数")
    load.add_argument("--phones", type=int, default=30, help="公开页面：10秒内打开选票的手机浏览器数")
    load.add_argument("--workers", type=int, default=2, help="公开页面的工作进程数")
    load.add_argument("--window", type=float, default=60.0, help="公开页面：选票与留言各在多少秒内到达（默认 60）")
    load.set_defaults(fn=cmd_load)
