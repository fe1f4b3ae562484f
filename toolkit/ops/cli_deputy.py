"""`liaison deputy link NAME [--station PATH] [--revoke]`: a deputy's personal link (their own page on the
phone), or every link of theirs ended (a lost phone)."""
from __future__ import annotations

from .cli_common import database


def cmd_link(args) -> int:
    from ..admin.deputy_links import deputy_link

    with database(args).unit_of_work() as s:
        out = deputy_link(s, args.name, args.station, args.revoke)
    print(f"已撤销该代表的{out}个个人链接。" if args.revoke else out)
    return 0


def add_parsers(sub, common) -> None:
    """Register `deputy link`."""
    p = sub.add_parser("deputy", parents=[common], help="代表：个人链接")
    verbs = p.add_subparsers(dest="verb", required=True)
    link = verbs.add_parser("link", parents=[common], help="打印代表的个人链接（在手机上打开即见本人的意见）；--revoke 撤销其全部链接")
    link.add_argument("name", help="代表姓名")
    link.add_argument("--station", help="重名时写所在站点的路径或名称")
    link.add_argument("--revoke", action="store_true", help="撤销该代表的全部个人链接（手机丢失时）")
    link.set_defaults(fn=cmd_link)
