"""`liaison notify` (the outbox: the day's reminders and one sweep, the list, a resend, the SMS export)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .cli_common import database


def cmd_run(args) -> int:
    from ..notify.outbox import sweep
    from ..notify.senders import configured_senders
    from ..triage.learn import learn_if_grown
    from .reminders import remind
    db = database(args)
    made = remind(db, args.today)
    learned = learn_if_grown(db)        # the same timer keeps the suggestions learned from a grown history
    if learned:
        print(f"智能分类已重新学习（{learned}件历史案件）")
    if any(made.values()):
        print("新提醒：" + "，".join(f"{label}{n}条" for label, n in made.items() if n))
    senders = configured_senders()
    counts = sweep(db, senders)
    print(f"已发送{counts['sent']}条，失败待重试{counts['failed']}条，放弃{counts['given_up']}条")
    if "sms" not in senders:
        print("未配置短信网关（LIAISON_SMS_URL）：短信留待 liaison notify sms-export 导出")
    return 0


def cmd_sms_export(args) -> int:
    from ..core.errors import ToolkitError
    from ..formats.spreadsheets import write_csv
    from ..notify.outbox import SMS_COLUMNS, export_sms
    if Path(args.file).exists():      # it may hold yesterday's texts, not yet given to the platform
        raise ToolkitError(f"文件 {args.file} 已存在，请换一个文件名")
    with database(args).unit_of_work() as s:
        rows = export_sms(s)
        if rows:      # written inside the transaction: a file that cannot be written marks nothing exported
            with open(args.file, "xb") as f:
                f.write(write_csv(SMS_COLUMNS, rows))
    print(f"已导出{len(rows)}条待发短信到 {args.file}" if rows else "没有待发短信")
    return 0


def cmd_list(args) -> int:
    from ..notify.outbox import message_rows
    with database(args).reader() as s:
        rows = message_rows(s, failed_only=args.failed, limit=args.limit)
    for row in rows:
        print("\t".join(str(v) for v in row))
    if not rows:
        print("没有消息")
    return 0


def cmd_resend(args) -> int:
    from ..notify.outbox import resend
    with database(args).unit_of_work() as s:
        resend(s, args.id)
    print(f"消息{args.id}将在下一次发送时重试")
    return 0



def add_parsers(sub, common) -> None:
    """Register `notify run|list|resend|sms-export`."""
    notify = sub.add_parser("notify", parents=[common], help="通知：发送待发消息、查看与重发")
    verbs = notify.add_subparsers(dest="verb", required=True)
    run = verbs.add_parser("run", parents=[common], help="生成当天的提醒并发送一次到期的消息（由定时任务每几分钟运行）")
    run.add_argument("--today", type=date.fromisoformat, help="按哪一天生成提醒（YYYY-MM-DD，默认今天）")
    run.set_defaults(fn=cmd_run)
    export = verbs.add_parser("sms-export", parents=[common], help="把待发短信导出为 CSV（手机号码、短信内容），交短信平台群发")
    export.add_argument("file", help="要写入的 CSV 文件（不覆盖已有文件）")
    export.set_defaults(fn=cmd_sms_export)
    lst = verbs.add_parser("list", parents=[common], help="列出最近的消息")
    lst.add_argument("--failed", action="store_true", help="只列出发送失败和已放弃的")
    lst.add_argument("--limit", type=int, default=50)
    lst.set_defaults(fn=cmd_list)
    again = verbs.add_parser("resend", parents=[common], help="重发一条失败或已放弃的消息")
    again.add_argument("id", type=int)
    again.set_defaults(fn=cmd_resend)
