"""`liaison grids import|export|coverage|quiet`: the grids (网格) under the stations, from and to the counties'
sheet, and who has a deputy to go to."""
from __future__ import annotations

import json

from .cli_common import database, day_arg, run_import, write_file


def cmd_import(args) -> int:
    from ..network.grid_import import ACTIONS, apply_grid_import, plan_grid_import

    args.skip_invalid = False          # all or nothing (the contract): a county's sheet lands whole or not at all
    return run_import(args, plan_grid_import, apply_grid_import, ACTIONS)


def cmd_export(args) -> int:
    from ..network.grid_import import export_grids

    with database(args).reader() as s:
        return write_file(args.file, export_grids(s))


def cmd_coverage(args) -> int:
    from ..network.grid_figures import COVERAGE_FIELDS, grid_coverage

    with database(args).reader() as s:
        rows = grid_coverage(s, args.station)
    if args.format == "json":
        print(json.dumps({"结果": rows}, ensure_ascii=False, indent=1))
        return 0
    print("\t".join(COVERAGE_FIELDS))
    for row in rows:
        print("\t".join("、".join(v) if isinstance(v, list) else str(v) for v in (row[k] for k in COVERAGE_FIELDS)))
    return 0


def cmd_quiet(args) -> int:
    from ..network.grid_figures import quiet_days, quiet_grids

    with database(args).reader() as s:
        days = args.days if args.days is not None else quiet_days(s)
        rows = quiet_grids(s, days, day_arg(args.as_of), args.station)
    if args.format == "json":
        print(json.dumps({"超期天数": days, "结果": [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                                     for k, v in r.items() if k != "id"} for r in rows]},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"联系代表{days}天以上未到网格联系的网格：{len(rows)}个")
    print("站点\t网格\t联系代表\t最近联系\t未联系天数")
    for r in rows:
        print("\t".join([r["站点"], r["网格"], r["联系代表"], str(r["最近联系"] or "从未联系"),
                         "" if r["未联系天数"] is None else str(r["未联系天数"])]))
    return 0


def cmd_boundaries(args) -> int:
    from pathlib import Path

    from ..core.errors import ImportRejected
    from ..network.grid_boundaries import apply_boundaries

    data = Path(args.file).read_bytes()
    try:
        with database(args).unit_of_work() as s:
            n = apply_boundaries(s, data)
    except ImportRejected as e:
        for problem in e.errors:
            print(f"  {str(problem).replace('行', '个要素', 1)}")
        print("有错误，未写入任何数据。")
        return 2
    print(f"已导入{n}个网格的边界。")
    return 0


def cmd_link(args) -> int:
    from ..cases.grid_handoff import grid_worker_link

    with database(args).unit_of_work() as s:
        out = grid_worker_link(s, args.mobile, args.revoke)
    print(f"已撤销该网格员的{out}个个人链接。" if args.revoke else out)
    return 0


def add_parsers(sub, common) -> None:
    """Register `grids import|export|coverage|quiet`."""
    p = sub.add_parser("grids", parents=[common], help="网格：导入导出、联系代表覆盖、联系超期")
    verbs = p.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", parents=[common], help="导入网格表（.xlsx/.csv；全部或全不；再次导入按 所属站点+网格 更新）")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="只预检，不写入")
    imp.set_defaults(fn=cmd_import)
    exp = verbs.add_parser("export", parents=[common], help="导出网格表（.xlsx，与导入的列相同）")
    exp.add_argument("file")
    exp.set_defaults(fn=cmd_export)
    cov = verbs.add_parser("coverage", parents=[common], help="各站点网格数、有无联系代表、户数与常住人口")
    cov.add_argument("--station", help="站点路径或名称：只看该站及其下级")
    cov.add_argument("--format", default="table", choices=["table", "json"])
    cov.set_defaults(fn=cmd_coverage)
    bnd = verbs.add_parser("boundaries", parents=[common], help="导入网格边界（GeoJSON，WGS-84；要素属性 网格、所属站点），用于地图")
    bnd.add_argument("file")
    bnd.set_defaults(fn=cmd_boundaries)
    link = verbs.add_parser("link", parents=[common], help="网格员的个人链接（在手机上打开即可向网格联系代表转交意见）")
    link.add_argument("mobile", help="网格员手机（网格表中填写的）")
    link.add_argument("--revoke", action="store_true", help="撤销该网格员的全部个人链接（手机丢失时）")
    link.set_defaults(fn=cmd_link)
    quiet = verbs.add_parser("quiet", parents=[common], help="联系代表多日未到网格联系的网格（联系超期）")
    quiet.add_argument("--days", type=int, help="多少天未联系算超期（默认取系统设置，60天）")
    quiet.add_argument("--station", help="站点路径或名称：只看该站及其下级")
    quiet.add_argument("--as-of", dest="as_of", help="截至哪一天（YYYY-MM-DD，默认今天）")
    quiet.add_argument("--format", default="table", choices=["table", "json"])
    quiet.set_defaults(fn=cmd_quiet)
