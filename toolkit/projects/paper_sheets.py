"""Reading a sheet of paper ballots: one row per ballot, one column per candidate, headed by its
name; a numbering column (编号, 序号, 票号) is allowed and ignored."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import ToolkitError
from ..formats.spreadsheets import read_table

IGNORED = {"编号", "序号", "票号"}


def read_ballot_sheet(source: str | Path | bytes, filename: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(candidate names from the header, ballots as dicts); the cells are checked by the count."""
    table = read_table(source, filename)
    if "" in table.header:
        raise ToolkitError("表头有空白列：每一列都应以候选项目名称为题")
    names = [h for h in table.header if h not in IGNORED]
    if len(set(names)) != len(names):
        raise ToolkitError("表头有重复的候选项目名称")
    return names, [{c: row.get(c, "") for c in names} for row in table.rows]
