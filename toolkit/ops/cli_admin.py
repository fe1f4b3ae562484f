"""Administration from the command line: users and roles, the audit log, backup and restore."""
from __future__ import annotations

import argparse
import sys

from ..core.errors import ToolkitError
from ..core.glossary import ROLES


def cmd_user_add(args) -> int:
    from ..admin.users import add_user
    from .cli_common import database

    with database(args).unit_of_work() as s:
        uid = add_user(s, args.login, args.name, args.role, args.station, args.department, args.deputy,
                       email=args.email, phone=args.phone)
    print(f"已添加用户（编号{uid}）：{args.login}，{ROLES.get(args.role, args.role)}")
    return 0


def cmd_user_set(args) -> int:
    from ..admin.users import get_user_by_login, update_user
    from .cli_common import database

    with database(args).unit_of_work() as s:
        u = get_user_by_login(s, args.login)
        update_user(s, u.id, args.name or u.name, args.role or u.role,
                    args.station if args.station is not None else u.station_id,
                    args.department if args.department is not None else u.department_id,
                    args.deputy if args.deputy is not None else u.deputy_id,
                    active=not args.disable if args.disable or args.enable else u.active, email=args.email,
                    phone=args.phone)
    print(f"已更新用户：{args.login}")
    return 0


def cmd_user_list(args) -> int:
    from ..admin.users import list_users
    from .cli_common import database

    with database(args).reader() as s:
        table = list_users(s)
    print(table.to_string(index=False) if len(table) else "还没有用户。")
    return 0


def cmd_audit(args) -> int:
    from ..core.audit import AuditFilter, entries
    from .cli_common import database

    with database(args).reader() as s:
        table = entries(s, AuditFilter(entity=args.entity, entity_id=args.id, actor=args.actor), limit=args.limit)
    print(table.to_string(index=False) if len(table) else "没有符合条件的记录。")
    return 0


def cmd_backup(args) -> int:
    from .backup import backup
    from .backup_cipher import backup_key
    from .backup_rotation import backup_into
    from .cli_common import database

    if (args.file is None) == (args.dir is None):
        raise ToolkitError("请给出备份文件名（liaison backup FILE），或用 --dir 文件夹 按日期备份并轮换，二者选一")
    if args.dir is None and (args.keep is not None or args.months is not None):
        raise ToolkitError("--keep 与 --months 只与 --dir 一起使用")
    sealed = "（已加密）" if backup_key() else ""
    if args.dir is None:
        counts = backup(database(args).engine, args.file)
        print(f"已备份到 {args.file}{sealed}：{len(counts)}张表，共{sum(counts.values())}行。")
        return 0
    keep, months = 7 if args.keep is None else args.keep, 12 if args.months is None else args.months
    path, counts, removed = backup_into(database(args).engine, args.dir, keep, months)
    print(f"已备份到 {path}{sealed}：{len(counts)}张表，共{sum(counts.values())}行。"
          f"保留最近{keep}天各一份、最近{months}个月各一份，删除旧备份{len(removed)}份。")
    return 0


def cmd_restore(args) -> int:
    from .backup import restore, verify
    from .cli_common import database

    if args.check:         # no database needed: the file alone
        manifest = verify(args.file)
        print(f"备份文件完好：{args.file}（{manifest['created_at']} 备份，结构版本 {manifest['revision']}，"
              f"{len(manifest['counts'])}张表，共{sum(manifest['counts'].values())}行，逐表行数与校验和均相符）")
        return 0
    counts = restore(database(args).engine, args.file)
    print(f"已从 {args.file} 恢复：{len(counts)}张表，共{sum(counts.values())}行。")
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


def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", type=int, help="县区管理员、站点工作人员所在站点的编号")
    p.add_argument("--department", type=int, help="承办单位用户所在单位的编号")
    p.add_argument("--deputy", type=int, help="代表用户本人的代表编号")
    p.add_argument("--email", help="接收通知的电子邮箱（空字符串为清除）")
    p.add_argument("--phone", help="接收短信通知的手机号（没有电子邮箱时使用；空字符串为清除）")


def add_admin_parsers(sub, common) -> None:
    """Register `user`, `audit`, `backup`, `restore` and `db grant-public`."""
    roles = "、".join(f"{k}（{v}）" for k, v in ROLES.items())
    user = sub.add_parser("user", parents=[common], help="用户、角色与管理范围")
    verbs = user.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", parents=[common], help="添加用户")
    add.add_argument("login", help="登录名（与统一登录或 JupyterHub 的用户名一致）")
    add.add_argument("name", help="姓名")
    add.add_argument("role", help=f"角色：{roles}")
    _scope_args(add)
    add.set_defaults(fn=cmd_user_add)
    set_ = verbs.add_parser("set", parents=[common], help="修改用户的姓名、角色、范围，或停用、启用")
    set_.add_argument("login")
    set_.add_argument("--name")
    set_.add_argument("--role", help=f"角色：{roles}")
    _scope_args(set_)
    state = set_.add_mutually_exclusive_group()
    state.add_argument("--disable", action="store_true", help="停用")
    state.add_argument("--enable", action="store_true", help="启用")
    set_.set_defaults(fn=cmd_user_set)
    verbs.add_parser("list", parents=[common], help="列出用户").set_defaults(fn=cmd_user_list)
    audit = sub.add_parser("audit", parents=[common], help="查看操作日志（最新的在前）")
    audit.add_argument("--entity", help="对象（表名，如 citizen_case、deputy、app_user、access）")
    audit.add_argument("--id", type=int, help="对象编号")
    audit.add_argument("--actor", help="操作人登录名")
    audit.add_argument("--limit", type=int, default=50)
    audit.set_defaults(fn=cmd_audit)
    backup = sub.add_parser("backup", parents=[common],
                            help="把整个数据库备份到一个文件（SQLite、PostgreSQL 通用；设了 LIAISON_BACKUP_KEY 则加密）")
    backup.add_argument("file", nargs="?")
    backup.add_argument("--dir", help="按日期备份到这个文件夹（liaison-年月日-时分秒.zip），并删除轮换之外的旧备份")
    backup.add_argument("--keep", type=int, help="与 --dir 同用：保留最近几天的备份（每天最新一份，默认7）")
    backup.add_argument("--months", type=int, help="与 --dir 同用：另外保留最近几个月每月最新一份（默认12）")
    backup.set_defaults(fn=cmd_backup)
    restore = sub.add_parser("restore", parents=[common], help="把备份文件恢复到一个新建的空数据库")
    restore.add_argument("file")
    restore.add_argument("--check", action="store_true", help="只检查备份文件是否完好（逐表行数与校验和），不需要数据库，不写入任何数据")
    restore.set_defaults(fn=cmd_restore)
    db = sub.add_parser("db", parents=[common], help="数据库账号")
    db_verbs = db.add_subparsers(dest="verb", required=True)
    grant = db_verbs.add_parser("grant-public", parents=[common],
                                help="在 PostgreSQL 上建立（或收紧）公开服务专用账号：只能新增公开页面要写的记录")
    grant.add_argument("--role", default="liaison_public", help="账号名（默认 liaison_public）")
    # A password on the command line shows in `ps` to every user of the machine: never taken there.
    grant.add_argument("--set-password", action="store_true",
                       help="设置登录密码：从环境变量 LIAISON_PUBLIC_PASSWORD 读取，没有则在终端提示输入（不回显）")
    grant.add_argument("--pages", default="intake,lookup,kiosk,ballot",
                       help="公开服务提供的页面：intake（扫码留言）、lookup（办理进度查询与评价）、kiosk（满意度测评）、"
                            "ballot（投票码），逗号分隔")
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
