"""What every `liaison` command shares: argument errors and failures told in Chinese, exit 2.

Staff run these commands; a traceback (or argparse's English) tells them nothing, and a
database error's text may carry row data. Anything not foreseen here still shows a traceback:
that is a bug to report, not a user's mistake.
"""
from __future__ import annotations

import argparse
import re
import sys

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
