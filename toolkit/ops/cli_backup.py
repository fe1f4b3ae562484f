"""`liaison backup` and `liaison restore`: one file for the whole database, rotated in a folder, checked
and restored into an empty database."""
from __future__ import annotations

from ..core.errors import ToolkitError


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


def add_parsers(sub, common) -> None:
    """Register `backup` and `restore`."""
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
