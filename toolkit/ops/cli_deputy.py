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


def cmd_page(args) -> int:
    from ..cases.deputy_record import set_deputy_pages
    from ..core.errors import ToolkitError
    from ..network.station_index import StationIndex

    with database(args).unit_of_work() as s:
        index = StationIndex.load(s)
        try:
            county = index.resolve(args.county)
        except ValueError as e:
            raise ToolkitError(str(e)) from None
        if index.by_id[county].kind != "county_center":
            raise ToolkitError(f"「{args.county}」不是县区中心站：公开页按县区开放或关闭")
        set_deputy_pages(s, county, args.switch == "on")
    print(f"已{'开放' if args.switch == 'on' else '关闭'}「{args.county}」的代表履职公开页。")
    return 0


def add_parsers(sub, common) -> None:
    """Register `deputy link` and `deputy page`."""
    p = sub.add_parser("deputy", parents=[common], help="代表：个人链接")
    verbs = p.add_subparsers(dest="verb", required=True)
    link = verbs.add_parser("link", parents=[common], help="打印代表的个人链接（在手机上打开即见本人的意见）；--revoke 撤销其全部链接")
    link.add_argument("name", help="代表姓名")
    link.add_argument("--station", help="重名时写所在站点的路径或名称")
    link.add_argument("--revoke", action="store_true", help="撤销该代表的全部个人链接（手机丢失时）")
    link.set_defaults(fn=cmd_link)
    page = verbs.add_parser("page", parents=[common], help="开放或关闭一个县区的代表履职公开页（/r/代表二维码）")
    page.add_argument("switch", choices=["on", "off"], help="on 开放，off 关闭")
    page.add_argument("--county", required=True, help="县区中心站的名称或路径")
    page.set_defaults(fn=cmd_page)
