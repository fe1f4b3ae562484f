"""`liaison report NAME …`: a report notebook run to .html, or its tables to .xlsx / .pdf."""
from __future__ import annotations

from ..core.errors import ToolkitError


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


def add_parsers(sub, common) -> None:
    """`liaison report NAME --station … --period … --out FILE.html|.xlsx|.pdf`."""
    from ..reports.catalogue import found_reports

    found = found_reports()      # the notebooks in the reports folder that say they are reports
    p = sub.add_parser("report", parents=[common], help="生成报告：" + "、".join(f"{k}（{v.title}）" for k, v in found.items()))
    p.add_argument("name", choices=list(found))
    p.add_argument("--station", help="站点名称、路径或编号")
    p.add_argument("--period", help="期间：2026、2026-Q2 或 2026-05")
    p.add_argument("--deputy", help="代表编号或姓名（代表年度履职报告）")
    p.add_argument("--vote", help="票决编号（票决结果公告）")
    p.add_argument("--out", required=True, help="输出文件：.html、.xlsx 或 .pdf")
    p.set_defaults(fn=cmd_report)
