"""What every `liaison` command shares: argument errors and failures told in Chinese, exit 2.

Staff run these commands; a traceback (or argparse's English) tells them nothing, and a
database error's text may carry row data. Anything not foreseen here still shows a traceback:
that is a bug to report, not a user's mistake.
"""
from __future__ import annotations

import argparse
import getpass
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ToolkitError

if TYPE_CHECKING:
    from ..core.db import Database

# argparse's own sentences (Python 3.11-3.13) → Chinese.
_ARGPARSE = [
    (r"the following arguments are required: (.*)", "缺少必填参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (r"argument (\S+): invalid (\w+) value: (.*)", "参数 {0} 的值 {2} 无效（应为 {1}）"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面需要一个值"),
    (r"argument (\S+): not allowed with argument (.*)", "参数 {0} 不能与 {1} 同时使用"),
    (r"ambiguous option: (.*?) could match (.*)", "参数 {0} 有歧义，可能是：{1}"),
]
_TYPES = {"int": "整数", "float": "数字"}
_NAMES = {"command": "子命令（如 roster、cases）", "verb": "操作（如 import、export）"}


def chinese_argparse_message(message: str) -> str:
    """argparse's error sentence in Chinese (unknown sentences keep their text after a Chinese lead)."""
    for pattern, template in _ARGPARSE:
        m = re.fullmatch(pattern, message)
        if m:
            groups = [_TYPES.get(g, g) for g in m.groups()]
            groups = [", ".join(_NAMES.get(x, x) for x in g.split(", ")) for g in groups]
            return template.format(*groups)
    return f"命令行参数有误：{message}"


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are Chinese; exit status 2 as argparse's."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_argparse_message(message)}\n（用 -h 查看用法）\n")


def failure_message(e: BaseException) -> str | None:
    """A Chinese sentence for a failure a user can cause (a path, the database address), else None."""
    from sqlalchemy.exc import ArgumentError

    if isinstance(e, (FileNotFoundError, NotADirectoryError)):
        return f"找不到文件或文件夹：{e.filename}（请检查路径；输出文件所在的文件夹须已存在）"
    if isinstance(e, IsADirectoryError):
        return f"「{e.filename}」是一个文件夹，请给出文件名（如 {e.filename.rstrip('/')}/名册.xlsx）"
    if isinstance(e, PermissionError):
        return f"没有权限读写「{e.filename}」"
    if isinstance(e, ArgumentError):
        return "数据库地址无法识别（--db 或 LIAISON_DB_URL）：应形如 sqlite:///data/liaison.sqlite3 或 postgresql://用户@主机/库名"
    if _is_connect_error(e):
        return "无法连接数据库：请检查数据库地址、数据库服务是否在运行、账号和密码是否正确"
    return None


def _is_connect_error(e: BaseException) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    text = str(getattr(e, "orig", e)).lower()
    return isinstance(e, (OperationalError, InterfaceError)) and any(
        w in text for w in ("connect", "unable to open database", "could not translate host", "password authentication"))


def database(args) -> Database:
    """The database as the person at the terminal: whoever may run this command owns the database
    (its file or credentials), so they act as a city administrator, and the log names them."""
    from ..core.access_rules import CITY
    from ..core.config import current_actor
    from ..core.db import Database
    from ..core.principal import Principal

    return Database(args.db, principal=Principal(login=f"cli:{getpass.getuser()}"[:50],
                                                 name=current_actor(), role=CITY))


def _report(plan, labels: dict) -> None:
    for w in plan.warnings:
        print(f"提示：{w}")
    counts = plan.counts()
    print("，".join(f"{labels[k]}{v}行" for k, v in counts.items() if k in labels))
    for e in plan.errors:
        print(f"  {e}")


def run_import(args, plan_fn, apply_fn, labels, apply_kwargs=None) -> int:
    from ..formats.spreadsheets import read_table  # pandas: loaded only by the commands that read files

    db = database(args)
    table = read_table(args.file)
    # Checked first without the write lock (SQLite has one writer: citizens' submissions would
    # wait on a long check); a refused file or a dry run never takes it.
    with db.reader() as s:
        plan = plan_fn(s, table)
    _report(plan, labels)
    if getattr(plan, "header_errors", None) or (plan.errors and not args.skip_invalid):
        print("有错误，未写入任何数据。" if not args.dry_run else "预检完成（未写入）。")
        return 2
    if args.dry_run:
        print("预检完成，未写入任何数据（去掉 --dry-run 即可导入）。")
        return 0
    with db.unit_of_work() as s:
        plan = plan_fn(s, table)          # again, against the database as it is when written
        apply_fn(s, plan, skip_invalid=args.skip_invalid, **(apply_kwargs or {}))
    skipped = f"，跳过有错误的{len({e.row for e in plan.errors})}行" if plan.errors else ""
    print(f"导入完成{skipped}。")
    return 0


def write_file(path: str, data: bytes) -> int:
    Path(path).write_bytes(data)
    print(f"已写入 {path}")
    return 0


def day_arg(text: str | None) -> date | None:
    """A date typed on the command line (None when absent); a wrong one is a Chinese refusal."""
    from ..core.validation import check_date

    if not text:
        return None
    try:
        return check_date(text)
    except ValueError as e:
        raise ToolkitError(f"日期「{text}」有误：{e}") from None
