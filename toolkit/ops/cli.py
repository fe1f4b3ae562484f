"""The `liaison` command: the parser gathered from one `cli_<area>.py` per area, and the entry point.

Each area's file registers its commands with `add_parsers(sub, common)` and imports what a command
needs inside the command, so `liaison --help` loads argparse and the parsers, not pandas."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from ..core.errors import ImportRejected, ToolkitError
from .cli_common import ChineseArgumentParser, failure_message


def area_modules() -> list[str]:
    """The `cli_<area>` modules beside this one: the product's own commands (cli_ops) first, then by area."""
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
             if m.name.startswith("cli_") and m.name != "cli_common"]
    return sorted(names, key=lambda n: (n != "cli_ops", n))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help text is the CLI reference)."""
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="数据库地址（优先于环境变量 LIAISON_DB_URL）")
    p = ChineseArgumentParser(prog="liaison", description="联络站工作台命令行", parents=[common])
    sub = p.add_subparsers(dest="command", required=True)
    for name in area_modules():
        importlib.import_module(f"{__package__}.{name}").add_parsers(sub, common)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `liaison` console script."""
    args = build_parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    try:
        return args.fn(args)
    except ImportRejected as e:
        print(e.message, file=sys.stderr)
        return 2
    except ToolkitError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        return 2
    except Exception as e:
        message = failure_message(e)
        if message is None:
            raise
        print(f"错误：{message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
