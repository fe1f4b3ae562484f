"""`liaison user …` and `liaison audit`: users, their roles and scopes, and the audit log."""
from __future__ import annotations

import argparse

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
    from ..core.audit_reading import AuditFilter, entries
    from .cli_common import database

    with database(args).reader() as s:
        table = entries(s, AuditFilter(entity=args.entity, entity_id=args.id, actor=args.actor), limit=args.limit)
    print(table.to_string(index=False) if len(table) else "没有符合条件的记录。")
    return 0


def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", type=int, help="县区管理员、站点工作人员所在站点的编号")
    p.add_argument("--department", type=int, help="承办单位用户所在单位的编号")
    p.add_argument("--deputy", type=int, help="代表用户本人的代表编号")
    p.add_argument("--email", help="接收通知的电子邮箱（空字符串为清除）")
    p.add_argument("--phone", help="接收短信通知的手机号（没有电子邮箱时使用；空字符串为清除）")


def add_parsers(sub, common) -> None:
    """Register `user add|set|list` and `audit`."""
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
