"""`liaison stations …`, `liaison roster …`, `liaison qr` and `liaison department contacts`: the station
network's registers in and out of spreadsheets, the deputies' QR codes, the department directory."""
from __future__ import annotations

from ..core.errors import ToolkitError
from .cli_common import database, run_import, write_file


def cmd_roster_import(args) -> int:
    from ..network.roster import ACTIONS, apply_roster_import, plan_roster_import

    return run_import(args, plan_roster_import, apply_roster_import, ACTIONS)


def cmd_stations_import(args) -> int:
    from ..network.station_import import apply_station_import, plan_station_import

    return run_import(args, plan_station_import, apply_station_import,
                   {"new": "新增", "updated": "更新", "unchanged": "已存在", "error": "有错误"})


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


def cmd_contacts(args) -> int:
    from ..network.department_directory import set_department_contacts
    with database(args).unit_of_work() as s:
        set_department_contacts(s, args.name, args.email, args.robot)
    print(f"已更新「{args.name}」的通知方式")
    return 0


def add_parsers(sub, common) -> None:
    """Register `stations`, `roster`, `qr` and `department`."""
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
    qr = sub.add_parser("qr", parents=[common], help="代表二维码（PNG/SVG）或站点二维码卡片页")
    qr.add_argument("--deputy", type=int, help="代表编号")
    qr.add_argument("--station", help="站点名称或路径：生成该站全部代表的A4卡片页（HTML）")
    qr.add_argument("--out", help="输出文件：代表二维码 .png/.svg，或站点卡片页 .html")
    qr.add_argument("--list", action="store_true", help="列出各代表（或 --station 站点下各代表）二维码打开的地址，制表符分隔")
    qr.set_defaults(fn=cmd_qr)
    dept = sub.add_parser("department", parents=[common], help="承办单位")
    dverbs = dept.add_subparsers(dest="verb", required=True)
    contacts = dverbs.add_parser("contacts", parents=[common], help="设置承办单位接收通知的电子邮箱、群机器人地址（空字符串为清除）")
    contacts.add_argument("name", help="单位名称")
    contacts.add_argument("--email", help="电子邮箱")
    contacts.add_argument("--robot", help="企业微信或钉钉群机器人的 Webhook 地址")
    contacts.set_defaults(fn=cmd_contacts)
