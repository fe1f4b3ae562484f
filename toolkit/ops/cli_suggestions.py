"""`liaison suggestions import|stats|export`: 代表建议 from the county's sheet, their figures, the sheet back."""
from __future__ import annotations

import json

from .cli_common import database, day_arg, run_import, write_file

LABELS = {"new": "新增", "updated": "更新", "error": "有错误"}


def cmd_import(args) -> int:
    from ..suggestions.importer import apply_suggestion_import, plan_suggestion_import

    args.skip_invalid = False          # all or nothing: a county's year is imported whole or not at all
    return run_import(args, plan_suggestion_import, apply_suggestion_import, LABELS)


def cmd_stats(args) -> int:
    from ..suggestions.figures import CONTRACT_FIELDS, FIELDS, suggestion_figures

    with database(args).reader() as s:
        rows = suggestion_figures(s, args.by, day_arg(args.as_of))
    if args.format == "json":
        shown = [{k: v for k, v in row.items() if k not in FIELDS or k in CONTRACT_FIELDS} for row in rows]
        print(json.dumps({"结果": shown}, ensure_ascii=False, indent=1))
        return 0
    head = [k for k in rows[0] if k not in FIELDS] if rows else []
    print("\t".join(head + FIELDS))
    for row in rows:
        print("\t".join("" if row[k] is None else str(row[k]) for k in head + FIELDS))
    return 0


def cmd_export(args) -> int:
    from ..suggestions.export import export_suggestions

    with database(args).reader() as s:
        return write_file(args.file, export_suggestions(s))


def add_parsers(sub, common) -> None:
    """Register `suggestions import|stats|export`."""
    p = sub.add_parser("suggestions", parents=[common], help="代表建议")
    verbs = p.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", parents=[common], help="导入代表建议表（.xlsx/.csv；全部或全不）")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="只预检，不写入")
    imp.set_defaults(fn=cmd_import)
    stats = verbs.add_parser("stats", parents=[common], help="按主办单位、类别、领衔代表、届次会次或全部统计答复、采纳、满意与群众确认落实情况")
    stats.add_argument("--by", default="all", choices=["unit", "category", "deputy", "session", "all"])
    stats.add_argument("--as-of", dest="as_of", help="统计截至哪一天（YYYY-MM-DD，默认今天）")
    stats.add_argument("--format", default="table", choices=["table", "json"])
    stats.set_defaults(fn=cmd_stats)
    exp = verbs.add_parser("export", parents=[common], help="导出代表建议表（.xlsx，与导入的列相同）")
    exp.add_argument("file")
    exp.set_defaults(fn=cmd_export)
